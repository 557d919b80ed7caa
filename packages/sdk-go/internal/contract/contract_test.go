package contract

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

var fake *fakes.Fake

func TestMain(m *testing.M) { fakes.Main(m, func(f *fakes.Fake) { fake = f }) }

// store is one store the contract runs against, with the provider a service would build for it.
type store struct {
	name     string
	faults   bool
	target   string
	provider func(t *testing.T) providers.Provider
	write    func(ctx context.Context, path, kind string, value any) error
	requests func() (int, error)
}

const mount = "secret"

func fakeAWS(t *testing.T) store {
	writer, err := fakes.AWSClient(context.Background(), fake.AWS.Endpoint, fake.AWS.Region, fake.AWS.AccessKeyID, fake.AWS.SecretAccessKey)
	if err != nil {
		t.Fatal(err)
	}
	return store{
		name: "aws (locksmith-fake)", faults: true, target: "aws",
		provider: func(t *testing.T) providers.Provider {
			return awsProvider(t, fake.AWS.Endpoint, fake.AWS.Region, fake.AWS.AccessKeyID, fake.AWS.SecretAccessKey)
		},
		write: func(ctx context.Context, path, kind string, value any) error {
			return fakes.WriteAWS(ctx, writer, path, awsText(value))
		},
		requests: func() (int, error) { r, err := fake.Requests("aws"); return len(r), err },
	}
}

func motoAWS(t *testing.T, endpoint string) store {
	writer, err := fakes.AWSClient(context.Background(), endpoint, "us-east-1", "testing", "testing")
	if err != nil {
		t.Fatal(err)
	}
	return store{
		name: "aws (moto)", target: "aws",
		provider: func(t *testing.T) providers.Provider {
			return awsProvider(t, endpoint, "us-east-1", "testing", "testing")
		},
		write: func(ctx context.Context, path, kind string, value any) error {
			return fakes.WriteAWS(ctx, writer, path, awsText(value))
		},
	}
}

func fakeVault(t *testing.T) store {
	writer, err := fakes.VaultClient(fake.Vault.Endpoint, fake.Vault.Token)
	if err != nil {
		t.Fatal(err)
	}
	return store{
		name: "vault (locksmith-fake)", faults: true, target: "vault",
		provider: func(t *testing.T) providers.Provider {
			p, err := providers.NewVault(providers.VaultOptions{Address: fake.Vault.Endpoint, Mount: mount,
				Auth: providers.VaultAuth{Method: "token", Token: fake.Vault.Token}, Clock: clock.System})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = p.Close() })
			return p
		},
		write: func(ctx context.Context, path, kind string, value any) error {
			data, ok := value.(map[string]any)
			if !ok {
				data = map[string]any{providers.VaultStringKey: value}
			}
			return fakes.WriteVault(ctx, writer, mount, path, data)
		},
		requests: func() (int, error) { r, err := fake.Requests("vault"); return len(r), err },
	}
}

func awsProvider(t *testing.T, endpoint, region, key, secret string) providers.Provider {
	p, err := providers.NewAWS(context.Background(), providers.AWSOptions{Region: region, Endpoint: endpoint,
		Credentials: providers.StaticCredentials(key, secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func awsText(value any) string {
	if s, ok := value.(string); ok {
		return s
	}
	data, _ := json.Marshal(value)
	return string(data)
}

func TestProviderContract(t *testing.T) {
	root, err := fakes.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	contract, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	stores := []store{fakeAWS(t), fakeVault(t)}
	if endpoint := os.Getenv("MOTO_ENDPOINT"); endpoint != "" {
		stores = append(stores, motoAWS(t, endpoint))
	}
	for _, s := range stores {
		defined, leftOut := 0, 0
		for _, sc := range contract.Scenarios {
			// A store without faults does not define those scenarios (the runner never skips at run time).
			if sc.Needs("faults") && !s.faults {
				leftOut++
				continue
			}
			defined++
			t.Run(s.name+"/"+sc.ID, func(t *testing.T) { runScenario(t, s, sc) })
		}
		t.Logf("%s: %d scenarios defined, %d left out (they need fault injection)", s.name, defined, leftOut)
		fmt.Printf("contract %s: %d scenarios defined, %d left out\n", s.name, defined, leftOut)
	}
}

type run struct {
	t        *testing.T
	store    store
	provider providers.Provider
	prefix   string
	canary   string
	captured map[string]string
}

func runScenario(t *testing.T, s store, sc Scenario) {
	r := &run{t: t, store: s, provider: s.provider(t), prefix: "c" + random(6) + "-" + sc.ID + "-",
		canary: "canary-" + random(12), captured: map[string]string{}}
	if s.faults {
		t.Cleanup(func() {
			if err := fake.ClearFaults(); err != nil {
				t.Error(err)
			}
		})
	}
	for i, step := range sc.Steps {
		switch {
		case step.Write != nil:
			r.write(step.Write)
		case step.Fault != nil:
			r.fault(step.Fault)
		default:
			r.fetch(i, step)
		}
	}
}

func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

func (r *run) path(name string) string { return "locksmith-contract/" + r.prefix + name }

func (r *run) write(w *Write) {
	for _, i := range Indexes(w.Count, false) {
		value, err := FillValue(w.Value, i, r.canary)
		if err != nil {
			r.t.Fatal(err)
		}
		if err := r.store.write(context.Background(), r.path(Fill(w.Secret, i, "")), w.Kind, value); err != nil {
			r.t.Fatalf("write %s: %v", w.Secret, err)
		}
	}
}

func (r *run) fault(f *Fault) {
	times := f.Times
	if times == 0 {
		times = 1
	}
	err := fake.Inject(fakes.Fault{Target: r.store.target, Error: f.Error, SecretID: r.path(f.Secret), Times: &times})
	if err != nil {
		r.t.Fatal(err)
	}
}

type request struct {
	name string
	kind string
	req  providers.Request
}

func (r *run) fetch(index int, step Step) {
	var reqs []request
	for _, item := range step.Fetch {
		for _, i := range Indexes(item.Count, item.Reverse) {
			name := r.prefix + Fill(item.Secret, i, "")
			kind := item.Kind
			if kind == "" {
				kind = "string"
			}
			stage := providers.Current
			if item.Stage == "previous" {
				stage = providers.Previous
			}
			secret := &descriptor.Secret{Name: name, Kind: kind, Fields: []descriptor.Field{{Env: "VALUE", Type: "string", Required: true}}}
			reqs = append(reqs, request{name: name, kind: kind, req: providers.Request{Secret: secret,
				Placement: descriptor.Placement{Provider: r.store.target, Path: r.path(Fill(item.Secret, i, ""))}, Environment: "contract", Stage: stage}})
		}
	}
	before := -1
	if step.Cancel == "before" && r.store.requests != nil {
		n, err := r.store.requests()
		if err != nil {
			r.t.Fatal(err)
		}
		before = n
	}
	results := r.call(step, reqs)
	if before >= 0 {
		if after, err := r.store.requests(); err != nil || after != before {
			r.t.Errorf("step %d: a call cancelled before it started sent %d request(s)", index, after-before)
		}
	}
	var expects []Expect
	for _, e := range step.Expect {
		for _, i := range Indexes(e.Count, e.Reverse) {
			filled := e
			filled.Value = fillRaw(e.Value, i, r.canary)
			filled.Secret = Fill(e.Secret, i, "")
			expects = append(expects, filled)
		}
	}
	if len(expects) != len(results) {
		r.t.Fatalf("step %d: %d results for %d expectations", index, len(results), len(expects))
	}
	for j, e := range expects {
		r.check(fmt.Sprintf("step %d request %d (%s)", index, j, reqs[j].name), reqs[j], results[j], e)
	}
	if step.ProviderRendersWithoutCanary {
		text := fmt.Sprintf("%v %+v %#v %s", r.provider, r.provider, r.provider, jsonOf(r.provider))
		if strings.Contains(text, r.canary) {
			r.t.Errorf("step %d: the provider's rendering shows the canary", index)
		}
	}
}

func fillRaw(raw json.RawMessage, index, canary string) json.RawMessage {
	if raw == nil {
		return nil
	}
	v, err := FillValue(raw, index, canary)
	if err != nil {
		return raw
	}
	data, _ := json.Marshal(v)
	return data
}

func (r *run) call(step Step, reqs []request) []providers.Result {
	ctx := context.Background()
	var cancel context.CancelFunc = func() {}
	switch {
	case step.Cancel == "before":
		ctx, cancel = context.WithCancel(ctx)
		cancel()
	case step.Cancel == "during":
		ctx, cancel = context.WithCancel(ctx)
		go r.cancelOnceReceived(cancel)
	case step.DeadlineMs > 0:
		ctx, cancel = context.WithTimeout(ctx, time.Duration(step.DeadlineMs)*time.Millisecond)
	}
	defer cancel()
	all := make([]providers.Request, len(reqs))
	for i, q := range reqs {
		all[i] = q.req
	}
	size := len(all)
	if step.Chunked {
		size = r.provider.MaxBatchSize()
	}
	var results []providers.Result
	for start := 0; start < len(all); start += size {
		end := min(start+size, len(all))
		results = append(results, r.provider.Fetch(ctx, all[start:end])...)
	}
	return results
}

// cancelOnceReceived cancels once the store has logged the request, or after 200 ms.
func (r *run) cancelOnceReceived(cancel context.CancelFunc) {
	defer cancel()
	if r.store.requests == nil {
		time.Sleep(200 * time.Millisecond)
		return
	}
	start, _ := r.store.requests()
	deadline := time.Now().Add(200 * time.Millisecond)
	for time.Now().Before(deadline) {
		if n, err := r.store.requests(); err == nil && n > start {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (r *run) check(where string, q request, res providers.Result, e Expect) {
	t := r.t
	if res.Err != nil && res.Version != nil {
		t.Errorf("%s: both a version and an error", where)
	}
	switch {
	case e.ValueOrError != nil:
		if res.Err != nil {
			var code string
			_ = json.Unmarshal(e.ValueOrError[1], &code)
			if string(res.Err.Code) != code {
				t.Errorf("%s: error %s, want %s (or the value)", where, res.Err.Code, code)
			}
		} else {
			r.checkValue(where, q, res, fillRaw(e.ValueOrError[0], "", r.canary))
		}
	case e.Error != "":
		if res.Err == nil {
			t.Errorf("%s: got a value, want %s", where, e.Error)
			return
		}
		if string(res.Err.Code) != e.Error {
			t.Errorf("%s: error %s (%s), want %s", where, res.Err.Code, res.Err.Message, e.Error)
		}
	case e.Value != nil:
		if res.Err != nil {
			t.Errorf("%s: error %s (%s), want a value", where, res.Err.Code, res.Err.Message)
			return
		}
		r.checkValue(where, q, res, e.Value)
	}
	if e.Retryable != nil && res.Err != nil && res.Err.Retryable() != *e.Retryable {
		t.Errorf("%s: retryable %v, want %v", where, res.Err.Retryable(), *e.Retryable)
	}
	if e.Secret != "" && res.Err != nil && res.Err.Secret != r.prefix+e.Secret {
		t.Errorf("%s: the error names %q, want %q", where, res.Err.Secret, r.prefix+e.Secret)
	}
	if e.NoCanary && res.Err != nil {
		if text := renderError(res.Err); strings.Contains(text, r.canary) {
			t.Errorf("%s: the error shows the canary", where)
		}
	}
	if res.Version == nil {
		return
	}
	id := res.Version.ID
	if e.VersionID == "non-empty" && id == "" {
		t.Errorf("%s: empty version id", where)
	}
	if e.Capture != "" {
		r.captured[e.Capture] = id
	}
	if e.VersionIDIs != "" && id != r.captured[e.VersionIDIs] {
		t.Errorf("%s: version id is not the one captured as %q", where, e.VersionIDIs)
	}
	if e.VersionIDNot != "" && id == r.captured[e.VersionIDNot] {
		t.Errorf("%s: version id is still the one captured as %q", where, e.VersionIDNot)
	}
	if text := fmt.Sprintf("%v %+v %#v %s", res.Version, *res.Version, res.Version.Value, jsonOf(res.Version)); strings.Contains(text, r.canary) {
		t.Errorf("%s: a version's rendering shows the canary", where)
	}
}

// renderError is every form of an error and its causes: message, %v, %+v, %#v and JSON.
func renderError(err *secreterr.Error) string {
	var b strings.Builder
	for e := err; e != nil; e = e.Cause {
		fmt.Fprintf(&b, "%s|%v|%+v|%#v|%s|", e.Error(), e, e, e, jsonOf(e))
	}
	return b.String()
}

func jsonOf(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func (r *run) checkValue(where string, q request, res providers.Result, want json.RawMessage) {
	if res.Version == nil {
		r.t.Errorf("%s: no version", where)
		return
	}
	var expected any
	if err := json.Unmarshal(want, &expected); err != nil {
		r.t.Fatal(err)
	}
	var got any
	raw := res.Version.Value
	if q.kind == "object" {
		if raw.Kind != providers.Text || json.Unmarshal([]byte(raw.Text), &got) != nil {
			r.t.Errorf("%s: the object value is not JSON text", where)
			return
		}
	} else {
		got = raw.Text
	}
	if !reflect.DeepEqual(got, expected) {
		r.t.Errorf("%s: the value differs from the one written", where)
	}
}
