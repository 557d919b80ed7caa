package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	vault "github.com/hashicorp/vault/api"
	"github.com/hashicorp/vault/api/auth/approle"
	"github.com/hashicorp/vault/api/auth/kubernetes"
)

type vaultOp func(ctx context.Context, c *vault.Client, s step) (map[string]any, error)

// errNoData is how this runner reports what vault/api returns as a secret without data: a
// deleted or destroyed version, or a LIST of a folder that does not exist (Vault's 404).
var errNoData = errors.New("no data (Vault answered 404)")

func runVault(ctx context.Context, c map[string]any, steps []step) ([]outcome, error) {
	mount, _ := c["mount"].(string)
	tokens := map[string]string{"root": c["rootToken"].(string), "limited": c["limitedToken"].(string)}
	approleCtx := c["approle"].(map[string]any)
	k8sCtx := c["kubernetes"].(map[string]any)
	newClient := func(token string) (*vault.Client, error) {
		cfg := vault.DefaultConfig()
		cfg.Address = c["endpoint"].(string)
		cfg.MaxRetries = 0
		client, err := vault.NewClient(cfg)
		if err != nil {
			return nil, err
		}
		client.ClearToken()
		if token != "" {
			client.SetToken(token)
		}
		return client, nil
	}
	login := func(secret *vault.Secret, err error) (map[string]any, error) {
		if err != nil {
			return nil, err
		}
		tokens["login"] = secret.Auth.ClientToken
		return map[string]any{"policies": secret.Auth.Policies, "lease_duration": secret.Auth.LeaseDuration, "renewable": secret.Auth.Renewable}, nil
	}
	kvSecret := func(secret *vault.KVSecret, err error) (map[string]any, error) {
		if err != nil {
			return nil, err
		}
		if secret.Data == nil {
			return nil, errNoData
		}
		return map[string]any{"data": secret.Data, "version": secret.VersionMetadata.Version}, nil
	}
	none := func(err error) (map[string]any, error) { return map[string]any{}, err }
	ops := map[string]vaultOp{
		"kv.put": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			var opts []vault.KVOption
			if s.CAS != nil {
				opts = append(opts, vault.WithCheckAndSet(*s.CAS))
			}
			secret, err := v.KVv2(mount).Put(ctx, s.Path, s.Data, opts...)
			if err != nil {
				return nil, err
			}
			return map[string]any{"version": secret.VersionMetadata.Version}, nil
		},
		"kv.get": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			if s.Version > 0 {
				return kvSecret(v.KVv2(mount).GetVersion(ctx, s.Path, s.Version))
			}
			return kvSecret(v.KVv2(mount).Get(ctx, s.Path))
		},
		"kv.patch": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			secret, err := v.KVv2(mount).Patch(ctx, s.Path, s.Data)
			if err != nil {
				return nil, err
			}
			return map[string]any{"version": secret.VersionMetadata.Version}, nil
		},
		"kv.metadata": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			m, err := v.KVv2(mount).GetMetadata(ctx, s.Path)
			if err != nil {
				return nil, err
			}
			versions := map[string]any{}
			for n, meta := range m.Versions {
				versions[n] = map[string]any{"deleted": !meta.DeletionTime.IsZero(), "destroyed": meta.Destroyed}
			}
			return map[string]any{"current_version": m.CurrentVersion, "oldest_version": m.OldestVersion, "versions": versions}, nil
		},
		"kv.list": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			secret, err := v.Logical().ListWithContext(ctx, fmt.Sprintf("%s/metadata/%s", mount, s.Path))
			if err != nil {
				return nil, err
			}
			if secret == nil {
				return nil, errNoData
			}
			return map[string]any{"keys": secret.Data["keys"]}, nil
		},
		"kv.delete": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			return none(v.KVv2(mount).Delete(ctx, s.Path))
		},
		"kv.undelete": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			return none(v.KVv2(mount).Undelete(ctx, s.Path, s.Versions))
		},
		"kv.destroy": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			return none(v.KVv2(mount).Destroy(ctx, s.Path, s.Versions))
		},
		"kv.metadata-delete": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			return none(v.KVv2(mount).DeleteMetadata(ctx, s.Path))
		},
		"token.lookup-self": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			secret, err := v.Auth().Token().LookupSelfWithContext(ctx)
			if err != nil {
				return nil, err
			}
			return map[string]any{
				"policies": secret.Data["policies"], "ttl": fmt.Sprint(secret.Data["ttl"]),
				"type": secret.Data["type"], "renewable": secret.Data["renewable"],
			}, nil
		},
		"token.renew-self": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			secret, err := v.Auth().Token().RenewSelfWithContext(ctx, s.Increment)
			if err != nil {
				return nil, err
			}
			return map[string]any{"policies": secret.Auth.Policies, "lease_duration": secret.Auth.LeaseDuration, "renewable": secret.Auth.Renewable}, nil
		},
		"token.revoke-self": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			return none(v.Auth().Token().RevokeSelfWithContext(ctx, ""))
		},
		"approle.login": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			secretID := approleCtx["secretId"].(string)
			if s.WrongSecret {
				secretID = "wrong"
			}
			auth, err := approle.NewAppRoleAuth(approleCtx["roleId"].(string), &approle.SecretID{FromString: secretID})
			if err != nil {
				return nil, err
			}
			return login(v.Auth().Login(ctx, auth))
		},
		"kubernetes.login": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			role := k8sCtx["role"].(string)
			if s.Role != "" {
				role = s.Role
			}
			auth, err := kubernetes.NewKubernetesAuth(role, kubernetes.WithServiceAccountToken(k8sCtx["jwt"].(string)))
			if err != nil {
				return nil, err
			}
			return login(v.Auth().Login(ctx, auth))
		},
		"health": func(ctx context.Context, v *vault.Client, s step) (map[string]any, error) {
			h, err := v.Sys().HealthWithContext(ctx)
			if err != nil {
				return nil, err
			}
			return map[string]any{"initialized": h.Initialized, "sealed": h.Sealed, "standby": h.Standby}, nil
		},
	}
	prefix := c["prefix"].(string)
	var out []outcome
	for _, s := range steps {
		op, ok := ops[s.Op]
		if !ok {
			return nil, fmt.Errorf("step %q: no operation %s in this runner", s.ID, s.Op)
		}
		s.Path = fill(s.Path, prefix, nil)
		client, err := newClient(tokens[s.As])
		if err != nil {
			return nil, err
		}
		result, err := op(ctx, client, s)
		var respErr *vault.ResponseError
		switch {
		case err == nil:
			out = append(out, outcome{ID: s.ID, OK: result})
		case errors.As(err, &respErr):
			out = append(out, outcome{ID: s.ID, Error: map[string]any{"status": respErr.StatusCode, "message": strings.Join(respErr.Errors, "\n")}})
		case errors.Is(err, errNoData), errors.Is(err, vault.ErrSecretNotFound):
			out = append(out, outcome{ID: s.ID, Error: map[string]any{"status": 404, "message": err.Error()}})
		default:
			return nil, fmt.Errorf("step %q: %w", s.ID, err)
		}
	}
	return out, nil
}
