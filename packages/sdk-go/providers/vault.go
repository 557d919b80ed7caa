package providers

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	vault "github.com/hashicorp/vault/api"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// VaultStringKey is the key under which a string secret is stored in its KV v2 entry
// (`vault kv put secret/x value=...`).
const VaultStringKey = "value"

// VaultMaxBatchSize bounds the reads one Fetch sends at once (Vault has no batch read).
const VaultMaxBatchSize = 50

// VaultOptions configures the Vault KV v2 provider.
type VaultOptions struct {
	// Address of Vault, e.g. https://vault.example:8200.
	Address string
	// Mount is the KV v2 mount (default "secret").
	Mount string
	// Namespace is sent as X-Vault-Namespace (Vault Enterprise).
	Namespace string
	Auth      VaultAuth
	// RequestTimeout bounds one HTTP request (default 5 s).
	RequestTimeout time.Duration
	Clock          clock.Clock
}

// Vault reads HashiCorp Vault KV v2 through github.com/hashicorp/vault/api. Current:
// GET <mount>/data/<path>. Previous: the newest version below current_version (from
// <mount>/metadata/<path>) that is neither deleted nor destroyed, read with ?version=N. An object
// secret is the entry's key/value map; a string secret is the entry's "value" key. The client's
// own retries are off (MaxRetries 0): the runtime retries.
type Vault struct {
	client    *vault.Client
	transport *http.Transport
	mount     string
	session   *vaultSession
	once      sync.Once
}

// NewVault builds the provider; it makes no request until the first Fetch.
func NewVault(opts VaultOptions) (*Vault, error) {
	cfg := vault.DefaultConfig()
	if cfg.Error != nil {
		return nil, secreterr.New(secreterr.Configuration, "vault: the client configuration could not be read from VAULT_* variables")
	}
	if opts.Address == "" {
		return nil, secreterr.New(secreterr.Configuration, "vault: no address (set VAULT_ADDR)")
	}
	cfg.Address = opts.Address
	cfg.MaxRetries = 0
	timeout := opts.RequestTimeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	cfg.Timeout = timeout
	transport, _ := cfg.HttpClient.Transport.(*http.Transport)
	client, err := vault.NewClient(cfg)
	if err != nil {
		return nil, secreterr.New(secreterr.Configuration, "vault: the client could not be built (check VAULT_ADDR and TLS settings)")
	}
	// NewClient picks VAULT_TOKEN up by itself; the session decides which token is used.
	client.ClearToken()
	if opts.Namespace != "" {
		client.SetNamespace(opts.Namespace)
	}
	mount := opts.Mount
	if mount == "" {
		mount = "secret"
	}
	clk := opts.Clock
	if clk == nil {
		clk = clock.System
	}
	return &Vault{client: client, transport: transport, mount: mount,
		session: newVaultSession(client, opts.Auth, clk)}, nil
}

// Name is "vault".
func (*Vault) Name() string { return "vault" }

// MaxBatchSize is the number of reads sent at once.
func (*Vault) MaxBatchSize() int { return VaultMaxBatchSize }

// String names the provider and auth method only: the client holds a token.
func (p *Vault) String() string { return "providers.Vault{Auth:" + quote(p.session.auth.Method) + "}" }

// GoString names the provider and auth method only.
func (p *Vault) GoString() string { return p.String() }

// Close stops the token's renewal and releases idle connections.
func (p *Vault) Close() error {
	p.once.Do(func() {
		p.session.close()
		if p.transport != nil {
			p.transport.CloseIdleConnections()
		}
	})
	return nil
}

// Fetch reads every request concurrently, one attempt each.
func (p *Vault) Fetch(ctx context.Context, requests []Request) []Result {
	if ctx.Err() != nil {
		return failContext(ctx, requests)
	}
	results := make([]Result, len(requests))
	var wg sync.WaitGroup
	for i, r := range requests {
		wg.Add(1)
		go func(i int, r Request) {
			defer wg.Done()
			results[i] = p.fetchOne(ctx, r)
		}(i, r)
	}
	wg.Wait()
	return results
}

func (p *Vault) fetchOne(ctx context.Context, r Request) Result {
	secret := r.Secret.Name
	var v *Version
	var err error
	switch r.Stage {
	case Current:
		v, err = p.readVersion(ctx, r, 0)
	case Previous:
		var n int
		if n, err = p.previousVersion(ctx, r); err == nil {
			v, err = p.readVersion(ctx, r, n)
		}
	default:
		err = &secreterr.Error{Code: secreterr.InvalidRequest, Provider: "vault", Message: "vault: KV v2 has no " + string(r.Stage) + " stage"}
	}
	if err != nil {
		return Fail(fromVaultError(ctx, err, secret))
	}
	return Ok(v)
}

// authed runs a read with a valid token; a 403 is retried once after a fresh login, since
// Vault answers 403 for an expired or revoked token as well as for a policy denial.
func (p *Vault) authed(ctx context.Context, read func() (*vault.Secret, error)) (*vault.Secret, error) {
	if err := p.session.ensure(ctx); err != nil {
		return nil, err
	}
	secret, err := read()
	if err == nil || vaultStatus(err) != 403 || !p.session.canLogin() {
		return secret, err
	}
	if err := p.session.relogin(ctx); err != nil {
		return nil, err
	}
	return read()
}

func (p *Vault) readVersion(ctx context.Context, r Request, version int) (*Version, error) {
	var query map[string][]string
	if version > 0 {
		query = map[string][]string{"version": {strconv.Itoa(version)}}
	}
	path := p.mount + "/data/" + r.Placement.Path
	body, err := p.authed(ctx, func() (*vault.Secret, error) {
		return p.client.Logical().ReadWithDataWithContext(ctx, path, query)
	})
	if err != nil {
		return nil, err
	}
	notFound := &secreterr.Error{Code: secreterr.NotFound, Provider: "vault", Message: "vault: no such secret or version"}
	if body == nil || body.Data == nil {
		return nil, notFound
	}
	data, dataOK := body.Data["data"].(map[string]any)
	meta, metaOK := body.Data["metadata"].(map[string]any)
	if body.Data["data"] == nil && metaOK {
		// A deleted or destroyed version answers 404 with its metadata only.
		return nil, notFound
	}
	if !dataOK || !metaOK {
		return nil, &secreterr.Error{Code: secreterr.MalformedResponse, Provider: "vault", Message: "vault: KV v2 response lacks data or metadata"}
	}
	n := jsonInt(meta["version"])
	if n <= 0 {
		return nil, &secreterr.Error{Code: secreterr.MalformedResponse, Provider: "vault", Message: "vault: KV v2 response lacks metadata.version"}
	}
	v := &Version{ID: strconv.Itoa(n)}
	if created, ok := meta["created_time"].(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, created); err == nil {
			v.CreatedAt = t
		}
	}
	if r.Secret.Kind == "object" {
		text, err := json.Marshal(data)
		if err != nil {
			return nil, &secreterr.Error{Code: secreterr.MalformedResponse, Provider: "vault", Message: "vault: KV v2 data could not be re-encoded"}
		}
		v.Value = RawValue{Kind: Text, Text: string(text)}
		return v, nil
	}
	text, ok := data[VaultStringKey].(string)
	if !ok {
		return nil, &secreterr.Error{Code: secreterr.ValidationFailed, Provider: "vault", Field: "/" + VaultStringKey, Rule: "required",
			Message: "vault: string secret has no \"" + VaultStringKey + "\" key"}
	}
	v.Value = RawValue{Kind: Text, Text: text}
	return v, nil
}

func (p *Vault) previousVersion(ctx context.Context, r Request) (int, error) {
	path := p.mount + "/metadata/" + r.Placement.Path
	body, err := p.authed(ctx, func() (*vault.Secret, error) { return p.client.Logical().ReadWithContext(ctx, path) })
	if err != nil {
		return 0, err
	}
	if body == nil || body.Data == nil {
		return 0, &secreterr.Error{Code: secreterr.NotFound, Provider: "vault", Message: "vault: no such secret"}
	}
	current := jsonInt(body.Data["current_version"])
	if current <= 0 {
		return 0, &secreterr.Error{Code: secreterr.MalformedResponse, Provider: "vault", Message: "vault: metadata lacks current_version"}
	}
	versions, _ := body.Data["versions"].(map[string]any)
	for n := current - 1; n >= 1; n-- {
		entry, ok := versions[strconv.Itoa(n)].(map[string]any)
		if !ok {
			continue
		}
		destroyed, _ := entry["destroyed"].(bool)
		deletion, _ := entry["deletion_time"].(string)
		if !destroyed && deletion == "" {
			return n, nil
		}
	}
	return 0, &secreterr.Error{Code: secreterr.NotFound, Provider: "vault", Message: "vault: no live previous version"}
}
