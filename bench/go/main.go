// Command gobench measures the Go runtime against its floors and its anchor, on the testkit's
// fake Secrets Manager (locksmith-fake, started by bench/go/run.mjs, which passes its --json
// line in LOCKSMITH_FAKE_JSON). It prints one JSON object:
//
//   - warm: ns per call (median of runs) of a bare sync.Map Load (the floor), the anchor's warm
//     read (plain aws-sdk-go-v2 GetSecretValue results cached in a sync.Map), Handle.Get,
//     Client.Get(name) and a generated-style Typed.Get;
//   - cold: a cold load of 100 secrets, Locksmith Preload against the anchor's 100 GetSecretValue
//     calls: requests sent (from the fake's request log) and median wall time;
//   - refresh: p50/p99 of Get from one goroutine per CPU while nothing refreshes (long TTL) and while
//     refresh-ahead runs all the time (TTL 25 ms, 15 ms injected store latency).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"
)

type result struct {
	Runs    int                `json:"runs"`
	Go      string             `json:"go"`
	Warm    map[string]float64 `json:"warm"`
	Cold    cold               `json:"cold"`
	Refresh refresh            `json:"refresh"`
}

type cold struct {
	Secrets         int     `json:"secrets"`
	PreloadRequests int     `json:"preloadRequests"`
	PreloadMs       float64 `json:"preloadMs"`
	AnchorRequests  int     `json:"anchorRequests"`
	AnchorMs        float64 `json:"anchorMs"`
	StoreLatencyMs  int     `json:"storeLatencyMs"`
}

type percentiles struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
}

type refresh struct {
	Warm       percentiles `json:"warm"`
	Refreshing percentiles `json:"refreshing"`
	Refreshes  int         `json:"refreshes"`
	Samples    int         `json:"samples"`
}

var sink int

func main() {
	var fake fakes.Info
	if err := json.Unmarshal([]byte(os.Getenv("LOCKSMITH_FAKE_JSON")), &fake); err != nil {
		fail("LOCKSMITH_FAKE_JSON must hold locksmith-fake's --json line: %v", err)
	}
	runs := 7
	if os.Getenv("BENCH_QUICK") == "1" {
		runs = 3
	}
	admin := fakes.Admin(fake)
	ctx := context.Background()
	for _, kv := range [][2]string{{"AWS_ACCESS_KEY_ID", fake.AWS.AccessKeyID}, {"AWS_SECRET_ACCESS_KEY", fake.AWS.SecretAccessKey}, {"AWS_REGION", fake.AWS.Region}} {
		_ = os.Setenv(kv[0], kv[1])
	}
	writer, err := fakes.AWSClient(ctx, fake.AWS.Endpoint, fake.AWS.Region, fake.AWS.AccessKeyID, fake.AWS.SecretAccessKey)
	check(err)
	for i := range 100 {
		check(fakes.WriteAWS(ctx, writer, path(i), "value-"+strconv.Itoa(i)+"-0123456789abcdef"))
	}
	out := result{Runs: runs, Go: goVersion(), Warm: warm(ctx, fake, runs)}
	out.Cold = coldLoad(ctx, fake, admin, runs)
	out.Refresh = refreshUnderLoad(ctx, fake, admin)
	data, _ := json.Marshal(out)
	fmt.Println(string(data))
}

func path(i int) string { return fmt.Sprintf("bench/go/s%03d", i) }

func descriptor(n int) *locksmith.Descriptor {
	secrets := map[string]any{}
	for i := range n {
		name := fmt.Sprintf("s%03d", i)
		secrets[name] = map[string]any{"name": name, "kind": "string", "schema": map[string]any{"type": "string", "minLength": 8},
			"fields":     []any{map[string]any{"name": nil, "env": "S" + name, "type": "string", "required": true}},
			"rotation":   map[string]any{"strategy": "manual"},
			"placements": map[string]any{"bench": map[string]any{"provider": "aws", "path": path(i)}}}
	}
	data, _ := json.Marshal(map[string]any{"project": "bench", "service": "bench", "catalogHash": "0",
		"environments": map[string]any{"bench": map[string]any{"source": "store", "production": false}},
		"providers":    map[string]any{"aws": map[string]any{"region": "us-east-1", "accountId": "123456789012"}},
		"secrets":      secrets})
	d, err := locksmith.ParseDescriptor(data)
	check(err)
	return d
}

func client(ctx context.Context, fake fakes.Info, n int, ttl time.Duration) *locksmith.Client {
	c, err := locksmith.New(ctx, descriptor(n), locksmith.Options{Environment: "bench", AWSEndpoint: fake.AWS.Endpoint, CacheTTL: ttl,
		LookupEnv: func(string) (string, bool) { return "", false }})
	check(err)
	return c
}

// anchor is what a Go service writes without Locksmith: aws-sdk-go-v2 GetSecretValue, results
// cached in a sync.Map.
type anchor struct {
	client *secretsmanager.Client
	cache  sync.Map
}

func (a *anchor) get(ctx context.Context, id string) (string, error) {
	if v, ok := a.cache.Load(id); ok {
		return v.(string), nil
	}
	out, err := a.client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", err
	}
	a.cache.Store(id, *out.SecretString)
	return *out.SecretString, nil
}

func newAnchor(ctx context.Context, fake fakes.Info) *anchor {
	c, err := fakes.AWSClient(ctx, fake.AWS.Endpoint, fake.AWS.Region, fake.AWS.AccessKeyID, fake.AWS.SecretAccessKey)
	check(err)
	return &anchor{client: c}
}

type typed struct{ Value string }

func warm(ctx context.Context, fake fakes.Info, runs int) map[string]float64 {
	c := client(ctx, fake, 1, time.Hour)
	defer c.Close()
	check(c.Preload(ctx))
	h := c.MustSecret("s000")
	t := locksmith.NewTyped(h, func(v *locksmith.Value) typed { return typed{Value: v.Text()} })
	a := newAnchor(ctx, fake)
	_, err := a.get(ctx, path(0))
	check(err)
	var floor sync.Map
	floor.Store("s000", "value-0-0123456789abcdef")
	cases := []struct {
		name string
		fn   func(b *testing.B)
	}{
		{"sync.Map Load (floor)", func(b *testing.B) {
			for range b.N {
				v, _ := floor.Load("s000")
				sink += len(v.(string))
			}
		}},
		{"aws-sdk-go-v2 + sync.Map (anchor, warm)", func(b *testing.B) {
			id := path(0)
			for range b.N {
				v, _ := a.get(ctx, id)
				sink += len(v)
			}
		}},
		{"Handle.Get", func(b *testing.B) {
			for range b.N {
				v, _ := h.Get(ctx)
				sink += len(v.Text())
			}
		}},
		{"Client.Get(name)", func(b *testing.B) {
			for range b.N {
				v, _ := c.Get(ctx, "s000")
				sink += len(v.Text())
			}
		}},
		{"Typed.Get (generated)", func(b *testing.B) {
			for range b.N {
				v, _ := t.Get(ctx)
				sink += len(v.Value)
			}
		}},
	}
	samples := map[string][]float64{}
	for range runs {
		for _, cs := range cases {
			r := testing.Benchmark(cs.fn)
			samples[cs.name] = append(samples[cs.name], float64(r.T.Nanoseconds())/float64(r.N))
		}
	}
	out := map[string]float64{}
	for name, xs := range samples {
		out[name] = quantile(xs, 0.5)
	}
	return out
}

const storeLatencyMs = 20

func coldLoad(ctx context.Context, fake fakes.Info, admin *fakes.Fake, runs int) cold {
	standing := (*int)(nil)
	check(admin.Inject(fakes.Fault{Target: "aws", LatencyMs: storeLatencyMs, Times: standing}))
	defer func() { check(admin.ClearFaults()) }()
	var preloadMs, anchorMs []float64
	out := cold{Secrets: 100, StoreLatencyMs: storeLatencyMs}
	for range runs {
		check(admin.ClearRequests())
		c := client(ctx, fake, 100, time.Hour)
		start := time.Now()
		check(c.Preload(ctx))
		preloadMs = append(preloadMs, ms(time.Since(start)))
		out.PreloadRequests = requests(admin)
		_ = c.Close()

		check(admin.ClearRequests())
		a := newAnchor(ctx, fake)
		start = time.Now()
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := a.get(ctx, path(i))
				check(err)
			}()
		}
		wg.Wait()
		anchorMs = append(anchorMs, ms(time.Since(start)))
		out.AnchorRequests = requests(admin)
	}
	out.PreloadMs, out.AnchorMs = quantile(preloadMs, 0.5), quantile(anchorMs, 0.5)
	return out
}

func requests(admin *fakes.Fake) int {
	r, err := admin.Requests("aws")
	check(err)
	return len(r)
}

// refreshUnderLoad samples Get latency from one goroutine per CPU for a fixed window, first with nothing
// refreshing, then with a 25 ms TTL (refresh-ahead every ~20 ms) against a store answering in
// 15 ms, so a background refresh is in flight most of the time.
func refreshUnderLoad(ctx context.Context, fake fakes.Info, admin *fakes.Fake) refresh {
	sample := func(ttl time.Duration) ([]float64, *locksmith.Client) {
		c := client(ctx, fake, 1, ttl)
		check(c.Preload(ctx))
		h := c.MustSecret("s000")
		var mu sync.Mutex
		var all []float64
		var wg sync.WaitGroup
		deadline := time.Now().Add(1500 * time.Millisecond)
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				local := make([]float64, 0, 1<<20)
				for time.Now().Before(deadline) {
					for range 64 {
						start := time.Now()
						v, err := h.Get(ctx)
						local = append(local, float64(time.Since(start).Nanoseconds()))
						check(err)
						sink += len(v.Text())
					}
				}
				mu.Lock()
				all = append(all, local...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		return all, c
	}
	warmSamples, c1 := sample(time.Hour)
	_ = c1.Close()
	check(admin.Inject(fakes.Fault{Target: "aws", LatencyMs: 15, Times: nil}))
	check(admin.ClearRequests())
	hot, c2 := sample(25 * time.Millisecond)
	refreshes := requests(admin)
	_ = c2.Close()
	check(admin.ClearFaults())
	return refresh{
		Warm:       percentiles{P50: quantile(warmSamples, 0.5), P99: quantile(warmSamples, 0.99)},
		Refreshing: percentiles{P50: quantile(hot, 0.5), P99: quantile(hot, 0.99)},
		Refreshes:  refreshes,
		Samples:    len(hot),
	}
}

func quantile(xs []float64, q float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[max(0, min(len(s)-1, i))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func goVersion() string { return runtime.Version() }

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gobench: "+format+"\n", args...)
	os.Exit(1)
}
