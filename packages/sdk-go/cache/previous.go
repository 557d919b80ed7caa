package cache

import (
	"context"
	"log/slog"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// overlapEnd is when the previous version stops being offered: the current version's creation
// time in the store plus the catalog's overlap (the time this process first saw it, for stores
// that keep no creation time). Zero means no bound: offered until the next rotation.
func (h *Holder) overlapEnd(current *Snapshot) time.Time {
	overlap := h.secret.Rotation.OverlapMs
	if overlap == nil {
		return time.Time{}
	}
	base := current.CreatedAt
	if base.IsZero() {
		base = current.SeenAt
	}
	return base.Add(time.Duration(*overlap) * time.Millisecond)
}

// RevokePrevious stops offering the previous version at once (until the next rotation), e.g.
// after a leaked key was rotated out.
func (h *Holder) RevokePrevious() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s := h.snap.Load(); s != nil {
		h.revokedFor = s.VersionID
	}
}

// Versions returns the current version and, within the overlap, the previous one: the store's
// previous stage (AWSPREVIOUS, the newest live Vault version below current), or for stores
// without stages the version this process saw before the last change.
func (h *Holder) Versions(ctx context.Context) (Versions, error) {
	current, err := h.Get(ctx)
	if err != nil {
		return Versions{}, err
	}
	if !h.offersPrevious(current) {
		return Versions{Current: current}, nil
	}
	previous, err := h.previous(ctx, current)
	if err != nil {
		return Versions{}, err
	}
	// The answer may have taken a while: the overlap may have ended meanwhile.
	if previous == nil || !h.offersPrevious(current) {
		return Versions{Current: current}, nil
	}
	return Versions{Current: current, Previous: previous}, nil
}

func (h *Holder) offersPrevious(current *Snapshot) bool {
	h.mu.Lock()
	revoked := h.revokedFor == current.VersionID
	h.mu.Unlock()
	if revoked {
		return false
	}
	end := h.overlapEnd(current)
	return end.IsZero() || !h.engine.Clock.Now().After(end)
}

// previous is cached per current version for the TTL, with one fetch for every waiter.
func (h *Holder) previous(ctx context.Context, current *Snapshot) (*Snapshot, error) {
	h.mu.Lock()
	if c := h.prevCache; c != nil && c.forVersion == current.VersionID && h.engine.Clock.Now().Before(c.expiresAt) {
		h.mu.Unlock()
		return c.snap, nil
	}
	f := h.prevFlight
	start := f == nil
	if start {
		f = newFlight()
		h.prevFlight = f
	}
	h.mu.Unlock()
	if start && !h.engine.Go(func() { h.loadPrevious(f, current) }) {
		h.mu.Lock()
		h.prevFlight = nil
		h.mu.Unlock()
		f.err = closedError(h.name)
		close(f.done)
	}
	return f.Wait(ctx, h.name)
}

func (h *Holder) loadPrevious(f *Flight, current *Snapshot) {
	result := h.engine.fetchStage(context.Background(), h, "previous")
	h.mu.Lock()
	var fallback *Snapshot
	if h.prior != nil && h.prior.VersionID != current.VersionID {
		fallback = h.prior
	}
	version, cache := fallback, true
	switch {
	case result.Err == nil:
		if s, err := h.snapshotOf(result.Version); err == nil {
			version = s
		} else {
			h.engine.log(slog.LevelWarn, "locksmith: previous version is invalid",
				slog.String("event", "previous_invalid"), slog.String("secret", h.name), slog.String("code", string(err.Code)))
		}
	case result.Err.Code == secreterr.NotFound || result.Err.Code == secreterr.InvalidRequest:
	default:
		// The store is struggling: answer with what is known, but do not cache that answer.
		cache = false
		h.engine.log(slog.LevelWarn, "locksmith: previous version unavailable",
			slog.String("event", "previous_unavailable"), slog.String("secret", h.name), slog.String("code", string(result.Err.Code)))
	}
	if version != nil && version.VersionID == current.VersionID {
		version = nil
	}
	if cache {
		h.prevCache = &prevEntry{forVersion: current.VersionID, expiresAt: h.engine.Clock.Now().Add(h.ttl), snap: version}
	}
	h.prevFlight = nil
	f.snap = version
	h.mu.Unlock()
	if h.engine.ValuesChanged != nil {
		h.engine.ValuesChanged()
	}
	close(f.done)
}
