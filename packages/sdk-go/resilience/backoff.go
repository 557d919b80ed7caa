// Package resilience holds the retry policy and the circuit breaker.
package resilience

import (
	"math"
	"time"
)

// Backoff is a resolved retry policy.
type Backoff struct {
	// Attempts per call, the first included.
	Attempts int
	Base     time.Duration
	Cap      time.Duration
}

// FullJitter is the AWS Architecture Blog's "full jitter": a uniform delay in
// [0, min(cap, base·2^attempt)). random returns a uniform number in [0, 1).
func FullJitter(b Backoff, attempt int, random func() float64) time.Duration {
	ceiling := float64(b.Base) * math.Pow(2, float64(attempt))
	if ceiling > float64(b.Cap) {
		ceiling = float64(b.Cap)
	}
	return time.Duration(random() * ceiling)
}
