package resilience

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
)

// BreakerPolicy is a resolved breaker setting.
type BreakerPolicy struct {
	// FailureThreshold is the number of consecutive failed calls that opens the breaker.
	FailureThreshold int
	// Cooldown is how long it stays open before one probe is let through.
	Cooldown time.Duration
}

// BreakerState is closed, open or half-open.
type BreakerState string

// The states.
const (
	Closed   BreakerState = "closed"
	Open     BreakerState = "open"
	HalfOpen BreakerState = "half-open"
)

// Breaker is a circuit breaker for one store. Closed: calls pass. After FailureThreshold
// consecutive failed calls (a deadline timeout counts) it opens and calls fail fast. After the
// cooldown one probe goes through; its success closes the breaker, its failure re-opens it.
type Breaker struct {
	provider string
	policy   BreakerPolicy
	clock    clock.Clock
	logger   *slog.Logger

	mu       sync.Mutex
	failures int
	openedAt time.Time
	open     bool
	probing  bool
}

// NewBreaker builds a closed breaker.
func NewBreaker(provider string, policy BreakerPolicy, c clock.Clock, logger *slog.Logger) *Breaker {
	return &Breaker{provider: provider, policy: policy, clock: c, logger: logger}
}

// State reports the breaker's state.
func (b *Breaker) State() BreakerState {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !b.open:
		return Closed
	case b.probing:
		return HalfOpen
	}
	return Open
}

// Allow says whether a call may go to the store now, claiming the probe slot once the
// cooldown is over.
func (b *Breaker) Allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return true
	}
	if b.probing || b.clock.Now().Before(b.openedAt.Add(b.policy.Cooldown)) {
		return false
	}
	b.probing = true
	return true
}

// RetryIn is the time until the next probe may go (0 when closed).
func (b *Breaker) RetryIn() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return 0
	}
	left := b.openedAt.Add(b.policy.Cooldown).Sub(b.clock.Now())
	if left < 0 {
		return 0
	}
	return left
}

// Success records a call the store answered.
func (b *Breaker) Success() {
	b.mu.Lock()
	wasOpen := b.open
	b.failures, b.open, b.probing = 0, false, false
	b.mu.Unlock()
	if wasOpen && b.logger != nil {
		b.logger.LogAttrs(context.Background(), slog.LevelInfo, "locksmith: circuit closed",
			slog.String("event", "breaker_closed"), slog.String("provider", b.provider))
	}
}

// Failure records a call the store failed (every answer retryable, or a timeout).
func (b *Breaker) Failure() {
	b.mu.Lock()
	b.failures++
	opened := false
	if b.probing || (!b.open && b.failures >= b.policy.FailureThreshold) {
		b.open, b.openedAt, b.probing, opened = true, b.clock.Now(), false, true
	}
	failures := b.failures
	b.mu.Unlock()
	if opened && b.logger != nil {
		b.logger.LogAttrs(context.Background(), slog.LevelWarn, "locksmith: circuit opened",
			slog.String("event", "breaker_open"), slog.String("provider", b.provider),
			slog.Int("failures", failures), slog.Duration("cooldown", b.policy.Cooldown))
	}
}

// Release gives the probe slot back after a call that ended without a verdict (cancelled by
// its caller).
func (b *Breaker) Release() {
	b.mu.Lock()
	b.probing = false
	b.mu.Unlock()
}
