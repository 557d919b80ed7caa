package eso

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	esv1 "github.com/external-secrets/external-secrets/apis/externalsecrets/v1"
	awsprovider "github.com/external-secrets/external-secrets/pkg/provider/aws"
	vaultprovider "github.com/external-secrets/external-secrets/pkg/provider/vault"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
)

// expectations is what run.mjs derives from the catalog and seeds into the fakes.
type expectations struct {
	// Values seeded, by provider (`aws`, `vault`) and key (AWS secret name, Vault path under the mount).
	Values map[string]map[string]any `json:"values"`
	// Reads[env][service][provider] lists the keys the catalog lets the service read there.
	Reads map[string]map[string]map[string][]string `json:"reads"`
	// Identities[env][service] is the namespace and ServiceAccount the catalog gives the service there.
	Identities map[string]map[string]identity `json:"identities"`
	// VaultAddr replaces a Vault store's `server` (the only field rewritten: it names a deployment).
	VaultAddr string `json:"vaultAddr"`
}

var (
	expect   expectations
	envs     []*Environment
	kubeAPI  *FakeKubeAPI
	scheme   = runtime.NewScheme()
	setupErr error
)

func TestMain(m *testing.M) {
	code := func() int {
		raw, err := os.ReadFile(os.Getenv("LOCKSMITH_ESO_EXPECTATIONS"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "LOCKSMITH_ESO_EXPECTATIONS: run this through conformance/eso/run.mjs (pnpm test:eso):", err)
			return 2
		}
		if err := json.Unmarshal(raw, &expect); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		dir, err := os.MkdirTemp("", "locksmith-eso-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer os.RemoveAll(dir)
		var kubeconfig string
		kubeAPI, kubeconfig, err = StartFakeKubeAPI(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer kubeAPI.Close()
		os.Setenv("KUBECONFIG", kubeconfig)
		if err := clientgoscheme.AddToScheme(scheme); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		if err := esv1.AddToScheme(scheme); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		envs, setupErr = LoadEnvironments(os.Getenv("LOCKSMITH_ESO_MANIFESTS"))
		return m.Run()
	}()
	os.Exit(code)
}

func kubeFor(env *Environment) client.Client {
	return fake.NewClientBuilder().WithScheme(scheme).WithObjects(env.Objects...).Build()
}

// providerOf says which store a generic store reaches, and points a Vault store at the fake.
func providerOf(store esv1.GenericStore) (string, esv1.GenericStore) {
	spec := store.GetSpec()
	if spec.Provider.Vault == nil {
		return "aws", store
	}
	copied := store.Copy()
	copied.GetSpec().Provider.Vault.Server = expect.VaultAddr
	return "vault", copied
}

// newSecretsClient builds ESO's provider client exactly as the reconciler does: Provider.NewClient
// with the store, a Kubernetes client and the ExternalSecret's namespace.
func newSecretsClient(ctx context.Context, store esv1.GenericStore, kube client.Client, namespace string) (esv1.SecretsClient, error) {
	if store.GetSpec().Provider.Vault != nil {
		p := &vaultprovider.Provider{NewVaultClient: vaultprovider.NewVaultClient}
		return p.NewClient(ctx, store, kube, namespace)
	}
	return (&awsprovider.Provider{}).NewClient(ctx, store, kube, namespace)
}

// want is what ESO must return for a remote ref: the property's value as text, or the whole secret.
func want(provider string, ref esv1.ExternalSecretDataRemoteRef) (string, error) {
	value, ok := expect.Values[provider][ref.Key]
	if !ok {
		return "", fmt.Errorf("%s key %q was not seeded: the ExternalSecret names a secret the catalog does not place", provider, ref.Key)
	}
	if ref.Property == "" {
		if s, ok := value.(string); ok {
			return s, nil
		}
		raw, err := json.Marshal(value)
		return string(raw), err
	}
	fields, ok := value.(map[string]any)
	if !ok {
		return "", fmt.Errorf("%s key %q holds a string but the ExternalSecret asks for property %q", provider, ref.Key, ref.Property)
	}
	switch v := fields[ref.Property].(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	default:
		return "", fmt.Errorf("%s key %q has no property %q", provider, ref.Key, ref.Property)
	}
}

func TestEveryExternalSecretIsFetchedThroughESOProviders(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	ctx := context.Background()
	fetched := 0
	for _, env := range envs {
		kube := kubeFor(env)
		if len(env.ExternalSecrets) == 0 {
			t.Errorf("%s: no ExternalSecret documents", env.Name)
		}
		for _, es := range env.ExternalSecrets {
			t.Run(env.Name+"/"+es.Name, func(t *testing.T) {
				found, err := env.Store(es)
				if err != nil {
					t.Fatal(err)
				}
				provider, store := providerOf(found)
				sc, err := newSecretsClient(ctx, store, kube, es.Namespace)
				if err != nil {
					t.Fatalf("ESO could not build its %s provider from %s %q: %v", provider, store.GetKind(), store.GetName(), err)
				}
				defer sc.Close(ctx)
				if len(es.Spec.Data) == 0 && len(es.Spec.DataFrom) == 0 {
					t.Fatal("the ExternalSecret has neither data nor dataFrom")
				}
				for _, entry := range es.Spec.Data {
					expected, err := want(provider, entry.RemoteRef)
					if err != nil {
						t.Fatal(err)
					}
					got, err := sc.GetSecret(ctx, entry.RemoteRef)
					if err != nil {
						t.Fatalf("%s: ESO's %s provider failed: %v", entry.SecretKey, provider, err)
					}
					if string(got) != expected {
						t.Errorf("%s: ESO returned a different value than was seeded at %s %q (property %q)", entry.SecretKey, provider, entry.RemoteRef.Key, entry.RemoteRef.Property)
					}
					fetched++
				}
				for _, from := range es.Spec.DataFrom {
					if from.Extract == nil {
						t.Fatalf("dataFrom without extract is not covered by this test")
					}
					got, err := sc.GetSecretMap(ctx, *from.Extract)
					if err != nil {
						t.Fatalf("dataFrom %q: %v", from.Extract.Key, err)
					}
					fields, ok := expect.Values[provider][from.Extract.Key].(map[string]any)
					if !ok || len(got) != len(fields) {
						t.Fatalf("dataFrom %q: %d keys from ESO, %d seeded", from.Extract.Key, len(got), len(fields))
					}
					for key := range fields {
						w, _ := want(provider, esv1.ExternalSecretDataRemoteRef{Key: from.Extract.Key, Property: key})
						if string(got[key]) != w {
							t.Errorf("dataFrom %q: key %q differs from the seeded value", from.Extract.Key, key)
						}
					}
					fetched += len(got)
				}
			})
		}
	}
	t.Logf("fetched %d values through ESO's providers; service-account tokens minted for %v", fetched, unique(kubeAPI.Issued()))
	if fetched == 0 {
		t.Fatal("no value was fetched")
	}
}

func TestStoresCannotReadWhatTheCatalogDoesNotGrant(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	ctx := context.Background()
	for _, env := range envs {
		kube := kubeFor(env)
		// Who uses each store, from the ExternalSecrets' service annotation.
		type use struct {
			store     esv1.GenericStore
			namespace string
			services  map[string]bool
		}
		uses := map[string]*use{}
		for _, es := range env.ExternalSecrets {
			store, err := env.Store(es)
			if err != nil {
				t.Fatal(err)
			}
			key := store.GetKind() + "/" + store.GetNamespace() + "/" + store.GetName()
			if uses[key] == nil {
				uses[key] = &use{store: store, namespace: es.Namespace, services: map[string]bool{}}
			}
			service := es.Annotations["locksmith.dev/service"]
			if service == "" {
				t.Fatalf("ExternalSecret %s has no locksmith.dev/service annotation: who may read what cannot be told", es.Name)
			}
			uses[key].services[service] = true
		}
		for key, u := range uses {
			provider, store := providerOf(u.store)
			granted := map[string]bool{}
			for service := range u.services {
				for _, k := range expect.Reads[env.Name][service][provider] {
					granted[k] = true
				}
			}
			var denied []string
			for k := range expect.Values[provider] {
				if !granted[k] {
					denied = append(denied, k)
				}
			}
			sort.Strings(denied)
			t.Run(env.Name+"/"+key, func(t *testing.T) {
				if len(denied) == 0 {
					t.Fatalf("no seeded %s secret is outside this store's grant, so denial cannot be shown", provider)
				}
				sc, err := newSecretsClient(ctx, store, kube, u.namespace)
				if err != nil {
					t.Fatal(err)
				}
				defer sc.Close(ctx)
				for _, k := range denied {
					got, err := sc.GetSecret(ctx, esv1.ExternalSecretDataRemoteRef{Key: k})
					if err == nil {
						t.Errorf("%s %q: the store read a secret the catalog does not grant to %v (%d bytes)", provider, k, keys(u.services), len(got))
						continue
					}
					marker := map[string]string{"aws": "AccessDenied", "vault": "permission denied"}[provider]
					if !strings.Contains(err.Error(), marker) {
						t.Errorf("%s %q: expected ESO to surface a policy denial (%q), got: %v", provider, k, marker, err)
					}
					for _, v := range flatValues() {
						if strings.Contains(err.Error(), v) {
							t.Errorf("%s %q: the error carries a seeded value", provider, k)
						}
					}
				}
				t.Logf("%d %s secrets refused to %v", len(denied), provider, keys(u.services))
			})
		}
	}
}

func flatValues() []string {
	var out []string
	for _, byKey := range expect.Values {
		for _, v := range byKey {
			switch x := v.(type) {
			case string:
				out = append(out, x)
			case map[string]any:
				for _, f := range x {
					if s, ok := f.(string); ok && len(s) >= 8 {
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
