package locksmith

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

var kinds = []string{"store", "aws", "vault", "env", "files"}

// selection is the provider chosen for each secret, and the built-in providers the client
// owns (and closes).
type selection struct {
	bySecret map[string]providers.Provider
	owned    []providers.Provider
}

// pickEnvironment returns the environment to run in, or CONFIGURATION listing the valid names.
func pickEnvironment(d *descriptor.Service, wanted string) (string, error) {
	if _, ok := d.Environments[wanted]; ok && wanted != "" {
		return wanted, nil
	}
	why := "unknown environment " + strconv.Quote(wanted)
	if wanted == "" {
		why = "no environment given (set LOCKSMITH_ENV or Options.Environment)"
	}
	return "", secreterr.Newf(secreterr.Configuration, "%s; service %q runs in: %s", why, d.Service, strings.Join(d.EnvironmentNames(), ", "))
}

// selectProviders chooses a provider per secret: Options.ProviderInstance, else Options.Provider,
// else LOCKSMITH_PROVIDER, else the environment's source; "store" means the placement's store.
// Options.Providers replaces built-ins by kind; a fallback chain exists only when asked for.
func selectProviders(ctx context.Context, d *descriptor.Service, environment string, o Options) (sel selection, err error) {
	forced := o.Provider
	if forced == "" {
		forced = o.env("LOCKSMITH_PROVIDER")
	}
	if forced != "" && !slices.Contains(kinds, forced) {
		return sel, secreterr.Newf(secreterr.Configuration, "LOCKSMITH_PROVIDER must be one of %s", strings.Join(kinds, ", "))
	}
	for _, f := range o.Fallback {
		if f == "store" || !slices.Contains(kinds, f) {
			return sel, secreterr.Newf(secreterr.Configuration, "fallback store %q must be one of aws, vault, env, files", f)
		}
	}
	sel.bySecret = map[string]providers.Provider{}
	instances := map[string]providers.Provider{}
	defer func() {
		if err != nil {
			for _, p := range sel.owned {
				_ = p.Close()
			}
			sel.owned = nil
		}
	}()
	instance := func(kind string) (providers.Provider, error) {
		if p, ok := instances[kind]; ok {
			return p, nil
		}
		p, ok := o.Providers[kind]
		if !ok {
			built, err := builtIn(ctx, kind, d, environment, o)
			if err != nil {
				return nil, err
			}
			p = built
			sel.owned = append(sel.owned, p)
		}
		instances[kind] = p
		return p, nil
	}
	chains := map[string]providers.Provider{}
	env := d.Environments[environment]
	var fromEnv []string
	for _, name := range d.SecretNames() {
		secret := d.Secrets[name]
		var p providers.Provider
		if o.ProviderInstance != nil {
			p = o.ProviderInstance
		} else {
			kind := forced
			if kind == "" {
				kind = env.Source
			}
			if kind == "" || kind == "store" {
				placement, ok := secret.Placements[environment]
				if !ok {
					return sel, &secreterr.Error{Code: secreterr.Configuration, Secret: name,
						Message: "secret " + strconv.Quote(name) + " has no placement in environment " + strconv.Quote(environment)}
				}
				kind = placement.Provider
			}
			if p, err = instance(kind); err != nil {
				return sel, err
			}
		}
		if len(o.Fallback) > 0 {
			chain := []providers.Provider{p}
			for _, kind := range o.Fallback {
				f, err := instance(kind)
				if err != nil {
					return sel, err
				}
				if f != p {
					chain = append(chain, f)
				}
			}
			names := make([]string, len(chain))
			for i, c := range chain {
				names[i] = c.Name()
			}
			key := strings.Join(names, ">")
			if _, ok := chains[key]; !ok {
				chains[key] = providers.NewFallback(chain...)
			}
			p = chains[key]
		}
		if slices.Contains(strings.Split(p.Name(), ">"), "env") {
			fromEnv = append(fromEnv, name)
		}
		sel.bySecret[name] = p
	}
	if env.Production && len(fromEnv) > 0 && o.Logger != nil {
		o.Logger.LogAttrs(ctx, slog.LevelWarn, "locksmith: secrets are read from environment variables in a production environment",
			slog.String("event", "env_provider_in_production"), slog.String("environment", environment), slog.Any("secrets", fromEnv))
	}
	return sel, nil
}

func builtIn(ctx context.Context, kind string, d *descriptor.Service, environment string, o Options) (providers.Provider, error) {
	switch kind {
	case "aws":
		region := ""
		if d.Providers.AWS != nil {
			region = d.Providers.AWS.Region
		}
		p, err := providers.NewAWS(ctx, providers.AWSOptions{Region: region, Endpoint: o.AWSEndpoint})
		if err != nil {
			return nil, err
		}
		return p, nil
	case "vault":
		v := d.Providers.Vault
		address := o.VaultAddress
		if address == "" {
			address = o.env("VAULT_ADDR")
		}
		if v == nil || address == "" {
			return nil, secreterr.New(secreterr.Configuration, "the vault provider needs the catalog's vault block and VAULT_ADDR")
		}
		auth, err := vaultAuth(v, environment, o)
		if err != nil {
			return nil, err
		}
		namespace := v.Namespace
		if ns := o.env("VAULT_NAMESPACE"); ns != "" {
			namespace = ns
		}
		p, err := providers.NewVault(providers.VaultOptions{Address: address, Mount: v.Mount, Namespace: namespace, Auth: auth, Clock: o.Clock})
		if err != nil {
			return nil, err
		}
		return p, nil
	case "env":
		return providers.NewEnv(providers.EnvOptions{Lookup: o.LookupEnv}), nil
	case "files":
		root := o.FilesRoot
		if root == "" {
			root = o.env("LOCKSMITH_FILES_ROOT")
		}
		return providers.NewFiles(providers.FilesOptions{Root: root}), nil
	}
	return nil, secreterr.Newf(secreterr.Configuration, "unknown store kind %q", kind)
}

// vaultAuth picks the auth method: LOCKSMITH_VAULT_AUTH overrides; otherwise the descriptor's,
// except that kubernetes with no service-account token file and VAULT_TOKEN set uses the token
// (local development against locksmith-fake). Errors name the methods, never a credential.
func vaultAuth(v *descriptor.Vault, environment string, o Options) (providers.VaultAuth, error) {
	method := v.AuthMethod
	override := o.env("LOCKSMITH_VAULT_AUTH")
	if override != "" {
		if !slices.Contains([]string{"token", "approle", "kubernetes"}, override) {
			return providers.VaultAuth{}, secreterr.New(secreterr.Configuration, "LOCKSMITH_VAULT_AUTH must be token, approle or kubernetes")
		}
		method = override
	}
	jwtPath := o.ServiceAccountTokenPath
	if jwtPath == "" {
		jwtPath = o.env("LOCKSMITH_VAULT_JWT_PATH")
	}
	if jwtPath == "" {
		jwtPath = providers.DefaultServiceAccountTokenPath
	}
	mount := v.AuthMount
	var tried []string
	if method == "kubernetes" && override == "" {
		if _, err := os.Stat(jwtPath); err != nil && o.env("VAULT_TOKEN") != "" {
			tried = append(tried, "kubernetes (no service-account token file)")
			method = "token"
		}
	}
	if method != v.AuthMethod {
		// The catalog's auth mount belongs to its own method; another one uses its default mount.
		mount = ""
	}
	missing := func(what string) error {
		return secreterr.Newf(secreterr.Configuration, "vault %s auth needs %s", method, what)
	}
	switch method {
	case "kubernetes":
		role := v.Roles[environment]
		if role == "" {
			return providers.VaultAuth{}, missing("a role for environment " + strconv.Quote(environment))
		}
		return providers.VaultAuth{Method: method, Role: role, JWTPath: jwtPath, Mount: mount}, nil
	case "approle":
		roleID, secretID := o.env("VAULT_ROLE_ID"), o.env("VAULT_SECRET_ID")
		if roleID == "" || secretID == "" {
			return providers.VaultAuth{}, missing("VAULT_ROLE_ID and VAULT_SECRET_ID")
		}
		return providers.VaultAuth{Method: method, RoleID: roleID, SecretID: secretID, Mount: mount}, nil
	default:
		token := o.env("VAULT_TOKEN")
		if token == "" {
			return providers.VaultAuth{}, missing("VAULT_TOKEN")
		}
		return providers.VaultAuth{Method: "token", Token: token, Tried: tried}, nil
	}
}
