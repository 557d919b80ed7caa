package eso

import (
	"context"
	"fmt"
	"strings"
	"testing"

	esv1 "github.com/external-secrets/external-secrets/apis/externalsecrets/v1"
	esmeta "github.com/external-secrets/external-secrets/apis/meta/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
)

// identity is who a service is in one environment (from the catalog, through run.mjs).
type identity struct {
	Namespace      string `json:"namespace"`
	ServiceAccount string `json:"serviceAccount"`
}

// storeUse is one generated store and the ExternalSecrets that read through it.
type storeUse struct {
	store    esv1.GenericStore
	secrets  []*esv1.ExternalSecret
	services map[string]bool
}

// storesInUse groups an environment's ExternalSecrets by the store they name, keyed by
// kind/namespace/name, with the services (from the locksmith.dev/service annotation) using each.
func storesInUse(t *testing.T, env *Environment) map[string]*storeUse {
	t.Helper()
	uses := map[string]*storeUse{}
	for _, es := range env.ExternalSecrets {
		store, err := env.Store(es)
		if err != nil {
			t.Fatal(err)
		}
		service := es.Annotations["locksmith.dev/service"]
		if service == "" {
			t.Fatalf("ExternalSecret %s has no locksmith.dev/service annotation: who may read what cannot be told", es.Name)
		}
		key := store.GetKind() + "/" + store.GetNamespace() + "/" + store.GetName()
		if uses[key] == nil {
			uses[key] = &storeUse{store: store, services: map[string]bool{}}
		}
		uses[key].secrets = append(uses[key].secrets, es)
		uses[key].services[service] = true
	}
	return uses
}

// serviceAccountRef is the ServiceAccount a generated store authenticates as (IRSA for AWS,
// Kubernetes auth for Vault): codegen never writes static credentials into a store.
func serviceAccountRef(store esv1.GenericStore) (*esmeta.ServiceAccountSelector, error) {
	provider := store.GetSpec().Provider
	switch {
	case provider.AWS != nil && provider.AWS.Auth.JWTAuth != nil:
		return provider.AWS.Auth.JWTAuth.ServiceAccountRef, nil
	case provider.Vault != nil && provider.Vault.Auth != nil && provider.Vault.Auth.Kubernetes != nil:
		return provider.Vault.Auth.Kubernetes.ServiceAccountRef, nil
	}
	return nil, fmt.Errorf("%s %q authenticates neither with IRSA nor with Vault Kubernetes auth", store.GetKind(), store.GetName())
}

// withServiceAccount is a copy of the store that authenticates as another ServiceAccount, and
// with Vault token audiences replaced by `audiences` when that is not nil.
func withServiceAccount(store esv1.GenericStore, name string, audiences []string) esv1.GenericStore {
	copied := store.Copy()
	ref, _ := serviceAccountRef(copied)
	ref.Name = name
	if audiences != nil {
		ref.Audiences = audiences
	}
	return copied
}

// read asks ESO's provider, built from the store as the reconciler builds it, for one value.
func read(ctx context.Context, store esv1.GenericStore, kube client.Client, namespace string, ref esv1.ExternalSecretDataRemoteRef) error {
	_, store = providerOf(store)
	sc, err := newSecretsClient(ctx, store, kube, namespace)
	if err != nil {
		return err
	}
	defer sc.Close(ctx)
	_, err = sc.GetSecret(ctx, ref)
	return err
}

// Each service's stores are its own: used by that service's ExternalSecrets only, authenticated as
// its own ServiceAccount (a ClusterSecretStore also restricted to its namespace), and useless to
// anyone else. A ServiceAccount that copies the service's IRSA annotation, or a Vault token without
// the role's audience, is refused by the fakes, which trust exactly what the generated Terraform
// trust policies and Vault roles trust.
func TestEachStoreAuthenticatesAsItsOwnServiceOnly(t *testing.T) {
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	ctx := context.Background()
	for _, env := range envs {
		for key, use := range storesInUse(t, env) {
			t.Run(env.Name+"/"+key, func(t *testing.T) {
				if len(use.services) != 1 {
					t.Fatalf("the store serves %v: a store must belong to one service", keys(use.services))
				}
				service := keys(use.services)[0]
				if owner := use.store.GetAnnotations()["locksmith.dev/service"]; owner != service {
					t.Errorf("the store is annotated for %q but serves %q", owner, service)
				}
				who, ok := expect.Identities[env.Name][service]
				if !ok {
					t.Fatalf("service %q does not run in %s according to the catalog", service, env.Name)
				}
				ref, err := serviceAccountRef(use.store)
				if err != nil {
					t.Fatal(err)
				}
				if ref == nil || ref.Name != who.ServiceAccount {
					t.Fatalf("the store authenticates as %+v, not as the service's ServiceAccount %q", ref, who.ServiceAccount)
				}
				namespace := use.secrets[0].Namespace
				if namespace != who.Namespace {
					t.Fatalf("ExternalSecrets of %q are in %q, the catalog puts the service in %q", service, namespace, who.Namespace)
				}
				if use.store.GetKind() == esv1.ClusterSecretStoreKind {
					checkClusterStoreConditions(t, use.store, who)
				}

				// An intruder that copies the service's ServiceAccount (and so its IRSA role annotation).
				var original *corev1.ServiceAccount
				for _, sa := range env.ServiceAccounts {
					if sa.Name == who.ServiceAccount && sa.Namespace == who.Namespace {
						original = sa
					}
				}
				if original == nil {
					t.Fatalf("no generated ServiceAccount %s/%s", who.Namespace, who.ServiceAccount)
				}
				intruder := original.DeepCopy()
				intruder.Name = "intruder"
				kube := fake.NewClientBuilder().WithScheme(scheme).WithObjects(append(env.Objects, intruder)...).Build()
				ref0 := use.secrets[0].Spec.Data[0].RemoteRef
				provider, _ := providerOf(use.store)

				// The generated store itself reads (the fetch test checks every value; this is the control).
				if err := read(ctx, use.store, kube, namespace, ref0); err != nil {
					t.Fatalf("the generated store could not read %q: %v", ref0.Key, err)
				}
				err = read(ctx, withServiceAccount(use.store, intruder.Name, nil), kube, namespace, ref0)
				marker := map[string]string{"aws": "AccessDenied", "vault": "service account name not authorized"}[provider]
				if err == nil || !strings.Contains(err.Error(), marker) {
					t.Errorf("another ServiceAccount with the service's role annotation: want a refusal (%q), got %v", marker, err)
				}
				if provider == "vault" {
					err = read(ctx, withServiceAccount(use.store, who.ServiceAccount, []string{"https://kubernetes.default.svc"}), kube, namespace, ref0)
					if err == nil || !strings.Contains(err.Error(), "invalid audience") {
						t.Errorf("a token without the role's audience: want a refusal, got %v", err)
					}
				}
			})
		}
	}
}

// checkClusterStoreConditions: a ClusterSecretStore may only serve its service's namespace, and
// names the ServiceAccount together with that namespace.
func checkClusterStoreConditions(t *testing.T, store esv1.GenericStore, who identity) {
	t.Helper()
	conditions := store.GetSpec().Conditions
	if len(conditions) != 1 || len(conditions[0].Namespaces) != 1 || conditions[0].Namespaces[0] != who.Namespace ||
		conditions[0].NamespaceSelector != nil || len(conditions[0].NamespaceRegexes) != 0 {
		t.Errorf("ClusterSecretStore conditions %+v: want exactly namespaces [%s]", conditions, who.Namespace)
	}
	ref, _ := serviceAccountRef(store)
	if ref.Namespace == nil || *ref.Namespace != who.Namespace {
		t.Errorf("ClusterSecretStore names its ServiceAccount without the namespace %q", who.Namespace)
	}
}
