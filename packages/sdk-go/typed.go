package locksmith

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
)

// Typed is a handle that returns a generated struct instead of a *Value. The conversion runs
// once per version, so a warm Get stays a few atomic loads.
type Typed[T any] struct {
	handle  *Handle
	convert func(*Value) T
	last    atomic.Pointer[converted[T]]
}

type converted[T any] struct {
	from  *Value
	value T
}

// TypedVersion is one version of a typed secret.
type TypedVersion[T any] struct {
	ID    string
	Value T
}

// TypedVersions is Versions with typed values.
type TypedVersions[T any] struct {
	Current  TypedVersion[T]
	Previous *TypedVersion[T]
}

// NewTyped wraps a handle with the conversion generated code provides.
func NewTyped[T any](h *Handle, convert func(*Value) T) *Typed[T] {
	return &Typed[T]{handle: h, convert: convert}
}

// Handle is the untyped handle.
func (t *Typed[T]) Handle() *Handle { return t.handle }

func (t *Typed[T]) of(v *Value) T {
	if c := t.last.Load(); c != nil && c.from == v {
		return c.value
	}
	c := &converted[T]{from: v, value: t.convert(v)}
	t.last.Store(c)
	return c.value
}

// Get returns the current value; see Handle.Get.
func (t *Typed[T]) Get(ctx context.Context) (T, error) {
	v, err := t.handle.Get(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return t.of(v), nil
}

// Current returns the loaded value without waiting; NOT_LOADED while cold.
func (t *Typed[T]) Current() (T, error) {
	v, err := t.handle.Current()
	if err != nil {
		var zero T
		return zero, err
	}
	return t.of(v), nil
}

// Versions returns the current and, during the overlap, previous versions.
func (t *Typed[T]) Versions(ctx context.Context) (TypedVersions[T], error) {
	v, err := t.handle.Versions(ctx)
	if err != nil {
		return TypedVersions[T]{}, err
	}
	return t.typedVersions(v), nil
}

func (t *Typed[T]) typedVersions(v Versions) TypedVersions[T] {
	out := TypedVersions[T]{Current: TypedVersion[T]{ID: v.Current.ID, Value: t.convert(v.Current.Value)}}
	if v.Previous != nil {
		out.Previous = &TypedVersion[T]{ID: v.Previous.ID, Value: t.convert(v.Previous.Value)}
	}
	return out
}

// OnChange calls listener once per version change.
func (t *Typed[T]) OnChange(listener func(TypedVersions[T])) (unsubscribe func()) {
	return t.handle.OnChange(func(v Versions) { listener(t.typedVersions(v)) })
}

// Refresh fetches the secret now.
func (t *Typed[T]) Refresh(ctx context.Context) (T, error) {
	v, err := t.handle.Refresh(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return t.of(v), nil
}

// Invalidate drops the value.
func (t *Typed[T]) Invalidate() { t.handle.Invalidate() }

// RevokePrevious stops offering the previous version at once.
func (t *Typed[T]) RevokePrevious() { t.handle.RevokePrevious() }

// String names the secret only.
func (t *Typed[T]) String() string {
	return "locksmith.Typed{secret:" + strconv.Quote(t.handle.Name()) + "}"
}

// GoString is String.
func (t *Typed[T]) GoString() string { return t.String() }

// Format keeps every fmt verb to String.
func (t *Typed[T]) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(t.String())) }

// String shows the version id only.
func (v TypedVersion[T]) String() string {
	return "locksmith.TypedVersion{ID:" + strconv.Quote(v.ID) + "}"
}

// Format keeps every fmt verb to String.
func (v TypedVersion[T]) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(v.String())) }

// MarshalJSON shows the version id only.
func (v TypedVersion[T]) MarshalJSON() ([]byte, error) {
	return []byte(`{"id":` + strconv.Quote(v.ID) + `}`), nil
}
