package locksmith_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"
)

func TestPreloadBatchesTwentyAtATimeAndColdGetsAreSingleFlight(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	var specs []secretSpec
	for i := range 25 {
		name := fmt.Sprintf("s%02d", i)
		specs = append(specs, secretSpec{name: name})
		writeAWS(t, p+name, "value-of-"+name)
	}
	specs = append(specs, secretSpec{name: "lonely"})
	writeAWS(t, p+"lonely", "lonely-value")
	c := newClient(t, testDescriptor(t, p, specs[:25]...), locksmith.Options{})
	_ = fake.ClearRequests()
	if err := c.Preload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countRequests(t, "aws", "BatchGetSecretValue"); n != 2 {
		t.Errorf("25 secrets took %d BatchGetSecretValue calls, want 2 (20 + 5)", n)
	}
	v, err := c.Get(context.Background(), "s07")
	if err != nil || v.Text() != "value-of-s07" {
		t.Fatalf("s07 = %v, %v", v, err)
	}

	single := newClient(t, testDescriptor(t, p, specs[25]), locksmith.Options{})
	_ = fake.ClearRequests()
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := single.Get(context.Background(), "lonely"); err != nil || v.Text() != "lonely-value" {
				errs <- fmt.Errorf("got %v, %v", v, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := countRequests(t, "aws", "GetSecretValue") + countRequests(t, "aws", "BatchGetSecretValue"); n != 1 {
		t.Errorf("50 concurrent cold gets sent %d requests, want 1", n)
	}
}

func TestRetriesAreTheRuntimesOnlyNeverMultipliedBySDKs(t *testing.T) {
	for _, store := range []string{"aws", "vault"} {
		t.Run(store, func(t *testing.T) {
			resetFakes(t)
			p := prefix(t)
			if store == "aws" {
				writeAWS(t, p+"busy", "busy-value")
			} else {
				writeVault(t, p+"busy", map[string]any{"value": "busy-value"})
			}
			c := newClient(t, testDescriptor(t, p, secretSpec{name: "busy", provider: store}),
				locksmith.Options{Retry: locksmith.RetryOptions{Attempts: 3, Base: time.Millisecond, Cap: 2 * time.Millisecond}})
			_ = fake.ClearRequests()
			if err := fake.Inject(fakes.Fault{Target: store, Error: "503", SecretID: p + "busy"}); err != nil {
				t.Fatal(err)
			}
			_, err := c.Get(context.Background(), "busy")
			if locksmith.CodeOf(err) != locksmith.Unavailable {
				t.Fatalf("err = %v, want UNAVAILABLE", err)
			}
			reads := countRequests(t, "aws", "GetSecretValue")
			if store == "vault" {
				reads = 0
				entries, _ := fake.Requests("vault")
				for _, e := range entries {
					if strings.Contains(e.Path, "/data/") {
						reads++
					}
				}
			}
			if reads != 3 {
				t.Errorf("3 runtime attempts sent %d requests; the client library's own retries must be off", reads)
			}
		})
	}
}

func TestFailedLoadsRetryWithBackoffThenSucceed(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"flaky", "flaky-value")
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "flaky"}),
		locksmith.Options{Retry: locksmith.RetryOptions{Attempts: 3, Base: time.Millisecond, Cap: 2 * time.Millisecond}})
	two := 2
	if err := fake.Inject(fakes.Fault{Target: "aws", Error: "throttle", SecretID: p + "flaky", Times: &two}); err != nil {
		t.Fatal(err)
	}
	v, err := c.Get(context.Background(), "flaky")
	if err != nil || v.Text() != "flaky-value" {
		t.Fatalf("got %v, %v after two throttles", v, err)
	}
}

func TestBreakerOpensAfterDeadlineTimeoutsAndFailsFast(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"stuck", "stuck-value")
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "stuck"}), locksmith.Options{
		Timeout: 150 * time.Millisecond,
		Retry:   locksmith.RetryOptions{Attempts: 1},
		Breaker: locksmith.BreakerOptions{FailureThreshold: 2, Cooldown: time.Hour},
	})
	if err := fake.Inject(fakes.Fault{Target: "aws", Error: "hang", SecretID: p + "stuck", Times: nil}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := c.Get(context.Background(), "stuck"); locksmith.CodeOf(err) != locksmith.Timeout {
			t.Fatalf("call %d: %v, want TIMEOUT", i, err)
		}
	}
	_ = fake.ClearRequests()
	start := time.Now()
	_, err := c.Get(context.Background(), "stuck")
	if locksmith.CodeOf(err) != locksmith.CircuitOpen {
		t.Fatalf("third call: %v, want CIRCUIT_OPEN", err)
	}
	if n := countRequests(t, "aws", "GetSecretValue"); n != 0 {
		t.Errorf("an open breaker let %d requests through", n)
	}
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("an open breaker took %v to fail", elapsed)
	}
}

func TestCallerContextBoundsOnlyItsOwnWait(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"slow", "slow-value")
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "slow"}), locksmith.Options{})
	if err := fake.Inject(fakes.Fault{Target: "aws", SecretID: p + "slow", LatencyMs: 300, Times: fakes.Once()}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Get(ctx, "slow"); locksmith.CodeOf(err) != locksmith.Timeout {
		t.Fatalf("impatient caller got %v, want TIMEOUT", err)
	}
	cancelled, stop := context.WithCancel(context.Background())
	stop()
	if _, err := c.Get(cancelled, "slow"); locksmith.CodeOf(err) != locksmith.Aborted {
		t.Fatalf("cancelled caller got %v, want ABORTED", err)
	}
	if v, err := c.Get(context.Background(), "slow"); err != nil || v.Text() != "slow-value" {
		t.Fatalf("patient caller got %v, %v", v, err)
	}
}

func TestCloseEndsLoadsInFlightWithClosed(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"hung", "hung-value")
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "hung"}), locksmith.Options{})
	if err := fake.Inject(fakes.Fault{Target: "aws", Error: "hang", SecretID: p + "hung", Times: fakes.Once()}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), "hung")
		done <- err
	}()
	// Wait for the request to reach the store, then close.
	for deadline := time.Now().Add(2 * time.Second); countRequests(t, "aws", "GetSecretValue") == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; locksmith.CodeOf(err) != locksmith.Closed && locksmith.CodeOf(err) != locksmith.Aborted {
		t.Fatalf("a load in flight at close ended with %v, want CLOSED", err)
	}
	if _, err := c.Get(context.Background(), "hung"); locksmith.CodeOf(err) != locksmith.Closed {
		t.Errorf("Get after Close: %v, want CLOSED", err)
	}
}

func TestRefreshAheadStaleOnErrorAndExpiry(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"db", "first-value")
	clk := clock.NewFake(time.Now())
	logger, logs := newLogger()
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "db"}), locksmith.Options{
		Clock: clk, Random: func() float64 { return 0.5 }, Logger: logger,
		CacheTTL: time.Minute, MaxStaleness: 10 * time.Minute,
		Retry: locksmith.RetryOptions{Attempts: 1},
	})
	h, _ := c.Secret("db")
	changes := make(chan locksmith.Versions, 4)
	h.OnChange(func(v locksmith.Versions) { changes <- v })
	if v, err := h.Get(context.Background()); err != nil || v.Text() != "first-value" {
		t.Fatalf("%v %v", v, err)
	}
	writeAWS(t, p+"db", "second-value")
	// Refresh-ahead at 80% of the TTL (jitter centred by Random 0.5).
	clk.Advance(48 * time.Second).Wait()
	waitFor(t, func() bool { v, _ := h.Current(); return v.Text() == "second-value" })
	select {
	case v := <-changes:
		if v.Current.Value.Text() != "second-value" || v.Previous == nil || v.Previous.Value.Text() != "first-value" {
			t.Errorf("change event has the wrong versions")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no change event after a refresh saw a new version")
	}

	if err := fake.Inject(fakes.Fault{Target: "aws", Error: "503", SecretID: p + "db", Times: nil}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(48 * time.Second).Wait()
	waitFor(t, func() bool { return h.Health().State == "stale" })
	if v, err := h.Get(context.Background()); err != nil || v.Text() != "second-value" {
		t.Fatalf("a stale value must still be served: %v %v", v, err)
	}
	if got := h.Health().LastErrorCode; got != locksmith.Unavailable {
		t.Errorf("health lastErrorCode = %q", got)
	}
	// TTL + max staleness after the last good load, the value is dropped.
	clk.Advance(11 * time.Minute).Wait()
	waitFor(t, func() bool { _, err := h.Current(); return err != nil })
	if _, err := h.Current(); locksmith.CodeOf(err) != locksmith.NotLoaded {
		t.Errorf("after expiry Current() = %v, want NOT_LOADED", err)
	}
	if c.Health().Ready {
		t.Error("health is ready with an expired value")
	}
	for _, event := range []string{"stale_serve", "value_expired"} {
		if !strings.Contains(logs.String(), event) {
			t.Errorf("no %s event logged", event)
		}
	}
	for _, value := range []string{"first-value", "second-value"} {
		if strings.Contains(logs.String(), value) {
			t.Errorf("a log line shows a value")
		}
	}
	if len(changes) != 0 {
		t.Errorf("%d extra change events", len(changes))
	}
}

func TestOnChangeFiresOnceAfterInvalidateAndReload(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	writeAWS(t, p+"key", "key-one")
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "key"}), locksmith.Options{})
	h, _ := c.Secret("key")
	var mu sync.Mutex
	var seen []string
	h.OnChange(func(v locksmith.Versions) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, v.Current.Value.Text())
	})
	ctx := context.Background()
	if _, err := h.Get(ctx); err != nil {
		t.Fatal(err)
	}
	h.Invalidate()
	if _, err := h.Get(ctx); err != nil {
		t.Fatal(err)
	}
	writeAWS(t, p+"key", "key-two")
	h.Invalidate()
	for range 3 {
		if _, err := h.Get(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(seen, ",") != "key-two" {
		t.Errorf("change events %v, want exactly one for key-two", seen)
	}
}

func TestPreloadListsEveryFailureWithoutValues(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	canary := "canary-short"
	writeAWS(t, p+"good", "good-value")
	writeAWS(t, p+"bad", `{"password":"`+canary+`x"}`)
	c := newClient(t, testDescriptor(t, p,
		secretSpec{name: "good"},
		secretSpec{name: "bad", object: true, schema: `{"type":"object","required":["password"],"properties":{"password":{"type":"string","minLength":64}}}`},
		secretSpec{name: "missing"}), locksmith.Options{})
	err := c.Preload(context.Background())
	var agg *locksmith.AggregateError
	if !errors.As(err, &agg) || len(agg.Failures) != 2 {
		t.Fatalf("Preload = %v, want an aggregate of 2", err)
	}
	if !strings.Contains(err.Error(), "bad: VALIDATION_FAILED (minLength)") || !strings.Contains(err.Error(), "missing: NOT_FOUND") {
		t.Errorf("aggregate message %q", err.Error())
	}
	bad := agg.Failures[0]
	if bad.Secret != "bad" || bad.Field != "/password" || bad.Rule != "minLength" {
		t.Errorf("validation failure names %q %q %q", bad.Secret, bad.Field, bad.Rule)
	}
	if strings.Contains(rendered(err)+rendered(bad), canary) {
		t.Error("a validation error shows the value")
	}
	if v, err := c.Get(context.Background(), "good"); err != nil || v.Text() != "good-value" {
		t.Errorf("good = %v, %v", v, err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
