package locksmith_test

import (
	"context"
	"errors"
	"testing"
	"time"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
)

func TestPreviousIsOfferedOnlyWithinTheOverlapFromTheStoresCreationTime(t *testing.T) {
	for _, store := range []string{"aws", "vault"} {
		t.Run(store, func(t *testing.T) {
			resetFakes(t)
			p := prefix(t)
			write := func(v string) {
				if store == "aws" {
					writeAWS(t, p+"jwt", v)
				} else {
					writeVault(t, p+"jwt", map[string]any{"value": v})
				}
			}
			write("key-old-0001")
			write("key-new-0002")
			// The client's clock starts an hour after the store created the current version: the
			// overlap (30 min) counts from the store's creation time, not from when this process saw it.
			clk := clock.NewFake(time.Now().Add(time.Hour))
			c := newClient(t, testDescriptor(t, p, secretSpec{name: "jwt", provider: store, overlapMs: int64(30 * time.Minute / time.Millisecond)}),
				locksmith.Options{Clock: clk})
			h, _ := c.Secret("jwt")
			v, err := h.Versions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if v.Previous != nil {
				t.Fatalf("previous offered an hour after a rotation with a 30 min overlap")
			}

			early := clock.NewFake(time.Now())
			c2 := newClient(t, testDescriptor(t, p, secretSpec{name: "jwt", provider: store, overlapMs: int64(30 * time.Minute / time.Millisecond)}),
				locksmith.Options{Clock: early})
			h2, _ := c2.Secret("jwt")
			v, err = h2.Versions(context.Background())
			if err != nil || v.Previous == nil || v.Previous.Value.Text() != "key-old-0001" || v.Current.Value.Text() != "key-new-0002" {
				t.Fatalf("within the overlap: %+v, %v", v, err)
			}
			if end := h2.Health().OverlapEndsAt; end.IsZero() || end.Sub(time.Now()) > 31*time.Minute {
				t.Errorf("health overlapEndsAt = %v", end)
			}
			early.Advance(31 * time.Minute).Wait()
			if v, _ = h2.Versions(context.Background()); v.Previous != nil {
				t.Errorf("previous still offered after the overlap ended")
			}
		})
	}
}

func TestRevokePreviousStopsOfferingItAtOnce(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"enc", "enc-old-1")
	writeAWS(t, p+"enc", "enc-new-2")
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "enc"}), locksmith.Options{})
	h, _ := c.Secret("enc")
	ctx := context.Background()
	if v, err := h.Versions(ctx); err != nil || v.Previous == nil {
		t.Fatalf("without an overlap, previous is offered until the next rotation: %+v %v", v, err)
	}
	h.RevokePrevious()
	if v, _ := h.Versions(ctx); v.Previous != nil {
		t.Error("previous offered after RevokePrevious")
	}
	if !h.Health().PreviousRevoked {
		t.Error("health does not say the previous version was revoked")
	}
}

func TestTryEachUsesPreviousOnlyWhenCurrentFails(t *testing.T) {
	versions := locksmith.TypedVersions[string]{
		Current:  locksmith.TypedVersion[string]{ID: "2", Value: "new"},
		Previous: &locksmith.TypedVersion[string]{ID: "1", Value: "old"},
	}
	verify := func(accepted string) func(string, string) (string, error) {
		return func(key, id string) (string, error) {
			if key == accepted {
				return id, nil
			}
			return "", errors.New("bad signature for " + id)
		}
	}
	if id, err := locksmith.TryEach(versions, verify("old")); err != nil || id != "1" {
		t.Errorf("old-key token: %q %v", id, err)
	}
	if id, err := locksmith.TryEach(versions, verify("new")); err != nil || id != "2" {
		t.Errorf("new-key token: %q %v", id, err)
	}
	if _, err := locksmith.TryEach(versions, verify("none")); err == nil || err.Error() != "bad signature for 2" {
		t.Errorf("both failing must return the current version's error, got %v", err)
	}
}
