package polyglot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"

	"locksmith.test/polyglot/billinggo"
	"locksmith.test/polyglot/ledgergo"
)

// A `source: env` environment (the fixture's dev) keeps the generated client on env vars.
func TestGeneratedClientReadsEnvInAnEnvEnvironment(t *testing.T) {
	ctx := context.Background()
	c, err := ledgergo.New(ctx, locksmith.Options{LookupEnv: lookupIn(withEnv(ledgerEnv(), "LOCKSMITH_ENV", "dev"))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	db, err := c.Database.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if db.URL != "postgresql://db.internal:5432/ledger" || db.Port != 5432 || !db.TLS || db.Ratio != 0.25 {
		t.Errorf("database read from env does not match what was set")
	}
	if got := c.Health().Secrets[0].Provider; got != "env" {
		t.Errorf("provider %q in a source: env environment", got)
	}
}

// A store environment reads the real AWS SDK against locksmith-fake, at the placements the
// catalog gives, into the same typed structs Load fills.
func TestGeneratedClientReadsTheStoreInAStoreEnvironment(t *testing.T) {
	ctx := context.Background()
	fake, err := fakes.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Stop()
	values := testValues(t)
	writer, err := fakes.AWSClient(ctx, fake.AWS.Endpoint, fake.AWS.Region, fake.AWS.AccessKeyID, fake.AWS.SecretAccessKey)
	if err != nil {
		t.Fatal(err)
	}
	vault, err := fakes.VaultClient(fake.Vault.Endpoint, fake.Vault.Token)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range billingSecrets {
		secret := billinggo.Descriptor.Secrets[name]
		placement := secret.Placements["staging"]
		text := storeText(t, secret, values[name])
		if placement.Provider == "vault" {
			data := map[string]any{"value": text}
			if secret.Kind == "object" {
				data = map[string]any{}
				_ = json.Unmarshal([]byte(text), &data)
			}
			err = fakes.WriteVault(ctx, vault, billinggo.Descriptor.Providers.Vault.Mount, placement.Path, data)
		} else {
			err = fakes.WriteAWS(ctx, writer, placement.Path, text)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("AWS_ACCESS_KEY_ID", fake.AWS.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", fake.AWS.SecretAccessKey)
	c, err := billinggo.New(ctx, locksmith.Options{Environment: "staging", AWSEndpoint: fake.AWS.Endpoint,
		// The catalog's Vault auth is kubernetes; without a service-account token, VAULT_TOKEN is used.
		ServiceAccountTokenPath: t.TempDir() + "/no-token",
		LookupEnv:               lookupIn(map[string]string{"VAULT_ADDR": fake.Vault.Endpoint, "VAULT_TOKEN": fake.Vault.Token})})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Preload(ctx); err != nil {
		t.Fatal(err)
	}
	fromStore, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fromEnv, err := billinggo.LoadFrom(billinggo.EnvSource(lookupIn(billingEnv(values))))
	if err != nil {
		t.Fatal(err)
	}
	if *fromStore != *fromEnv {
		t.Error("the store and the env loader disagree on the same values")
	}
	printed := fmt.Sprintf("%v %+v %#v %v", fromStore, *fromStore, fromStore.Database, c.Database) + mustJSON(t, fromStore)
	for _, fields := range values {
		for _, value := range fields {
			if len(value) >= 8 && strings.Contains(printed, value) {
				t.Errorf("a printed form shows a value")
			}
		}
	}
}

// storeText is how a secret sits in Secrets Manager: the text of a string secret, or a JSON
// object of its fields in their declared types.
func storeText(t *testing.T, secret *descriptor.Secret, fields map[string]string) string {
	t.Helper()
	if secret.Kind == "string" {
		return fields[secret.Fields[0].Env]
	}
	object := map[string]any{}
	for _, f := range secret.Fields {
		text, ok := fields[f.Env]
		if !ok {
			continue
		}
		var err error
		switch f.Type {
		case "integer":
			object[f.Key()], err = strconv.ParseInt(text, 10, 64)
		case "number":
			object[f.Key()], err = strconv.ParseFloat(text, 64)
		case "boolean":
			object[f.Key()], err = strconv.ParseBool(text)
		default:
			object[f.Key()] = text
		}
		if err != nil {
			t.Fatalf("test value of %s is not a %s", f.Env, f.Type)
		}
	}
	return mustJSON(t, object)
}

func withEnv(env map[string]string, key, value string) map[string]string {
	out := map[string]string{key: value}
	for k, v := range env {
		out[k] = v
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
