package cache

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/decode"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/resilience"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Refresh-ahead point and jitter, as shares of the TTL: a fleet started together does not
// refresh in step.
const (
	refreshAt     = 0.8
	refreshJitter = 0.1
)

// refreshRetry spaces background retries after a failed refresh (the loader already retried
// within the call).
var refreshRetry = resilience.Backoff{Attempts: 1 << 30, Base: time.Second, Cap: time.Minute}

// Snapshot is one version of a secret's value as the cache holds it.
type Snapshot struct {
	VersionID string
	Value     *decode.Value
	// CreatedAt is the store's creation time of the version (zero when the store has none).
	CreatedAt time.Time
	// SeenAt is when this process first loaded the version.
	SeenAt time.Time
}

// Versions is what a dual-key rotation needs; Previous is nil outside the overlap.
type Versions struct {
	Current  *Snapshot
	Previous *Snapshot
}

// State is a secret's cache state.
type State string

// The states.
const (
	Cold   State = "cold"
	Fresh  State = "fresh"
	Stale  State = "stale"
	Failed State = "failed"
)

// Health is a secret's state for health reports. It never holds a value.
type Health struct {
	Secret        string         `json:"secret"`
	State         State          `json:"state"`
	Provider      string         `json:"provider"`
	Loaded        bool           `json:"loaded"`
	Age           time.Duration  `json:"ageMs"`
	VersionID     string         `json:"versionId,omitempty"`
	LastErrorCode secreterr.Code `json:"lastErrorCode,omitempty"`
	// OverlapEndsAt is when the previous version stops being offered (zero: no bound, or none).
	OverlapEndsAt   time.Time `json:"overlapEndsAt,omitzero"`
	PreviousRevoked bool      `json:"previousRevoked,omitempty"`
}

// Flight is a load in progress; every caller waits on the same one.
type Flight struct {
	done chan struct{}
	snap *Snapshot
	err  *secreterr.Error
}

func newFlight() *Flight { return &Flight{done: make(chan struct{})} }

// Wait returns the flight's outcome, or the ctx's error (TIMEOUT/ABORTED) if it ends first;
// the flight goes on for the other waiters.
func (f *Flight) Wait(ctx context.Context, secret string) (*Snapshot, error) {
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, providers.ContextError(ctx, secret)
	}
	if f.err != nil {
		return nil, f.err
	}
	return f.snap, nil
}

type mode int

const (
	loadMode mode = iota
	refreshMode
)

// Holder is the cache cell of one secret. A warm Get is one atomic load: no lock, no clock, no
// allocation. Timers move the state instead: refresh-ahead at ~80% of the TTL (±10% jitter),
// and expiry once refreshes have failed for TTL + max staleness.
type Holder struct {
	name      string
	secret    *descriptor.Secret
	placement descriptor.Placement
	provider  providers.Provider
	ttl       time.Duration
	engine    *Engine
	validator *decode.Validator

	snap atomic.Pointer[Snapshot]

	mu              sync.Mutex
	flight          *Flight
	state           State
	lastErr         secreterr.Code
	loadedAt        time.Time
	refreshFailures int
	refreshTimer    clock.Timer
	expiryTimer     clock.Timer
	// lastSeen survives invalidate and expiry, so a reload of another version is still a change.
	lastSeen *Snapshot
	// prior is the version the last change replaced (previous for stores without stages).
	prior      *Snapshot
	prevCache  *prevEntry
	prevFlight *Flight
	revokedFor string
	listeners  map[int]func(Versions)
	nextID     int
	notifyMu   sync.Mutex
}

type prevEntry struct {
	forVersion string
	expiresAt  time.Time
	snap       *Snapshot
}

// NewHolder builds a cold holder.
func NewHolder(e *Engine, secret *descriptor.Secret, placement descriptor.Placement, p providers.Provider,
	ttl time.Duration, v *decode.Validator) *Holder {
	return &Holder{name: secret.Name, secret: secret, placement: placement, provider: p, ttl: ttl,
		engine: e, validator: v, state: Cold}
}

// Name is the secret's name.
func (h *Holder) Name() string { return h.name }

// ProviderName is the name of the holder's store.
func (h *Holder) ProviderName() string { return h.provider.Name() }

func (h *Holder) request(stage providers.Stage) providers.Request {
	return providers.Request{Secret: h.secret, Placement: h.placement, Environment: h.engine.Environment, Stage: stage}
}

// Current is the loaded snapshot, or nil when cold; it never blocks.
func (h *Holder) Current() *Snapshot { return h.snap.Load() }

// Get returns the current snapshot: warm, a memory read; cold, one shared load.
func (h *Holder) Get(ctx context.Context) (*Snapshot, error) {
	if s := h.snap.Load(); s != nil {
		return s, nil
	}
	return h.wait(ctx, loadMode)
}

// Refresh fetches the secret now (joining a load in flight) and returns what it got.
func (h *Holder) Refresh(ctx context.Context) (*Snapshot, error) { return h.wait(ctx, refreshMode) }

func (h *Holder) wait(ctx context.Context, m mode) (*Snapshot, error) {
	h.mu.Lock()
	f, it := h.startLocked(m)
	h.mu.Unlock()
	if it != nil {
		h.engine.enqueue(h, it.deliver)
	}
	return f.Wait(ctx, h.name)
}

// ensureLoading starts a load unless one runs or a value is held; the caller enqueues the item.
func (h *Holder) ensureLoading() (*Flight, *queued) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.snap.Load() != nil {
		return nil, nil
	}
	return h.startLocked(loadMode)
}

// startLocked joins the flight in progress or creates one; a new flight comes with the item to
// enqueue (after unlocking).
func (h *Holder) startLocked(m mode) (*Flight, *queued) {
	if h.flight != nil {
		return h.flight, nil
	}
	f := newFlight()
	if h.engine.Closed() {
		f.err = closedError(h.name)
		close(f.done)
		return f, nil
	}
	h.flight = f
	started := h.engine.Clock.Now()
	return f, &queued{holder: h, deliver: func(r providers.Result) { h.settle(f, r, m, started) }}
}

func (h *Holder) settle(f *Flight, r providers.Result, m mode, _ time.Time) {
	var notify func()
	h.mu.Lock()
	switch {
	case h.engine.Closed():
		f.err = closedError(h.name)
	case r.Err != nil:
		f.err = r.Err.ForSecret(h.name)
	default:
		snap, err := h.snapshotOf(r.Version)
		if err != nil {
			f.err = err
		} else {
			f.snap = snap
			notify = h.acceptLocked(snap)
		}
	}
	if f.err != nil && f.err.Code != secreterr.Closed {
		h.failLocked(f.err, m)
	}
	h.flight = nil
	h.mu.Unlock()
	close(f.done)
	if notify != nil {
		notify()
	}
}

// snapshotOf keeps the snapshot callers already hold when the version is the same.
func (h *Holder) snapshotOf(v *providers.Version) (*Snapshot, *secreterr.Error) {
	if old := h.snap.Load(); old != nil && old.VersionID == v.ID {
		return old, nil
	}
	if h.lastSeen != nil && h.lastSeen.VersionID == v.ID {
		return h.lastSeen, nil
	}
	value, err := h.validator.Materialize(v.Value)
	if err != nil {
		e, ok := err.(*secreterr.Error)
		if !ok {
			e = &secreterr.Error{Code: secreterr.ValidationFailed, Secret: h.name, Message: "secret " + quote(h.name) + " could not be decoded"}
		}
		return nil, e.ForSecret(h.name)
	}
	return &Snapshot{VersionID: v.ID, Value: value, CreatedAt: v.CreatedAt, SeenAt: h.engine.Clock.Now()}, nil
}

// acceptLocked installs snap and returns the change notification to run after unlocking, if any.
func (h *Holder) acceptLocked(snap *Snapshot) func() {
	old := h.snap.Load()
	if old != snap {
		h.snap.Store(snap)
		if h.engine.ValuesChanged != nil {
			h.engine.ValuesChanged()
		}
	}
	h.loadedAt = h.engine.Clock.Now()
	h.state = Fresh
	h.lastErr = ""
	h.refreshFailures = 0
	stopTimer(&h.expiryTimer)
	h.armRefreshLocked(h.refreshDelay())
	seen := h.lastSeen
	h.lastSeen = snap
	if seen == nil || seen.VersionID == snap.VersionID {
		return nil
	}
	h.prior = seen
	h.prevCache = nil
	listeners := make([]func(Versions), 0, len(h.listeners))
	for _, l := range h.sortedListenersLocked() {
		listeners = append(listeners, l)
	}
	versions := Versions{Current: snap, Previous: seen}
	return func() {
		h.notifyMu.Lock()
		defer h.notifyMu.Unlock()
		for _, l := range listeners {
			h.callListener(l, versions)
		}
	}
}

func (h *Holder) callListener(l func(Versions), v Versions) {
	defer func() {
		if recover() != nil {
			h.engine.log(slog.LevelError, "locksmith: OnChange listener panicked",
				slog.String("event", "listener_failed"), slog.String("secret", h.name))
		}
	}()
	l(v)
}

func (h *Holder) failLocked(err *secreterr.Error, m mode) {
	h.lastErr = err.Code
	attrs := []slog.Attr{slog.String("secret", h.name), slog.String("provider", h.provider.Name()), slog.String("code", string(err.Code))}
	if h.snap.Load() != nil {
		h.state = Stale
		if h.expiryTimer == nil {
			left := h.loadedAt.Add(h.ttl + h.engine.MaxStaleness).Sub(h.engine.Clock.Now())
			h.expiryTimer = h.engine.Clock.AfterFunc(max(0, left), h.expire)
		}
		h.engine.log(slog.LevelWarn, "locksmith: refresh failed, serving last good value", append([]slog.Attr{slog.String("event", "stale_serve")}, attrs...)...)
	} else {
		h.state = Failed
		h.engine.log(slog.LevelWarn, "locksmith: secret could not be loaded", append([]slog.Attr{slog.String("event", "load_failed")}, attrs...)...)
	}
	if m == refreshMode {
		h.refreshFailures++
		h.armRefreshLocked(refreshRetry.Base + resilience.FullJitter(refreshRetry, h.refreshFailures-1, h.engine.rand))
	}
}

func (h *Holder) refreshDelay() time.Duration {
	d := float64(h.ttl)*refreshAt + (h.engine.rand()*2-1)*refreshJitter*float64(h.ttl)
	return max(time.Millisecond, time.Duration(d))
}

func (h *Holder) armRefreshLocked(d time.Duration) {
	stopTimer(&h.refreshTimer)
	if h.engine.Closed() {
		return
	}
	h.refreshTimer = h.engine.Clock.AfterFunc(d, h.BackgroundRefresh)
}

func stopTimer(t *clock.Timer) {
	if *t != nil {
		(*t).Stop()
		*t = nil
	}
}

// BackgroundRefresh starts a refresh nobody waits for (refresh timer, file watch). Failures are
// recorded in health and logged, not returned.
func (h *Holder) BackgroundRefresh() {
	if h.engine.Closed() {
		return
	}
	h.mu.Lock()
	h.refreshTimer = nil
	_, it := h.startLocked(refreshMode)
	h.mu.Unlock()
	if it != nil {
		h.engine.enqueue(h, it.deliver)
	}
}

// expire drops a value that outlived TTL + max staleness.
func (h *Holder) expire() {
	h.mu.Lock()
	h.expiryTimer = nil
	if h.engine.Closed() || h.state != Stale {
		h.mu.Unlock()
		return
	}
	h.dropLocked()
	h.state = Failed
	code := h.lastErr
	h.mu.Unlock()
	h.engine.log(slog.LevelError, "locksmith: value exceeded its maximum staleness and was dropped",
		slog.String("event", "value_expired"), slog.String("secret", h.name), slog.String("provider", h.provider.Name()), slog.String("code", string(code)))
}

func (h *Holder) dropLocked() {
	h.snap.Store(nil)
	if h.engine.ValuesChanged != nil {
		h.engine.ValuesChanged()
	}
}

// Invalidate drops the value: the next Get loads again.
func (h *Holder) Invalidate() {
	h.mu.Lock()
	defer h.mu.Unlock()
	stopTimer(&h.refreshTimer)
	stopTimer(&h.expiryTimer)
	h.dropLocked()
	h.state = Cold
	h.lastErr = ""
	h.prevCache = nil
}

// Stop stops the timers and forgets listeners (client close).
func (h *Holder) Stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	stopTimer(&h.refreshTimer)
	stopTimer(&h.expiryTimer)
	h.listeners = nil
}

// OnChange calls listener once per version change (a refresh, a files watch, a reload after
// expiry or invalidate that finds another version). It returns the unsubscribe function.
func (h *Holder) OnChange(listener func(Versions)) func() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.listeners == nil {
		h.listeners = map[int]func(Versions){}
	}
	id := h.nextID
	h.nextID++
	h.listeners[id] = listener
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.listeners, id)
	}
}

func (h *Holder) sortedListenersLocked() []func(Versions) {
	out := make([]func(Versions), 0, len(h.listeners))
	for id := 0; id < h.nextID; id++ {
		if l, ok := h.listeners[id]; ok {
			out = append(out, l)
		}
	}
	return out
}

// Health reports the holder's state.
func (h *Holder) Health() Health {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := Health{Secret: h.name, State: h.state, Provider: h.provider.Name(), LastErrorCode: h.lastErr}
	if s := h.snap.Load(); s != nil {
		out.Loaded = true
		out.VersionID = s.VersionID
		out.Age = h.engine.Clock.Now().Sub(h.loadedAt)
		out.PreviousRevoked = h.revokedFor == s.VersionID
		if !out.PreviousRevoked && (h.prior != nil || h.prevCache != nil) {
			out.OverlapEndsAt = h.overlapEnd(s)
		}
	}
	return out
}

// Values lists every value the holder keeps (current, and previous versions), for the masker.
func (h *Holder) Values() []*decode.Value {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*decode.Value
	for _, s := range []*Snapshot{h.snap.Load(), h.prior, h.lastSeen} {
		if s != nil {
			out = append(out, s.Value)
		}
	}
	if h.prevCache != nil && h.prevCache.snap != nil {
		out = append(out, h.prevCache.snap.Value)
	}
	return out
}
