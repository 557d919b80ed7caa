package locksmith_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"
)

var fake *fakes.Fake

func TestMain(m *testing.M) { fakes.Main(m, func(f *fakes.Fake) { fake = f }) }

// secretSpec describes one secret of a test descriptor.
type secretSpec struct {
	name      string
	provider  string // aws or vault
	object    bool
	schema    string // JSON; default {"type":"string"} or an object with a "password" field
	overlapMs int64
}

// testDescriptor builds a descriptor for the "test" environment, placing each secret under a
// run-unique prefix so tests never share state.
func testDescriptor(t *testing.T, prefix string, specs ...secretSpec) *locksmith.Descriptor {
	t.Helper()
	secrets := map[string]any{}
	for _, s := range specs {
		provider := s.provider
		if provider == "" {
			provider = "aws"
		}
		schema, fields := s.schema, []any{map[string]any{"name": nil, "env": envName(s.name), "type": "string", "required": true}}
		if s.object {
			if schema == "" {
				schema = `{"type":"object","required":["password"],"properties":{"password":{"type":"string","minLength":8,"env":"X_PASSWORD"},"port":{"type":"integer","default":5432,"env":"X_PORT"}}}`
			}
			fields = []any{
				map[string]any{"name": "password", "env": envName(s.name) + "_PASSWORD", "type": "string", "required": true},
				map[string]any{"name": "port", "env": envName(s.name) + "_PORT", "type": "integer", "required": false, "default": 5432},
			}
		} else if schema == "" {
			schema = `{"type":"string","minLength":4}`
		}
		rotation := map[string]any{"strategy": "dual-key"}
		if s.overlapMs > 0 {
			rotation["overlapMs"] = s.overlapMs
		}
		kind := "string"
		if s.object {
			kind = "object"
		}
		secrets[s.name] = map[string]any{
			"name": s.name, "kind": kind, "schema": json.RawMessage(schema), "fields": fields, "rotation": rotation,
			"placements": map[string]any{"test": map[string]any{"provider": provider, "path": prefix + s.name}},
		}
	}
	doc := map[string]any{
		"project": "shop", "service": "svc", "catalogHash": "0",
		"environments": map[string]any{"test": map[string]any{"source": "store", "production": false}},
		"providers": map[string]any{
			"aws":   map[string]any{"region": fake.AWS.Region, "accountId": "123456789012"},
			"vault": map[string]any{"mount": "secret", "authMethod": "token", "authMount": "token", "roles": map[string]any{"test": "svc"}},
		},
		"secrets": secrets,
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := locksmith.ParseDescriptor(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func envName(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

var prefixes sync.Map

// prefix is a run-unique placement prefix for one test.
func prefix(t *testing.T) string {
	p := fmt.Sprintf("go-%d-%s/", time.Now().UnixNano(), strings.ReplaceAll(t.Name(), "/", "-"))
	prefixes.Store(p, true)
	return p
}

// fakeEnv is a LookupEnv that reaches the fakes and nothing from the process.
func fakeEnv(extra map[string]string) func(string) (string, bool) {
	env := map[string]string{
		"AWS_ENDPOINT_URL_SECRETS_MANAGER": fake.AWS.Endpoint,
		"VAULT_ADDR":                       fake.Vault.Endpoint,
		"VAULT_TOKEN":                      fake.Vault.Token,
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	}
}

// newClient builds a client on the fakes; the AWS SDK reads its credentials from the process
// environment, so they are set for the test.
func newClient(t *testing.T, d *locksmith.Descriptor, o locksmith.Options) *locksmith.Client {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", fake.AWS.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", fake.AWS.SecretAccessKey)
	t.Setenv("AWS_REGION", fake.AWS.Region)
	o.Environment = "test"
	o.AWSEndpoint = fake.AWS.Endpoint
	if o.LookupEnv == nil {
		o.LookupEnv = fakeEnv(nil)
	}
	c, err := locksmith.New(context.Background(), d, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func writeAWS(t *testing.T, path, value string) {
	t.Helper()
	c, err := fakes.AWSClient(context.Background(), fake.AWS.Endpoint, fake.AWS.Region, fake.AWS.AccessKeyID, fake.AWS.SecretAccessKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := fakes.WriteAWS(context.Background(), c, path, value); err != nil {
		t.Fatal(err)
	}
}

func writeVault(t *testing.T, path string, data map[string]any) {
	t.Helper()
	c, err := fakes.VaultClient(fake.Vault.Endpoint, fake.Vault.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := fakes.WriteVault(context.Background(), c, "secret", path, data); err != nil {
		t.Fatal(err)
	}
}

// countRequests counts the fake's logged requests of an operation since the last clear.
func countRequests(t *testing.T, target, op string) int {
	t.Helper()
	entries, err := fake.Requests(target)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Operation == op {
			n++
		}
	}
	return n
}

func resetFakes(t *testing.T) {
	t.Helper()
	if err := fake.ClearFaults(); err != nil {
		t.Fatal(err)
	}
	if err := fake.ClearRequests(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.ClearFaults() })
}

// logSink captures slog output to prove no value reaches a log line.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func newLogger() (*slog.Logger, *logSink) {
	sink := &logSink{}
	return slog.New(slog.NewJSONHandler(sink, &slog.HandlerOptions{Level: slog.LevelDebug})), sink
}

// rendered is every printed form of x.
func rendered(x any) string {
	data, _ := json.Marshal(x)
	return fmt.Sprintf("%v|%+v|%#v|%s|%s", x, x, x, fmt.Sprint(x), data)
}
