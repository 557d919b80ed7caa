package providers

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// EnvOptions configures the env provider.
type EnvOptions struct {
	// Lookup reads one variable (default os.LookupEnv, read at each fetch).
	Lookup func(name string) (string, bool)
}

// Env reads each field from the environment variable the catalog names (`env:`); an object
// secret is assembled from several variables. The version id changes whenever a secret's
// variables change. It has no previous stage.
type Env struct {
	lookup func(string) (string, bool)
	mu     sync.Mutex
	seen   map[string]contentVersion
}

type contentVersion struct {
	joined  string
	version int
}

// NewEnv builds the env provider.
func NewEnv(opts EnvOptions) *Env {
	lookup := opts.Lookup
	if lookup == nil {
		lookup = os.LookupEnv
	}
	return &Env{lookup: lookup, seen: map[string]contentVersion{}}
}

// Name is "env".
func (*Env) Name() string { return "env" }

// MaxBatchSize is unbounded.
func (*Env) MaxBatchSize() int { return math.MaxInt32 }

// Close does nothing.
func (*Env) Close() error { return nil }

// Fetch reads the variables of every request.
func (p *Env) Fetch(ctx context.Context, requests []Request) []Result {
	return fetchEach(ctx, requests, p.fetchOne)
}

func (p *Env) fetchOne(r Request) Result {
	secret := r.Secret.Name
	if r.Stage != Current {
		return Fail(&secreterr.Error{Code: secreterr.NotFound, Secret: secret, Provider: "env",
			Message: "env: secret " + quote(secret) + " has no " + string(r.Stage) + " version"})
	}
	fields := map[string]string{}
	var missing []string
	for _, f := range r.Secret.Fields {
		if value, ok := p.lookup(f.Env); ok {
			fields[f.Key()] = value
		} else if f.Required && f.Default == nil {
			missing = append(missing, f.Env)
		}
	}
	if len(missing) > 0 {
		return Fail(&secreterr.Error{Code: secreterr.NotFound, Secret: secret, Provider: "env",
			Message: "env: secret " + quote(secret) + " needs " + strings.Join(missing, ", ")})
	}
	id := "env-" + strconv.Itoa(p.versionOf(secret, fields))
	return Ok(&Version{ID: id, Value: RawValue{Kind: Fields, Fields: fields}})
}

// versionOf counts content changes seen by this process; kept in memory only to notice a change.
func (p *Env) versionOf(secret string, fields map[string]string) int {
	return countVersion(&p.mu, p.seen, secret, fields)
}

func countVersion(mu *sync.Mutex, seen map[string]contentVersion, secret string, fields map[string]string) int {
	joinedBytes, _ := json.Marshal(fields)
	joined := string(joinedBytes)
	mu.Lock()
	defer mu.Unlock()
	prev, ok := seen[secret]
	version := 1
	if ok {
		version = prev.version
		if prev.joined != joined {
			version++
		}
	}
	seen[secret] = contentVersion{joined: joined, version: version}
	return version
}

// fetchEach answers requests one by one with a local read (env, files), unless ctx is done.
func fetchEach(ctx context.Context, requests []Request, fetchOne func(Request) Result) []Result {
	if ctx.Err() != nil {
		return failContext(ctx, requests)
	}
	out := make([]Result, len(requests))
	for i, r := range requests {
		out[i] = fetchOne(r)
	}
	return out
}

func failContext(ctx context.Context, requests []Request) []Result {
	out := make([]Result, len(requests))
	for i, r := range requests {
		out[i] = Fail(ContextError(ctx, r.Secret.Name))
	}
	return out
}
