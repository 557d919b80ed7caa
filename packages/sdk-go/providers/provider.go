// Package providers holds the stores behind the runtime: AWS Secrets Manager, Vault KV v2,
// environment variables, mounted files and fallback chains. A provider makes one attempt per
// call: retries, backoff, caching and the circuit breaker belong to the runtime, so they never
// multiply with a client library's own.
package providers

import (
	"context"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Stage is a version stage a store can be asked for.
type Stage string

// The stages.
const (
	Current  Stage = "current"
	Previous Stage = "previous"
	Pending  Stage = "pending"
)

// Request is one secret a provider is asked to fetch.
type Request struct {
	Secret      *descriptor.Secret
	Placement   descriptor.Placement
	Environment string
	Stage       Stage
}

// Version is one version of a secret as a store returned it, before decoding.
type Version struct {
	// ID is the store's version id (AWS VersionId, Vault KV version, files ..data target).
	ID    string
	Value RawValue
	// CreatedAt is the store's creation time of this version (AWS CreatedDate, Vault
	// created_time); zero when the store has none.
	CreatedAt time.Time
}

// Result answers one request: a version or an error, never both.
type Result struct {
	Version *Version
	Err     *secreterr.Error
}

// Ok wraps a version.
func Ok(v *Version) Result { return Result{Version: v} }

// Fail wraps an error.
func Fail(err *secreterr.Error) Result { return Result{Err: err} }

// Provider is a store.
type Provider interface {
	// Name is "aws", "vault", "env", "files", a chain such as "aws>env", or a custom name.
	Name() string
	// MaxBatchSize is the most requests one Fetch may carry.
	MaxBatchSize() int
	// Fetch answers every request, in order, in one attempt. A cancelled ctx ends it with
	// ABORTED, an expired deadline with TIMEOUT.
	Fetch(ctx context.Context, requests []Request) []Result
	// Close releases connections and watches.
	Close() error
}

// Watcher is a provider that reports changes itself (mounted files).
type Watcher interface {
	// Watch calls onChange with the names of secrets that changed until stop is called.
	Watch(onChange func(secrets []string)) (stop func())
}

// ContextError is the error a finished ctx stands for: TIMEOUT for an expired deadline,
// ABORTED for a cancellation (CLOSED when the cause says the client closed).
func ContextError(ctx context.Context, secret string) *secreterr.Error {
	if cause := context.Cause(ctx); cause != nil {
		if e, ok := cause.(*secreterr.Error); ok {
			return e.ForSecret(secret)
		}
	}
	what := "call"
	if secret != "" {
		what = "call for secret " + quote(secret)
	}
	if ctx.Err() == context.DeadlineExceeded {
		return &secreterr.Error{Code: secreterr.Timeout, Message: what + " ran past its deadline", Secret: secret}
	}
	return &secreterr.Error{Code: secreterr.Aborted, Message: what + " was cancelled", Secret: secret}
}

// FailAll answers every request with err, attributed to each request's secret.
func FailAll(requests []Request, err *secreterr.Error) []Result {
	out := make([]Result, len(requests))
	for i, r := range requests {
		out[i] = Fail(err.ForSecret(r.Secret.Name))
	}
	return out
}
