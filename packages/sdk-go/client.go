package locksmith

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/cache"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/decode"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/redact"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/resilience"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Client serves the secrets of one service. It is safe for concurrent use; Close it when done
// (it stops its timers, watches and connections, and waits for its goroutines).
type Client struct {
	service     string
	environment string
	engine      *cache.Engine
	holders     map[string]*Handle
	names       []string
	owned       []providers.Provider
	unwatch     []func()
	masker      *redact.Masker
}

// New builds the client of a service from its descriptor. It makes no request: call Preload
// (or Get) to load. CONFIGURATION when the environment is missing or unknown, a schema does not
// compile, or a selected store lacks its settings.
func New(ctx context.Context, d *Descriptor, opts Options) (*Client, error) {
	if d == nil {
		return nil, secreterr.New(secreterr.Configuration, "no descriptor")
	}
	o := opts.withDefaults()
	wanted := o.Environment
	if wanted == "" {
		wanted = o.env("LOCKSMITH_ENV")
	}
	environment, err := pickEnvironment(d, wanted)
	if err != nil {
		return nil, err
	}
	validators := map[string]*decode.Validator{}
	for _, name := range d.SecretNames() {
		v, err := decode.Compile(d.Secrets[name])
		if err != nil {
			return nil, err
		}
		validators[name] = v
	}
	sel, err := selectProviders(ctx, d, environment, o)
	if err != nil {
		return nil, err
	}
	c := &Client{service: d.Service, environment: environment, holders: map[string]*Handle{}, names: d.SecretNames(), owned: sel.owned}
	c.masker = redact.NewMasker(c.loadedLeaves)
	c.engine = &cache.Engine{
		Clock: o.Clock, Random: o.Random, Logger: o.Logger, Timeout: o.Timeout, MaxStaleness: o.MaxStaleness,
		Environment: environment, ValuesChanged: c.masker.Invalidate,
		Loader: &cache.Loader{Clock: o.Clock, Random: o.Random, Logger: o.Logger,
			Retry:   resilience.Backoff{Attempts: o.Retry.Attempts, Base: o.Retry.Base, Cap: o.Retry.Cap},
			Breaker: resilience.BreakerPolicy{FailureThreshold: o.Breaker.FailureThreshold, Cooldown: o.Breaker.Cooldown}},
	}
	c.engine.Start()
	watched := map[providers.Provider]bool{}
	for _, name := range c.names {
		secret := d.Secrets[name]
		ttl := o.CacheTTL
		if ttl == 0 && secret.CacheTTLMs != nil {
			ttl = time.Duration(*secret.CacheTTLMs) * time.Millisecond
		}
		if ttl == 0 {
			ttl = DefaultCacheTTL
		}
		placement, ok := secret.Placements[environment]
		if !ok {
			// Only env and files serve a secret with no placement here; they do not read it.
			placement = descriptor.Placement{Provider: "aws", Path: name}
		}
		p := sel.bySecret[name]
		c.holders[name] = &Handle{holder: cache.NewHolder(c.engine, secret, placement, p, ttl, validators[name])}
		if w, ok := p.(providers.Watcher); ok && !watched[p] {
			watched[p] = true
			c.unwatch = append(c.unwatch, w.Watch(c.changed))
		}
	}
	return c, nil
}

// Service is the service's name.
func (c *Client) Service() string { return c.service }

// Environment is the environment the client runs in.
func (c *Client) Environment() string { return c.environment }

// Secret returns the handle of one secret; CONFIGURATION when the service does not read it.
func (c *Client) Secret(name string) (*Handle, error) {
	h, ok := c.holders[name]
	if !ok {
		return nil, unknownSecret(name)
	}
	return h, nil
}

// MustSecret is Secret for names known to be in the descriptor (generated code); it panics otherwise.
func (c *Client) MustSecret(name string) *Handle {
	h, err := c.Secret(name)
	if err != nil {
		panic(err)
	}
	return h
}

// Get returns a secret's current value: warm, a map read and an atomic load; cold, one load
// shared by every caller, bounded by ctx for this caller.
func (c *Client) Get(ctx context.Context, name string) (*Value, error) {
	h, ok := c.holders[name]
	if !ok {
		return nil, unknownSecret(name)
	}
	return h.Get(ctx)
}

// Preload loads every secret in the fewest store calls and returns one *AggregateError
// listing every failure. ctx bounds the wait.
func (c *Client) Preload(ctx context.Context) error {
	holders := make([]*cache.Holder, 0, len(c.names))
	for _, name := range c.names {
		holders = append(holders, c.holders[name].holder)
	}
	if c.engine.Closed() {
		return secreterr.New(secreterr.Closed, "client is closed")
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.engine.Timeout)
		defer cancel()
	}
	var failures []*secreterr.Error
	for _, f := range c.engine.Preload(holders) {
		if _, err := f.Wait(ctx, ""); err != nil {
			if e, ok := err.(*secreterr.Error); ok {
				failures = append(failures, e)
			}
		}
	}
	if len(failures) > 0 {
		sort.Slice(failures, func(i, j int) bool { return failures[i].Secret < failures[j].Secret })
		return &secreterr.Aggregate{Failures: failures}
	}
	return nil
}

// HealthReport is what Health returns: per-secret state and the verdict for a readiness probe.
type HealthReport struct {
	// Ready is true when every secret holds a value within its staleness bound.
	Ready   bool     `json:"ready"`
	Secrets []Health `json:"secrets"`
}

// Health reports every secret's state, sorted by name. It never holds a value.
func (c *Client) Health() HealthReport {
	report := HealthReport{Ready: true, Secrets: make([]Health, 0, len(c.names))}
	for _, name := range c.names {
		h := c.holders[name].holder.Health()
		report.Ready = report.Ready && h.Loaded
		report.Secrets = append(report.Secrets, h)
	}
	return report
}

// Mask replaces every loaded value (current and previous versions; raw, base64, base64url, hex,
// URL-encoded and JSON-escaped) of four or more characters in text with [REDACTED].
func (c *Client) Mask(text string) string { return c.masker.Mask(text) }

// ContainsSecret reports whether text holds a loaded value in any form Mask knows.
func (c *Client) ContainsSecret(text string) bool { return c.masker.Contains(text) }

// Close stops refreshes and watches, cancels loads in flight (they end with CLOSED), closes the
// stores the client built and waits for every goroutine it started. Calling it again is harmless.
func (c *Client) Close() error {
	if c.engine.Closed() {
		return nil
	}
	for _, stop := range c.unwatch {
		stop()
	}
	for _, h := range c.holders {
		h.holder.Stop()
	}
	c.engine.Close()
	var first error
	for _, p := range c.owned {
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (c *Client) changed(names []string) {
	for _, name := range names {
		if h, ok := c.holders[name]; ok {
			h.holder.BackgroundRefresh()
		}
	}
}

func (c *Client) loadedLeaves() []string {
	var out []string
	for _, name := range c.names {
		for _, v := range c.holders[name].holder.Values() {
			out = append(out, v.StringLeaves()...)
		}
	}
	return out
}

// String names the service and environment only.
func (c *Client) String() string {
	return "locksmith.Client{service:" + strconv.Quote(c.service) + ", environment:" + strconv.Quote(c.environment) + "}"
}

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// Format keeps every fmt verb to String.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// MarshalJSON shows the service, environment and health (never a value).
func (c *Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Service     string       `json:"service"`
		Environment string       `json:"environment"`
		Closed      bool         `json:"closed"`
		Health      HealthReport `json:"health"`
	}{c.service, c.environment, c.engine.Closed(), c.Health()})
}

func unknownSecret(name string) *secreterr.Error {
	return &secreterr.Error{Code: secreterr.Configuration, Secret: name, Message: "secret " + strconv.Quote(name) + " is not read by this service"}
}
