package polyglot_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// billingSecrets are the secrets billing-go reads, as the catalog names them.
var billingSecrets = []string{"database", "payment-api-key", "smtp"}

// testValues reads the values run-tests.sh generated with @locksmith/testkit:
// secret name → env var name → text.
func testValues(t *testing.T) map[string]map[string]string {
	t.Helper()
	path := os.Getenv("LOCKSMITH_TEST_VALUES")
	if path == "" {
		t.Fatal("LOCKSMITH_TEST_VALUES is not set: run polyglot/run-tests.sh")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var values map[string]map[string]string
	if err := json.Unmarshal(data, &values); err != nil {
		t.Fatal(err)
	}
	for _, name := range billingSecrets {
		if len(values[name]) == 0 {
			t.Fatalf("no test values for %q", name)
		}
	}
	return values
}

// billingEnv is the environment billing-go would see: env var → text.
func billingEnv(values map[string]map[string]string) map[string]string {
	env := map[string]string{}
	for _, name := range billingSecrets {
		for envVar, text := range values[name] {
			env[envVar] = text
		}
	}
	return env
}

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		value, ok := env[name]
		return value, ok
	}
}

// mount writes the layout a Kubernetes Secret volume has: <root>/<secret>/<ENV_VAR>, each file
// ending in a newline the way `kubectl create secret --from-file` often leaves one.
func mount(t *testing.T, values map[string]map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range billingSecrets {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for envVar, text := range values[name] {
			if err := os.WriteFile(filepath.Join(dir, envVar), []byte(text+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}
