package locksmith

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/cache"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Handle is one secret of a client.
type Handle struct {
	holder *cache.Holder
}

// Version is one version of a secret's value.
type Version struct {
	ID    string
	Value *Value
}

// Versions is what a dual-key rotation needs: Previous is nil outside the catalog's overlap,
// after RevokePrevious, or when the store has no previous version.
type Versions struct {
	Current  Version
	Previous *Version
}

// Name is the secret's name.
func (h *Handle) Name() string { return h.holder.Name() }

// Get returns the current value: warm, one atomic load; cold, one load shared by every
// caller. ctx bounds this caller's wait only (TIMEOUT, ABORTED); the load goes on for others.
func (h *Handle) Get(ctx context.Context) (*Value, error) {
	if s := h.holder.Current(); s != nil {
		return s.Value, nil
	}
	s, err := h.holder.Get(ctx)
	if err != nil {
		return nil, err
	}
	return s.Value, nil
}

// Current returns the loaded value without waiting; NOT_LOADED while cold.
func (h *Handle) Current() (*Value, error) {
	if s := h.holder.Current(); s != nil {
		return s.Value, nil
	}
	return nil, &secreterr.Error{Code: secreterr.NotLoaded, Secret: h.Name(),
		Message: "secret " + strconv.Quote(h.Name()) + " is not loaded: call Get or Preload first"}
}

// Refresh fetches the secret now and returns what the store holds.
func (h *Handle) Refresh(ctx context.Context) (*Value, error) {
	s, err := h.holder.Refresh(ctx)
	if err != nil {
		return nil, err
	}
	return s.Value, nil
}

// Invalidate drops the value; the next Get loads it again.
func (h *Handle) Invalidate() { h.holder.Invalidate() }

// Versions returns the current version and, during the rotation overlap, the previous one.
func (h *Handle) Versions(ctx context.Context) (Versions, error) {
	v, err := h.holder.Versions(ctx)
	if err != nil {
		return Versions{}, err
	}
	return toVersions(v), nil
}

// RevokePrevious stops offering the previous version at once, until the next rotation.
func (h *Handle) RevokePrevious() { h.holder.RevokePrevious() }

// OnChange calls listener once per version change; it returns the unsubscribe function.
// Listeners run one at a time, in the goroutine that saw the change; keep them short.
func (h *Handle) OnChange(listener func(Versions)) (unsubscribe func()) {
	return h.holder.OnChange(func(v cache.Versions) { listener(toVersions(v)) })
}

// Health reports the secret's state.
func (h *Handle) Health() Health { return h.holder.Health() }

func toVersions(v cache.Versions) Versions {
	out := Versions{Current: Version{ID: v.Current.VersionID, Value: v.Current.Value}}
	if v.Previous != nil {
		out.Previous = &Version{ID: v.Previous.VersionID, Value: v.Previous.Value}
	}
	return out
}

// String names the secret only.
func (h *Handle) String() string { return "locksmith.Handle{secret:" + strconv.Quote(h.Name()) + "}" }

// GoString is String.
func (h *Handle) GoString() string { return h.String() }

// Format keeps every fmt verb to String.
func (h *Handle) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(h.String())) }

// MarshalJSON shows the secret's health (never a value).
func (h *Handle) MarshalJSON() ([]byte, error) { return json.Marshal(h.Health()) }

// String shows the version id only.
func (v Version) String() string { return "locksmith.Version{ID:" + strconv.Quote(v.ID) + "}" }

// GoString is String.
func (v Version) GoString() string { return v.String() }

// Format keeps every fmt verb to String.
func (v Version) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(v.String())) }

// MarshalJSON shows the version id only.
func (v Version) MarshalJSON() ([]byte, error) {
	return []byte(`{"id":` + strconv.Quote(v.ID) + `}`), nil
}
