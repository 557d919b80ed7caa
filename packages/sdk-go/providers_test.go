package locksmith_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
)

// kubeletWrite lays out a Kubernetes Secret volume the way the kubelet's atomic writer does:
// the files live in a timestamped directory, `..data` links to it, and each key links through
// `..data`. A second call swaps `..data` atomically (rename over the link).
func kubeletWrite(t *testing.T, dir, stamp string, files map[string]string) {
	t.Helper()
	target := filepath.Join(dir, stamp)
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, value := range files {
		if err := os.WriteFile(filepath.Join(target, name), []byte(value), 0o600); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(dir, name)
		if _, err := os.Lstat(link); os.IsNotExist(err) {
			if err := os.Symlink(filepath.Join("..data", name), link); err != nil {
				t.Fatal(err)
			}
		}
	}
	tmp := filepath.Join(dir, "..data_tmp")
	if err := os.Symlink(stamp, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
}

func TestFilesProviderFollowsKubeletSwapsAndFiresOnChange(t *testing.T) {
	root := t.TempDir()
	kubeletWrite(t, filepath.Join(root, "creds"), "..2026_01_01", map[string]string{"CREDS_PASSWORD": "file-password-1"})
	c := newClient(t, testDescriptor(t, "", secretSpec{name: "creds", object: true}),
		locksmith.Options{Provider: "files", FilesRoot: root})
	h, _ := c.Secret("creds")
	changed := make(chan string, 2)
	h.OnChange(func(v locksmith.Versions) { changed <- v.Current.Value.StringField("password") })
	v, err := h.Get(context.Background())
	if err != nil || v.StringField("password") != "file-password-1" || v.IntField("port") != 5432 {
		t.Fatalf("creds = %v %v", v, err)
	}
	if id := h.Health().VersionID; id != "..2026_01_01" {
		t.Errorf("version id %q, want the ..data target", id)
	}
	kubeletWrite(t, filepath.Join(root, "creds"), "..2026_01_02", map[string]string{"CREDS_PASSWORD": "file-password-2"})
	select {
	case got := <-changed:
		if got != "file-password-2" {
			t.Errorf("change event carries the wrong value")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change event after the kubelet swapped ..data")
	}
}

func TestFilesProviderRefusesPathsOutsideTheRoot(t *testing.T) {
	const stolen = "stolen-password-canary"
	secret := testDescriptor(t, "", secretSpec{name: "creds", object: true}).Secrets["creds"]
	fetch := func(p *providers.Files) providers.Result {
		return p.Fetch(context.Background(), []providers.Request{{Secret: secret, Environment: "test", Stage: providers.Current}})[0]
	}
	// layout builds <base>/root and <base>/outside (holding the file a crafted path would reach).
	layout := func(t *testing.T) (root, outside string) {
		base := t.TempDir()
		root, outside = filepath.Join(base, "root"), filepath.Join(base, "outside")
		for _, dir := range []string{root, outside} {
			must(t, os.MkdirAll(dir, 0o755))
		}
		must(t, os.WriteFile(filepath.Join(outside, "CREDS_PASSWORD"), []byte(stolen), 0o600))
		return root, outside
	}
	cases := map[string]func(t *testing.T) *providers.Files{
		"a secret directory named out of the root (../)": func(t *testing.T) *providers.Files {
			root, _ := layout(t)
			return providers.NewFiles(providers.FilesOptions{Root: root, DirectoryOf: func(string) string { return "../outside" }})
		},
		"a secret directory that is a link out of the root": func(t *testing.T) *providers.Files {
			root, outside := layout(t)
			must(t, os.Symlink(outside, filepath.Join(root, "creds")))
			return providers.NewFiles(providers.FilesOptions{Root: root})
		},
		"a ..data link out of the root": func(t *testing.T) *providers.Files {
			root, outside := layout(t)
			must(t, os.MkdirAll(filepath.Join(root, "creds"), 0o755))
			must(t, os.Symlink(outside, filepath.Join(root, "creds", "..data")))
			return providers.NewFiles(providers.FilesOptions{Root: root})
		},
		"a field file that links out of the root": func(t *testing.T) *providers.Files {
			root, outside := layout(t)
			must(t, os.MkdirAll(filepath.Join(root, "creds"), 0o755))
			must(t, os.Symlink(filepath.Join(outside, "CREDS_PASSWORD"), filepath.Join(root, "creds", "CREDS_PASSWORD")))
			return providers.NewFiles(providers.FilesOptions{Root: root})
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			res := fetch(build(t))
			if res.Err == nil || res.Err.Code != locksmith.UnsafePath || res.Err.Retryable() || res.Err.Secret != "creds" {
				t.Fatalf("got %v, want UNSAFE_PATH (not retryable) for secret creds", res.Err)
			}
			if strings.Contains(rendered(res.Err), stolen) {
				t.Fatalf("the error shows the file's content: %s", rendered(res.Err))
			}
		})
	}
	t.Run("links that stay under the root are followed (kubelet layout, a root reached through a link)", func(t *testing.T) {
		root, _ := layout(t)
		kubeletWrite(t, filepath.Join(root, "creds"), "..2026_01_01", map[string]string{"CREDS_PASSWORD": "inside-password"})
		alias := root + "-alias"
		must(t, os.Symlink(root, alias))
		res := fetch(providers.NewFiles(providers.FilesOptions{Root: alias}))
		if res.Err != nil || res.Version.Value.Fields["password"] != "inside-password" {
			t.Fatalf("got %v, want the value read through the links", res.Err)
		}
	})
}

func TestEnvProviderAssemblesObjectsAndWarnsInProduction(t *testing.T) {
	d := testDescriptor(t, "", secretSpec{name: "creds", object: true}, secretSpec{name: "api-key"})
	d.Environments["test"] = struct {
		Source     string `json:"source"`
		Production bool   `json:"production"`
	}{Source: "env", Production: true}
	logger, logs := newLogger()
	c := newClient(t, d, locksmith.Options{Logger: logger, LookupEnv: fakeEnv(map[string]string{
		"CREDS_PASSWORD": "env-password", "CREDS_PORT": "6543", "API_KEY": "env-api-key",
	})})
	v, err := c.Get(context.Background(), "creds")
	if err != nil || v.StringField("password") != "env-password" || v.IntField("port") != 6543 {
		t.Fatalf("creds = %v %v", v, err)
	}
	if !strings.Contains(logs.String(), "env_provider_in_production") || strings.Contains(logs.String(), "env-password") {
		t.Errorf("production warning missing, or it shows a value: %s", logs.String())
	}
}

func TestFallbackChainReadsEnvWhenTheStoreFails(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "api-key"}), locksmith.Options{
		Fallback: []string{"env"}, LookupEnv: fakeEnv(map[string]string{"API_KEY": "from-env-fallback"}),
	})
	v, err := c.Get(context.Background(), "api-key")
	if err != nil || v.Text() != "from-env-fallback" {
		t.Fatalf("api-key = %v %v", v, err)
	}
	if got := c.Health().Secrets[0].Provider; got != "aws>env" {
		t.Errorf("provider %q, want aws>env", got)
	}
}

func TestVaultAuthSelection(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeVault(t, p+"vk", map[string]any{"value": "vault-value"})
	kube := func(t *testing.T) *locksmith.Descriptor {
		d := testDescriptor(t, p, secretSpec{name: "vk", provider: "vault"})
		d.Providers.Vault.AuthMethod = "kubernetes"
		d.Providers.Vault.AuthMount = "kubernetes"
		return d
	}
	missingJWT := filepath.Join(t.TempDir(), "no-token")

	t.Run("kubernetes without a service-account token uses VAULT_TOKEN", func(t *testing.T) {
		c := newClient(t, kube(t), locksmith.Options{ServiceAccountTokenPath: missingJWT})
		if v, err := c.Get(context.Background(), "vk"); err != nil || v.Text() != "vault-value" {
			t.Fatalf("vk = %v %v", v, err)
		}
	})
	t.Run("a refused token names the methods tried, never the token", func(t *testing.T) {
		const bad = "hvs.canary-bad-token"
		c := newClient(t, kube(t), locksmith.Options{ServiceAccountTokenPath: missingJWT, Retry: locksmith.RetryOptions{Attempts: 1},
			LookupEnv: fakeEnv(map[string]string{"VAULT_TOKEN": bad})})
		_, err := c.Get(context.Background(), "vk")
		if locksmith.CodeOf(err) != locksmith.AuthFailed {
			t.Fatalf("err = %v, want AUTH_FAILED", err)
		}
		if !strings.Contains(err.Error(), "tried: kubernetes (no service-account token file), token") || strings.Contains(rendered(err), bad) {
			t.Errorf("auth error %q", err.Error())
		}
	})
	t.Run("LOCKSMITH_VAULT_AUTH overrides the catalog", func(t *testing.T) {
		jwt := filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(jwt, []byte("not-a-real-jwt"), 0o600); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, kube(t), locksmith.Options{ServiceAccountTokenPath: jwt,
			LookupEnv: fakeEnv(map[string]string{"LOCKSMITH_VAULT_AUTH": "token"})})
		if v, err := c.Get(context.Background(), "vk"); err != nil || v.Text() != "vault-value" {
			t.Fatalf("vk = %v %v", v, err)
		}
	})
	t.Run("LOCKSMITH_VAULT_JWT_PATH names the service-account token file", func(t *testing.T) {
		jwt := filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(jwt, []byte("not-a-real-jwt"), 0o600); err != nil {
			t.Fatal(err)
		}
		// The file exists, so kubernetes is used (and refused), not the VAULT_TOKEN fallback.
		c := newClient(t, kube(t), locksmith.Options{Retry: locksmith.RetryOptions{Attempts: 1},
			LookupEnv: fakeEnv(map[string]string{"LOCKSMITH_VAULT_JWT_PATH": jwt})})
		_, err := c.Get(context.Background(), "vk")
		if locksmith.CodeOf(err) != locksmith.AuthFailed || !strings.Contains(err.Error(), "kubernetes login failed") || strings.Contains(err.Error(), "token file") {
			t.Fatalf("err = %v, want AUTH_FAILED after a kubernetes login", err)
		}
	})
	t.Run("kubernetes with neither a token file nor VAULT_TOKEN says where it looked", func(t *testing.T) {
		c := newClient(t, kube(t), locksmith.Options{ServiceAccountTokenPath: missingJWT, Retry: locksmith.RetryOptions{Attempts: 1},
			LookupEnv: fakeEnv(map[string]string{"VAULT_TOKEN": ""})})
		_, err := c.Get(context.Background(), "vk")
		if locksmith.CodeOf(err) != locksmith.AuthFailed || !strings.Contains(err.Error(), missingJWT) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestConfigurationErrors(t *testing.T) {
	d := testDescriptor(t, "", secretSpec{name: "a"})
	_, err := locksmith.New(context.Background(), d, locksmith.Options{LookupEnv: fakeEnv(nil)})
	if locksmith.CodeOf(err) != locksmith.Configuration || !strings.Contains(err.Error(), "runs in: test") {
		t.Errorf("no environment: %v", err)
	}
	_, err = locksmith.New(context.Background(), d, locksmith.Options{Environment: "test", Provider: "s3", LookupEnv: fakeEnv(nil)})
	if locksmith.CodeOf(err) != locksmith.Configuration {
		t.Errorf("bad provider: %v", err)
	}
	bad := testDescriptor(t, "", secretSpec{name: "b", schema: `{"type":"string","pattern":"(?=x)"}`})
	_, err = locksmith.New(context.Background(), bad, locksmith.Options{Environment: "test", LookupEnv: fakeEnv(nil)})
	if locksmith.CodeOf(err) != locksmith.Configuration || !strings.Contains(err.Error(), "lookahead") {
		t.Errorf("untranslatable pattern: %v", err)
	}
	c := newClient(t, d, locksmith.Options{})
	if _, err := c.Get(context.Background(), "not-read"); locksmith.CodeOf(err) != locksmith.Configuration {
		t.Errorf("unknown secret: %v", err)
	}
}
