package locksmith_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vault "github.com/hashicorp/vault/api"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"
)

// The lab's secrets: the role's policy reads app/allowed and nothing else.
const (
	labValue  = "allowed-value-4f1c8a"
	labCanary = "denied-canary-9b7e2d"
	// Every role the lab writes issues tokens with these TTLs.
	tokenTTL    = time.Minute
	tokenMaxTTL = time.Hour
	roleTTL     = "60s"
	roleMaxTTL  = "1h"
)

// vaultLab is a locksmith-fake of its own on a fake clock, configured the way an operator
// configures Vault: through Vault's HTTP API (vault/api with the root token). The client under
// test runs on a clock the lab moves together with the fake's, so token TTLs pass without sleeping.
type vaultLab struct {
	fake  *fakes.Fake
	root  *vault.Client
	clock *clock.Fake
}

func newVaultLab(t *testing.T) *vaultLab {
	t.Helper()
	f, err := fakes.StartWith("--fake-clock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Stop)
	root, err := fakes.VaultClient(f.Vault.Endpoint, f.Vault.Token)
	if err != nil {
		t.Fatal(err)
	}
	now, err := f.Now()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	must(t, root.Sys().PutPolicyWithContext(ctx, "svc-read", `
path "secret/data/app/allowed" { capabilities = ["read"] }
path "secret/metadata/app/allowed" { capabilities = ["read"] }`))
	must(t, fakes.WriteVault(ctx, root, "secret", "app/allowed", map[string]any{"value": labValue}))
	must(t, fakes.WriteVault(ctx, root, "secret", "app/denied", map[string]any{"value": labCanary}))
	return &vaultLab{fake: f, root: root, clock: clock.NewFake(now)}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// write is a Vault write with the root token, as `vault write path k=v` does it.
func (l *vaultLab) write(t *testing.T, path string, data map[string]any) *vault.Secret {
	t.Helper()
	s, err := l.root.Logical().WriteWithContext(context.Background(), path, data)
	must(t, err)
	return s
}

// enableAppRole enables AppRole at mount, writes role "svc" and returns its role_id and a new secret_id.
func (l *vaultLab) enableAppRole(t *testing.T, mount string) (roleID, secretID string) {
	t.Helper()
	ctx := context.Background()
	must(t, l.root.Sys().EnableAuthWithOptionsWithContext(ctx, mount, &vault.EnableAuthOptions{Type: "approle"}))
	l.write(t, "auth/"+mount+"/role/svc", map[string]any{"token_policies": "svc-read", "token_ttl": roleTTL, "token_max_ttl": roleMaxTTL})
	read, err := l.root.Logical().ReadWithContext(ctx, "auth/"+mount+"/role/svc/role-id")
	must(t, err)
	roleID, _ = read.Data["role_id"].(string)
	secretID, _ = l.write(t, "auth/"+mount+"/role/svc/secret-id", nil).Data["secret_id"].(string)
	if roleID == "" || secretID == "" {
		t.Fatal("the fake issued no role_id or secret_id")
	}
	return roleID, secretID
}

// enableKubernetes enables Kubernetes auth at mount with role "svc" bound to service account
// shop/svc.
func (l *vaultLab) enableKubernetes(t *testing.T, mount string) {
	t.Helper()
	must(t, l.root.Sys().EnableAuthWithOptionsWithContext(context.Background(), mount, &vault.EnableAuthOptions{Type: "kubernetes"}))
	l.write(t, "auth/"+mount+"/config", map[string]any{"kubernetes_host": "https://kubernetes.default.svc"})
	l.write(t, "auth/"+mount+"/role/svc", map[string]any{
		"bound_service_account_names":      []string{"svc"},
		"bound_service_account_namespaces": []string{"shop"},
		"token_policies":                   []string{"svc-read"},
		"token_ttl":                        roleTTL,
		"token_max_ttl":                    roleMaxTTL,
	})
}

// projectJWT writes a service-account token for shop/<account>, valid for validFor on the lab's
// clock, as the kubelet projects (and rotates) it.
func (l *vaultLab) projectJWT(t *testing.T, path, account string, validFor time.Duration) string {
	t.Helper()
	now := l.clock.Now()
	jwt := fakes.ServiceAccountJWT("shop", account, now, now.Add(validFor))
	must(t, os.WriteFile(path, []byte(jwt+"\n"), 0o600))
	return jwt
}

// client reads app/allowed and app/denied with the given auth method and mount, on the lab's clock.
func (l *vaultLab) client(t *testing.T, method, mount, jwtPath string, vars map[string]string) *locksmith.Client {
	t.Helper()
	d := testDescriptor(t, "app/", secretSpec{name: "allowed", provider: "vault"}, secretSpec{name: "denied", provider: "vault"})
	d.Providers.Vault.AuthMethod = method
	d.Providers.Vault.AuthMount = mount
	d.Providers.Vault.Roles = map[string]string{"test": "svc"}
	env := map[string]string{"VAULT_ADDR": l.fake.Vault.Endpoint}
	for k, v := range vars {
		env[k] = v
	}
	c, err := locksmith.New(context.Background(), d, locksmith.Options{
		Environment: "test", Clock: l.clock, CacheTTL: 24 * time.Hour, ServiceAccountTokenPath: jwtPath,
		Retry:     locksmith.RetryOptions{Attempts: 1},
		LookupEnv: func(name string) (string, bool) { v, ok := env[name]; return v, ok },
	})
	must(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// advance moves the fake Vault's clock and the client's by d, and waits for the client's timers
// that fell due.
func (l *vaultLab) advance(t *testing.T, d time.Duration) {
	t.Helper()
	must(t, l.fake.AdvanceClock(d))
	l.clock.Advance(d).Wait()
}

// log is the fake Vault's request log since the last clear: op -> count, and the 403s.
func (l *vaultLab) log(t *testing.T) (ops map[string]int, refused int) {
	t.Helper()
	entries, err := l.fake.Requests("vault")
	must(t, err)
	ops = map[string]int{}
	for _, e := range entries {
		ops[e.Operation]++
		if e.Status == 403 {
			refused++
		}
	}
	return ops, refused
}

func (l *vaultLab) clearLog(t *testing.T) { t.Helper(); must(t, l.fake.ClearRequests()) }

// readsWithThePolicy reads the allowed secret after one login, and gets ACCESS_DENIED for the
// other one with no credential and no value in any printed form of the error.
func (l *vaultLab) readsWithThePolicy(t *testing.T, c *locksmith.Client, loginOp string, credentials ...string) {
	t.Helper()
	ctx := context.Background()
	v, err := c.Get(ctx, "allowed")
	if err != nil || v.Text() != labValue {
		t.Fatalf("allowed = %v, %v", v, err)
	}
	if ops, _ := l.log(t); ops[loginOp] != 1 {
		t.Fatalf("%s requests = %d, want 1 (%v)", loginOp, ops[loginOp], ops)
	}
	_, err = c.Get(ctx, "denied")
	if locksmith.CodeOf(err) != locksmith.AccessDenied {
		t.Fatalf("a secret outside the policy gave %v, want ACCESS_DENIED", err)
	}
	text := rendered(err) + rendered(c) + rendered(c.Health())
	for _, s := range append(credentials, labCanary) {
		if strings.Contains(text, s) {
			t.Fatalf("a credential or value shows in %q", text)
		}
	}
}

// renewsBeforeTheTTL lets two thirds of the token's TTL pass with no read: the client renews it
// on its own, so well past the first TTL a read needs no new login and meets no 403.
func (l *vaultLab) renewsBeforeTheTTL(t *testing.T, c *locksmith.Client, loginOp string) {
	t.Helper()
	l.clearLog(t)
	l.advance(t, tokenTTL*2/3+time.Second)
	if ops, _ := l.log(t); ops["token.renew-self"] != 1 || ops[loginOp] != 0 {
		t.Fatalf("after 2/3 of the TTL: %v, want one renew-self and no login", ops)
	}
	l.advance(t, tokenTTL*2/3+time.Second) // past the first TTL
	h, _ := c.Secret("allowed")
	if v, err := h.Refresh(context.Background()); err != nil || v.Text() != labValue {
		t.Fatalf("refresh past the first TTL = %v, %v", v, err)
	}
	if ops, refused := l.log(t); ops[loginOp] != 0 || refused != 0 || ops["token.renew-self"] < 2 {
		t.Fatalf("past the first TTL: %v with %d refusals, want renewals only", ops, refused)
	}
}

// logsInAgainPastTheMaxTTL moves past the token's max TTL, where no renewal helps: one fresh
// login replaces it and reads go on.
func (l *vaultLab) logsInAgainPastTheMaxTTL(t *testing.T, c *locksmith.Client, loginOp string) {
	t.Helper()
	l.clearLog(t)
	l.advance(t, tokenMaxTTL+time.Minute)
	h, _ := c.Secret("allowed")
	if v, err := h.Refresh(context.Background()); err != nil || v.Text() != labValue {
		t.Fatalf("refresh past the max TTL = %v, %v", v, err)
	}
	if ops, _ := l.log(t); ops[loginOp] != 1 {
		t.Fatalf("past the max TTL: %v, want exactly one new login", ops)
	}
}

func TestVaultAppRoleLoginEndToEnd(t *testing.T) {
	lab := newVaultLab(t)
	// A mount other than the default proves the catalog's auth mount is the one logged in to.
	roleID, secretID := lab.enableAppRole(t, "approle-e2e")
	c := lab.client(t, "approle", "approle-e2e", "", map[string]string{"VAULT_ROLE_ID": roleID, "VAULT_SECRET_ID": secretID})
	lab.readsWithThePolicy(t, c, "auth.approle-e2e.login", roleID, secretID)
	lab.renewsBeforeTheTTL(t, c, "auth.approle-e2e.login")
	lab.logsInAgainPastTheMaxTTL(t, c, "auth.approle-e2e.login")
	must(t, c.Close())
	if n := lab.clock.Pending(); n != 0 {
		t.Fatalf("%d timers still armed after Close, want the renewal timer stopped too", n)
	}

	t.Run("a wrong secret_id fails with AUTH_FAILED and never shows it", func(t *testing.T) {
		const wrong = "wrong-secret-id-canary"
		c := lab.client(t, "approle", "approle-e2e", "", map[string]string{"VAULT_ROLE_ID": roleID, "VAULT_SECRET_ID": wrong})
		_, err := c.Get(context.Background(), "allowed")
		if locksmith.CodeOf(err) != locksmith.AuthFailed || !strings.Contains(err.Error(), "tried: approle") {
			t.Fatalf("err = %v, want AUTH_FAILED naming approle", err)
		}
		if strings.Contains(rendered(err), wrong) || strings.Contains(rendered(err), roleID) {
			t.Fatalf("the error shows a credential: %s", rendered(err))
		}
	})
}

func TestVaultKubernetesLoginEndToEnd(t *testing.T) {
	lab := newVaultLab(t)
	lab.enableKubernetes(t, "k8s-e2e")
	jwtPath := filepath.Join(t.TempDir(), "token")
	jwt := lab.projectJWT(t, jwtPath, "svc", time.Hour)
	c := lab.client(t, "kubernetes", "k8s-e2e", jwtPath, nil)
	lab.readsWithThePolicy(t, c, "auth.k8s-e2e.login", jwt)
	lab.renewsBeforeTheTTL(t, c, "auth.k8s-e2e.login")
	// The first JWT expires within the hour; the kubelet has projected a new one by then, and the
	// new login must read it afresh.
	next := lab.projectJWT(t, jwtPath, "svc", 2*tokenMaxTTL)
	if next == jwt {
		t.Fatal("the rotated JWT equals the first one")
	}
	lab.logsInAgainPastTheMaxTTL(t, c, "auth.k8s-e2e.login")

	for name, account := range map[string]string{
		"a service account the role does not bind fails with AUTH_FAILED": "intruder",
		"an expired service-account token fails with AUTH_FAILED":         "",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "token")
			var token string
			if account == "" {
				now := lab.clock.Now()
				token = fakes.ServiceAccountJWT("shop", "svc", now.Add(-2*time.Hour), now.Add(-time.Hour))
				must(t, os.WriteFile(path, []byte(token), 0o600))
			} else {
				token = lab.projectJWT(t, path, account, time.Hour)
			}
			c := lab.client(t, "kubernetes", "k8s-e2e", path, nil)
			_, err := c.Get(context.Background(), "allowed")
			if locksmith.CodeOf(err) != locksmith.AuthFailed || !strings.Contains(err.Error(), "tried: kubernetes") {
				t.Fatalf("err = %v, want AUTH_FAILED naming kubernetes", err)
			}
			if strings.Contains(rendered(err), token) {
				t.Fatalf("the error shows the JWT: %s", rendered(err))
			}
		})
	}
}

func TestVaultTokenLoginRenewsARenewableToken(t *testing.T) {
	lab := newVaultLab(t)
	created := lab.write(t, "auth/token/create", map[string]any{"policies": []string{"svc-read"}, "ttl": "60s", "renewable": true})
	token := created.Auth.ClientToken
	c := lab.client(t, "token", "token", "", map[string]string{"VAULT_TOKEN": token})
	lab.readsWithThePolicy(t, c, "token.lookup-self", token)
	lab.renewsBeforeTheTTL(t, c, "token.lookup-self")
}
