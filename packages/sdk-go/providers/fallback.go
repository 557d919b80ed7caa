package providers

import (
	"context"
	"strings"
)

// Fallback tries each provider in order for the requests the previous ones failed. Build one
// only when asked: silently reading another store hides misconfiguration. It keeps every
// member's watch.
type Fallback struct {
	chain []Provider
	name  string
	size  int
}

// NewFallback chains providers; a chain of one is that provider.
func NewFallback(chain ...Provider) Provider {
	if len(chain) == 1 {
		return chain[0]
	}
	names := make([]string, len(chain))
	size := chain[0].MaxBatchSize()
	for i, p := range chain {
		names[i] = p.Name()
		if p.MaxBatchSize() < size {
			size = p.MaxBatchSize()
		}
	}
	return &Fallback{chain: chain, name: strings.Join(names, ">"), size: size}
}

// Name is the members' names joined by ">".
func (f *Fallback) Name() string { return f.name }

// MaxBatchSize is the smallest member's.
func (f *Fallback) MaxBatchSize() int { return f.size }

// Fetch asks each member in turn for what is still failing; the first member's error stands
// when every member fails.
func (f *Fallback) Fetch(ctx context.Context, requests []Request) []Result {
	results := make([]Result, len(requests))
	pending := make([]int, len(requests))
	for i := range requests {
		pending[i] = i
	}
	for _, p := range f.chain {
		if len(pending) == 0 || ctx.Err() != nil {
			break
		}
		batch := make([]Request, len(pending))
		for j, i := range pending {
			batch[j] = requests[i]
		}
		answers := p.Fetch(ctx, batch)
		var failed []int
		for j, i := range pending {
			a := answers[j]
			if a.Err == nil || (results[i].Err == nil && results[i].Version == nil) {
				results[i] = a
			}
			if a.Err != nil {
				failed = append(failed, i)
			}
		}
		pending = failed
	}
	for i, r := range results {
		if r.Err == nil && r.Version == nil {
			results[i] = Fail(ContextError(ctx, requests[i].Secret.Name))
		}
	}
	return results
}

// Watch watches every member that can.
func (f *Fallback) Watch(onChange func([]string)) func() {
	var stops []func()
	for _, p := range f.chain {
		if w, ok := p.(Watcher); ok {
			stops = append(stops, w.Watch(onChange))
		}
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// Close closes every member.
func (f *Fallback) Close() error {
	var first error
	for _, p := range f.chain {
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
