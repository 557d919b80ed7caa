package cache

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Engine is what holders share: time, the loader, the batcher, the client's budget and the
// goroutines it started (Close waits for every one, so nothing outlives the client).
type Engine struct {
	Clock        clock.Clock
	Random       func() float64
	Logger       *slog.Logger
	Timeout      time.Duration
	MaxStaleness time.Duration
	Environment  string
	Loader       *Loader
	// ValuesChanged is called when a value appears, changes or is dropped (the masker's cue).
	ValuesChanged func()

	closing context.Context
	cancel  context.CancelCauseFunc

	mu        sync.Mutex
	closed    bool
	wg        sync.WaitGroup
	queues    map[providers.Provider][]queued
	scheduled bool
	randMu    sync.Mutex
}

type queued struct {
	holder  *Holder
	deliver func(providers.Result)
}

// Start prepares the engine; call once before use.
func (e *Engine) Start() {
	e.closing, e.cancel = context.WithCancelCause(context.Background())
	e.queues = map[providers.Provider][]queued{}
}

// Closed reports whether Close has begun.
func (e *Engine) Closed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// Go runs f in a goroutine Close waits for; false (and f not run) once closed.
func (e *Engine) Go(f func()) bool {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return false
	}
	e.wg.Add(1)
	e.mu.Unlock()
	go func() {
		defer e.wg.Done()
		f()
	}()
	return true
}

// Close cancels work in flight (with CLOSED as the cause) and waits for every goroutine.
func (e *Engine) Close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	e.mu.Unlock()
	e.cancel(secreterr.New(secreterr.Closed, "client is closed"))
	e.wg.Wait()
}

// rand is the jitter source; callers may pass a non-thread-safe one.
func (e *Engine) rand() float64 {
	e.randMu.Lock()
	defer e.randMu.Unlock()
	return e.Random()
}

// enqueue queues a current-stage fetch; fetches queued before the batcher runs share calls.
func (e *Engine) enqueue(h *Holder, deliver func(providers.Result)) {
	e.enqueueMany([]queued{{holder: h, deliver: deliver}})
}

func (e *Engine) enqueueMany(items []queued) {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		for _, it := range items {
			it.deliver(providers.Fail(closedError(it.holder.name)))
		}
		return
	}
	for _, it := range items {
		e.queues[it.holder.provider] = append(e.queues[it.holder.provider], it)
	}
	start := !e.scheduled
	e.scheduled = true
	if start {
		e.wg.Add(1)
	}
	e.mu.Unlock()
	if start {
		go func() {
			defer e.wg.Done()
			// Let goroutines that asked at the same moment join this batch.
			runtime.Gosched()
			e.flush()
		}()
	}
}

func (e *Engine) flush() {
	e.mu.Lock()
	queues := e.queues
	e.queues = map[providers.Provider][]queued{}
	e.scheduled = false
	e.mu.Unlock()
	var wg sync.WaitGroup
	for p, items := range queues {
		wg.Add(1)
		go func(p providers.Provider, items []queued) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(e.closing, e.Timeout)
			defer cancel()
			requests := make([]providers.Request, len(items))
			for i, it := range items {
				requests[i] = it.holder.request(providers.Current)
			}
			results := e.Loader.Fetch(ctx, p, requests)
			for i, it := range items {
				it.deliver(results[i])
			}
		}(p, items)
	}
	wg.Wait()
}

// fetchStage fetches another stage of one secret through the loader (retries, breaker).
func (e *Engine) fetchStage(ctx context.Context, h *Holder, stage providers.Stage) providers.Result {
	ctx, cancel := mergeContexts(ctx, e.closing)
	defer cancel()
	if _, ok := ctx.Deadline(); !ok {
		var cancelTimeout context.CancelFunc
		ctx, cancelTimeout = context.WithTimeout(ctx, e.Timeout)
		defer cancelTimeout()
	}
	return e.Loader.Fetch(ctx, h.provider, []providers.Request{h.request(stage)})[0]
}

// mergeContexts is ctx, also cancelled (with its cause) when other is.
func mergeContexts(ctx, other context.Context) (context.Context, context.CancelFunc) {
	merged, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(other, func() { cancel(context.Cause(other)) })
	return merged, func() {
		stop()
		cancel(context.Canceled)
	}
}

// Preload starts loading every cold holder in as few calls as possible and returns their flights.
func (e *Engine) Preload(holders []*Holder) []*Flight {
	var items []queued
	var flights []*Flight
	for _, h := range holders {
		if f, it := h.ensureLoading(); f != nil {
			flights = append(flights, f)
			if it != nil {
				items = append(items, *it)
			}
		}
	}
	if len(items) > 0 {
		e.enqueueMany(items)
	}
	return flights
}

func closedError(secret string) *secreterr.Error {
	return &secreterr.Error{Code: secreterr.Closed, Secret: secret, Message: "client is closed (secret " + quote(secret) + ")"}
}

func (e *Engine) log(level slog.Level, msg string, attrs ...slog.Attr) {
	if e.Logger != nil {
		e.Logger.LogAttrs(context.Background(), level, msg, attrs...)
	}
}
