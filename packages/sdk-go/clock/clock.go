// Package clock is the runtime's time source. Tests pass a fake one so refresh, expiry, overlap
// and backoff are driven by the test rather than by sleeping.
package clock

import "time"

// Timer is a scheduled call that can be stopped.
type Timer interface {
	// Stop prevents the call if it has not run yet; it reports whether it did so.
	Stop() bool
}

// Clock tells the time and schedules calls.
type Clock interface {
	Now() time.Time
	// AfterFunc runs f in its own goroutine after d.
	AfterFunc(d time.Duration, f func()) Timer
}

// System is the real clock.
var System Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Sleep waits d on c, or until done is closed; it reports whether the full time passed.
func Sleep(c Clock, d time.Duration, done <-chan struct{}) bool {
	if d <= 0 {
		select {
		case <-done:
			return false
		default:
			return true
		}
	}
	fired := make(chan struct{})
	t := c.AfterFunc(d, func() { close(fired) })
	select {
	case <-fired:
		return true
	case <-done:
		t.Stop()
		return false
	}
}
