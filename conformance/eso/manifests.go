// Package eso drives External Secrets Operator's own AWS and Vault providers (v0.16.2) with the
// SecretStores, ClusterSecretStores and ExternalSecrets that `locksmith gen` writes, against the
// testkit's fake AWS Secrets Manager (with STS for IRSA) and fake Vault. run.mjs starts the fakes,
// seeds them from the catalog and runs `go test` here; see docs/testkit.md.
package eso

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	esv1 "github.com/external-secrets/external-secrets/apis/externalsecrets/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	yamlutil "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"
)

// Environment is what one generated environment folder holds, decoded with ESO's own types.
type Environment struct {
	Name                string
	ExternalSecrets     []*esv1.ExternalSecret
	SecretStores        []*esv1.SecretStore
	ClusterSecretStores []*esv1.ClusterSecretStore
	ServiceAccounts     []*corev1.ServiceAccount
	// Objects the fake Kubernetes client serves (service accounts, RBAC).
	Objects []client.Object
}

// kinds maps each kind codegen may emit to the API version and Go type it must decode into.
var kinds = map[string]struct {
	apiVersion string
	newObject  func() client.Object
}{
	"ExternalSecret":     {esv1.SchemeGroupVersion.String(), func() client.Object { return &esv1.ExternalSecret{} }},
	"SecretStore":        {esv1.SchemeGroupVersion.String(), func() client.Object { return &esv1.SecretStore{} }},
	"ClusterSecretStore": {esv1.SchemeGroupVersion.String(), func() client.Object { return &esv1.ClusterSecretStore{} }},
	"ServiceAccount":     {"v1", func() client.Object { return &corev1.ServiceAccount{} }},
	"Role":               {rbacv1.SchemeGroupVersion.String(), func() client.Object { return &rbacv1.Role{} }},
	"RoleBinding":        {rbacv1.SchemeGroupVersion.String(), func() client.Object { return &rbacv1.RoleBinding{} }},
}

// decodeStrict decodes one YAML document into its kind's type and fails on any field the type
// does not have, as the API server's strict field validation would.
func decodeStrict(doc []byte, where string) (client.Object, error) {
	raw, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	known, ok := kinds[head.Kind]
	if !ok {
		return nil, fmt.Errorf("%s: kind %q is not one this conformance test knows; teach manifests.go about it", where, head.Kind)
	}
	if head.APIVersion != known.apiVersion {
		return nil, fmt.Errorf("%s: %s has apiVersion %q, want %q", where, head.Kind, head.APIVersion, known.apiVersion)
	}
	obj := known.newObject()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		return nil, fmt.Errorf("%s: %s %w", where, head.Kind, err)
	}
	return obj, nil
}

// LoadEnvironments decodes every document of every YAML file below dir (one folder per
// environment), discovering documents by kind rather than by name.
func LoadEnvironments(dir string) ([]*Environment, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var envs []*Environment
	for _, entry := range entries {
		if !entry.IsDir() {
			continue
		}
		env := &Environment{Name: entry.Name()}
		files, err := filepath.Glob(filepath.Join(dir, entry.Name(), "*.yaml"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, file := range files {
			if err := env.load(file); err != nil {
				return nil, err
			}
		}
		envs = append(envs, env)
	}
	if len(envs) == 0 {
		return nil, fmt.Errorf("no environment folders in %s (run `pnpm gen`)", dir)
	}
	return envs, nil
}

func (env *Environment) load(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	reader := yamlutil.NewYAMLReader(bufio.NewReader(f))
	for n := 1; ; n++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		obj, err := decodeStrict(doc, fmt.Sprintf("%s (document %d)", file, n))
		if err != nil {
			return err
		}
		switch o := obj.(type) {
		case *esv1.ExternalSecret:
			env.ExternalSecrets = append(env.ExternalSecrets, o)
		case *esv1.SecretStore:
			env.SecretStores = append(env.SecretStores, o)
		case *esv1.ClusterSecretStore:
			env.ClusterSecretStores = append(env.ClusterSecretStores, o)
		case *corev1.ServiceAccount:
			env.ServiceAccounts = append(env.ServiceAccounts, o)
			env.Objects = append(env.Objects, o)
		default:
			env.Objects = append(env.Objects, o)
		}
	}
}

func stripComments(doc []byte) []byte {
	var out []string
	for _, line := range strings.Split(string(doc), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			out = append(out, line)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

// Store finds the store an ExternalSecret refers to: a ClusterSecretStore by name, or a
// SecretStore by name in the ExternalSecret's namespace.
func (env *Environment) Store(es *esv1.ExternalSecret) (esv1.GenericStore, error) {
	ref := es.Spec.SecretStoreRef
	if ref.Kind == esv1.ClusterSecretStoreKind {
		for _, s := range env.ClusterSecretStores {
			if s.Name == ref.Name {
				return s, nil
			}
		}
	} else {
		for _, s := range env.SecretStores {
			if s.Name == ref.Name && s.Namespace == es.Namespace {
				return s, nil
			}
		}
	}
	return nil, fmt.Errorf("ExternalSecret %s/%s refers to %s %q, which no generated document defines", es.Namespace, es.Name, ref.Kind, ref.Name)
}
