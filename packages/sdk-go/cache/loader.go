// Package cache is the runtime's engine: one holder per secret (the cache cell and its
// refresh, expiry and versions), a loader that batches, retries and breaks per store, and a
// batcher that sends cold loads asked for together in shared calls.
package cache

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/resilience"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// MaxCallsInFlight bounds the provider calls one fetch keeps in flight: enough to preload
// hundreds of secrets in one round trip's time, few enough that a 10,000-secret preload does
// not open 500 connections and trip its own timeouts.
const MaxCallsInFlight = 8

// Loader sends requests to providers: it splits them into MaxBatchSize calls, retries
// retryable failures (only the failed requests) with full-jitter backoff, and keeps one circuit
// breaker per provider. It always answers every request.
type Loader struct {
	Clock   clock.Clock
	Random  func() float64
	Retry   resilience.Backoff
	Breaker resilience.BreakerPolicy
	Logger  *slog.Logger

	mu       sync.Mutex
	breakers map[providers.Provider]*resilience.Breaker
}

// BreakerFor returns the provider's breaker.
func (l *Loader) BreakerFor(p providers.Provider) *resilience.Breaker {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.breakers == nil {
		l.breakers = map[providers.Provider]*resilience.Breaker{}
	}
	b, ok := l.breakers[p]
	if !ok {
		b = resilience.NewBreaker(p.Name(), l.Breaker, l.Clock, l.Logger)
		l.breakers[p] = b
	}
	return b
}

// Fetch answers every request, in order.
func (l *Loader) Fetch(ctx context.Context, p providers.Provider, requests []providers.Request) []providers.Result {
	size := p.MaxBatchSize()
	if size < 1 {
		size = 1
	}
	results := make([]providers.Result, len(requests))
	var chunks [][2]int
	for start := 0; start < len(requests); start += size {
		chunks = append(chunks, [2]int{start, min(start+size, len(requests))})
	}
	lanes := min(MaxCallsInFlight, len(chunks))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next >= len(chunks) {
					mu.Unlock()
					return
				}
				c := chunks[next]
				next++
				mu.Unlock()
				copy(results[c[0]:c[1]], l.fetchChunk(ctx, p, requests[c[0]:c[1]]))
			}
		}()
	}
	wg.Wait()
	return results
}

func (l *Loader) fetchChunk(ctx context.Context, p providers.Provider, requests []providers.Request) []providers.Result {
	results := make([]providers.Result, len(requests))
	pending := make([]int, len(requests))
	for i := range requests {
		pending[i] = i
	}
	breaker := l.BreakerFor(p)
	for attempt := 0; ; attempt++ {
		if !breaker.Allow() {
			for _, i := range pending {
				results[i] = providers.Fail(&secreterr.Error{Code: secreterr.CircuitOpen, Secret: requests[i].Secret.Name, Provider: p.Name(),
					Message: p.Name() + ": circuit open for secret " + quote(requests[i].Secret.Name) + ", next probe in " + breaker.RetryIn().String()})
			}
			break
		}
		batch := make([]providers.Request, len(pending))
		for j, i := range pending {
			batch[j] = requests[i]
		}
		answers := l.attempt(ctx, p, batch)
		storeFailed := true
		for _, a := range answers {
			if a.Err == nil || !a.Err.Retryable() {
				storeFailed = false
			}
		}
		switch {
		// A call its caller cancelled says nothing about the store; a deadline it ran past does.
		case errors.Is(ctx.Err(), context.Canceled):
			breaker.Release()
		case storeFailed || errors.Is(ctx.Err(), context.DeadlineExceeded):
			breaker.Failure()
		default:
			breaker.Success()
		}
		var retry []int
		for j, i := range pending {
			results[i] = answers[j]
			if answers[j].Err != nil && answers[j].Err.Retryable() {
				retry = append(retry, i)
			}
		}
		if len(retry) == 0 || attempt+1 >= l.Retry.Attempts || ctx.Err() != nil {
			break
		}
		if !clock.Sleep(l.Clock, resilience.FullJitter(l.Retry, attempt, l.Random), ctx.Done()) {
			break
		}
		pending = retry
	}
	return results
}

// attempt is one provider call; a wrong number of answers or a panic becomes one error per request.
func (l *Loader) attempt(ctx context.Context, p providers.Provider, batch []providers.Request) (answers []providers.Result) {
	defer func() {
		if recover() != nil {
			// A panicking provider may have carried request data in its panic value: keep only that it happened.
			answers = providers.FailAll(batch, &secreterr.Error{Code: secreterr.Unavailable, Provider: p.Name(), Message: p.Name() + ": fetch failed"})
		}
	}()
	answers = p.Fetch(ctx, batch)
	if len(answers) != len(batch) {
		return providers.FailAll(batch, &secreterr.Error{Code: secreterr.MalformedResponse, Provider: p.Name(),
			Message: p.Name() + ": returned a wrong number of results"})
	}
	for j, a := range answers {
		switch {
		case a.Err != nil:
			answers[j] = providers.Fail(a.Err.ForSecret(batch[j].Secret.Name))
		case a.Version == nil:
			answers[j] = providers.Fail(&secreterr.Error{Code: secreterr.MalformedResponse, Secret: batch[j].Secret.Name, Provider: p.Name(),
				Message: p.Name() + ": returned neither a version nor an error"})
		}
	}
	return answers
}

func quote(s string) string { return "\"" + s + "\"" }
