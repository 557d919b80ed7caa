package providers

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"time"

	vault "github.com/hashicorp/vault/api"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// DefaultServiceAccountTokenPath is where Kubernetes projects the pod's service-account JWT.
const DefaultServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

// VaultAuth says how the Vault provider gets a token. Its printed forms never show the token,
// the AppRole secret id or the JWT.
type VaultAuth struct {
	// Method is "token", "approle" or "kubernetes".
	Method string
	Token  string
	// RoleID and SecretID are AppRole's credentials.
	RoleID   string
	SecretID string
	// Role is the Kubernetes auth role.
	Role string
	// JWTPath is the service-account token file (default DefaultServiceAccountTokenPath).
	JWTPath string
	// Mount is the auth method's mount (default: the method's name).
	Mount string
	// Tried lists the methods considered before this one, for the error when login fails
	// (e.g. "kubernetes (no service-account token file)").
	Tried []string
}

// String names the method only.
func (a VaultAuth) String() string { return "providers.VaultAuth{Method:" + quote(a.Method) + "}" }

// GoString names the method only.
func (a VaultAuth) GoString() string { return a.String() }

// renewAt is the share of a token's TTL after which it is renewed: a third is left for slow or
// failed renewals.
const renewAt = 2.0 / 3.0

// renewalTimeout bounds one renewal (or the login that replaces it) run by the renewal timer.
const renewalTimeout = 30 * time.Second

// vaultSession keeps the client's token valid: it logs in lazily and renews the token
// (renew-self) once two thirds of its TTL have passed — on a timer, so a token outlives a
// service that reads rarely, and checked again before each request — and logs in again when
// renewal fails or a request is refused with 403.
type vaultSession struct {
	client *vault.Client
	auth   VaultAuth
	clock  clock.Clock
	// background bounds the timer's renewals; close cancels it.
	background context.Context
	cancel     context.CancelFunc

	mu       sync.Mutex
	loggedIn bool
	renewAt  time.Time // zero: never renew
	timer    clock.Timer
	closed   bool
}

func newVaultSession(client *vault.Client, auth VaultAuth, clk clock.Clock) *vaultSession {
	background, cancel := context.WithCancel(context.Background())
	return &vaultSession{client: client, auth: auth, clock: clk, background: background, cancel: cancel}
}

// close stops the renewal timer and ends a renewal in flight.
func (s *vaultSession) close() {
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

func (s *vaultSession) canLogin() bool { return s.auth.Method != "token" }

// ensure makes sure a usable token is set; concurrent callers wait for one login.
func (s *vaultSession) ensure(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loggedIn && (s.renewAt.IsZero() || s.clock.Now().Before(s.renewAt)) {
		return nil
	}
	if s.loggedIn {
		return s.renew(ctx)
	}
	return s.login(ctx)
}

// relogin forces a fresh login (after a 403).
func (s *vaultSession) relogin(ctx context.Context) error {
	s.mu.Lock()
	s.loggedIn = false
	s.mu.Unlock()
	return s.ensure(ctx)
}

func (s *vaultSession) tried() string {
	return strings.Join(append(append([]string{}, s.auth.Tried...), s.auth.Method), ", ")
}

func (s *vaultSession) login(ctx context.Context) error {
	a := s.auth
	var err error
	switch a.Method {
	case "token":
		err = s.loginToken(ctx)
	case "approle":
		err = s.loginWrite(ctx, "approle", map[string]any{"role_id": a.RoleID, "secret_id": a.SecretID})
	case "kubernetes":
		jwtPath := a.JWTPath
		if jwtPath == "" {
			jwtPath = DefaultServiceAccountTokenPath
		}
		// Read afresh at each login: the kubelet rotates the projected token.
		jwt, readErr := os.ReadFile(jwtPath)
		if readErr != nil {
			return &secreterr.Error{Code: secreterr.AuthFailed, Provider: "vault",
				Message: "vault: kubernetes login failed: cannot read the service-account token at " + jwtPath + "; tried: " + s.tried()}
		}
		err = s.loginWrite(ctx, "kubernetes", map[string]any{"role": a.Role, "jwt": strings.TrimSpace(string(jwt))})
	default:
		return secreterr.Newf(secreterr.Configuration, "vault: unknown auth method %q (want token, approle or kubernetes)", a.Method)
	}
	if err == nil {
		s.loggedIn = true
		return nil
	}
	mapped := fromVaultError(ctx, err, "")
	code := secreterr.AuthFailed
	if mapped.Retryable() || mapped.Code == secreterr.Aborted {
		code = mapped.Code
	}
	return &secreterr.Error{Code: code, Provider: "vault", Cause: mapped,
		Message: "vault: " + a.Method + " login failed: " + string(mapped.Code) + "; tried: " + s.tried()}
}

func (s *vaultSession) loginToken(ctx context.Context) error {
	if s.auth.Token == "" {
		return secreterr.New(secreterr.AuthFailed, "vault: no token (set VAULT_TOKEN)")
	}
	s.client.SetToken(s.auth.Token)
	self, err := s.client.Auth().Token().LookupSelfWithContext(ctx)
	if err != nil {
		return err
	}
	ttl, renewable := 0, false
	if self != nil {
		ttl = jsonInt(self.Data["ttl"])
		renewable, _ = self.Data["renewable"].(bool)
	}
	s.schedule(ttl, renewable)
	return nil
}

func (s *vaultSession) loginWrite(ctx context.Context, method string, body map[string]any) error {
	mount := s.auth.Mount
	if mount == "" {
		mount = method
	}
	// Logging in must not send a stale token along.
	s.client.ClearToken()
	secret, err := s.client.Logical().WriteWithContext(ctx, "auth/"+mount+"/login", body)
	if err != nil {
		return err
	}
	return s.adopt(secret)
}

func (s *vaultSession) adopt(secret *vault.Secret) error {
	if secret == nil || secret.Auth == nil || secret.Auth.ClientToken == "" {
		return &secreterr.Error{Code: secreterr.MalformedResponse, Provider: "vault", Message: "vault: login response has no client_token"}
	}
	s.client.SetToken(secret.Auth.ClientToken)
	s.schedule(secret.Auth.LeaseDuration, secret.Auth.Renewable)
	return nil
}

// schedule sets the renewal point. A TTL of 0 never expires (root, dev tokens). A token that
// cannot be renewed but can be replaced by a login is "renewed" on time all the same: the
// renewal fails and a fresh login replaces it.
func (s *vaultSession) schedule(ttlSeconds int, renewable bool) {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if ttlSeconds <= 0 || !(renewable || s.canLogin()) {
		s.renewAt = time.Time{}
		return
	}
	due := time.Duration(float64(ttlSeconds) * renewAt * float64(time.Second))
	s.renewAt = s.clock.Now().Add(due)
	if !s.closed {
		s.timer = s.clock.AfterFunc(due, s.renewOnTime)
	}
}

// renewOnTime is the renewal timer: it renews (or logs in again) unless a request did it first.
// A failure is left for the next request, whose ensure tries again and reports it.
func (s *vaultSession) renewOnTime() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || !s.loggedIn || s.renewAt.IsZero() || s.clock.Now().Before(s.renewAt) {
		return
	}
	ctx, cancel := context.WithTimeout(s.background, renewalTimeout)
	defer cancel()
	_ = s.renew(ctx)
}

func (s *vaultSession) renew(ctx context.Context) error {
	secret, err := s.client.Auth().Token().RenewSelfWithContext(ctx, 0)
	if err == nil && secret != nil && secret.Auth != nil {
		s.schedule(secret.Auth.LeaseDuration, secret.Auth.Renewable)
		return nil
	}
	if ctx.Err() != nil {
		return withProvider(ContextError(ctx, ""), "vault")
	}
	// A token past its max TTL cannot be renewed: log in again instead.
	s.loggedIn = false
	if !s.canLogin() {
		return &secreterr.Error{Code: secreterr.AuthFailed, Provider: "vault", Message: "vault: token renewal failed; tried: " + s.tried()}
	}
	return s.login(ctx)
}

func jsonInt(v any) int {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}
