package locksmith

import (
	"log/slog"
	"math/rand/v2"
	"os"
	"time"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/clock"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
)

// Defaults of every tunable (docs/go.md lists the same numbers).
const (
	DefaultCacheTTL         = 5 * time.Minute
	DefaultMaxStaleness     = time.Hour
	DefaultTimeout          = 10 * time.Second
	DefaultRetryAttempts    = 3
	DefaultRetryBase        = 100 * time.Millisecond
	DefaultRetryCap         = 2 * time.Second
	DefaultFailureThreshold = 5
	DefaultCooldown         = 30 * time.Second
)

// Options configures a client. Every field is optional.
type Options struct {
	// Environment is one of the descriptor's environments (default: LOCKSMITH_ENV).
	Environment string
	// Provider forces one kind of store for every secret: "store" (each placement's own),
	// "aws", "vault", "env" or "files" (default: LOCKSMITH_PROVIDER, else the environment's source).
	Provider string
	// ProviderInstance forces one provider instance for every secret (a custom store, a test double
	// built on the fakes); it wins over Provider.
	ProviderInstance providers.Provider
	// Providers replaces built-in providers by kind ("aws", "vault", "env", "files"). The client
	// does not close providers it did not build.
	Providers map[string]providers.Provider
	// Fallback lists stores to try, in order, when the selected one fails (e.g. ["env"]).
	Fallback []string
	// AWSEndpoint overrides the Secrets Manager endpoint (default: the SDK's, which honours
	// AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL).
	AWSEndpoint string
	// VaultAddress is Vault's address (default: VAULT_ADDR).
	VaultAddress string
	// FilesRoot holds the mounted secret directories (default: LOCKSMITH_FILES_ROOT, else
	// /var/run/secrets/locksmith).
	FilesRoot string
	// ServiceAccountTokenPath is the Kubernetes service-account JWT for Vault's kubernetes auth
	// (default: LOCKSMITH_VAULT_JWT_PATH, else /var/run/secrets/kubernetes.io/serviceaccount/token).
	ServiceAccountTokenPath string
	// CacheTTL overrides every secret's TTL (default: the secret's cacheTtl, else 5 min).
	CacheTTL time.Duration
	// MaxStaleness is how long past its TTL a value is served while refreshes fail (default 1 h).
	MaxStaleness time.Duration
	// Timeout is the budget of one load, refresh or preload, retries included (default 10 s).
	Timeout time.Duration
	Retry   RetryOptions
	Breaker BreakerOptions
	// Clock is the time source (tests pass clock.NewFake).
	Clock clock.Clock
	// Random returns a uniform number in [0, 1) for jitter (tests pass a seeded one).
	Random func() float64
	// Logger receives events (stale_serve, load_failed, breaker_open…) with names and codes only.
	Logger *slog.Logger
	// LookupEnv reads LOCKSMITH_*, VAULT_* and the env provider's variables (default os.LookupEnv).
	LookupEnv func(string) (string, bool)
}

// RetryOptions is the retry policy for retryable codes: exponential backoff with full jitter.
type RetryOptions struct {
	// Attempts per call, the first included (default 3).
	Attempts int
	// Base delay (default 100 ms) and largest delay (default 2 s).
	Base time.Duration
	Cap  time.Duration
}

// BreakerOptions configures the circuit breaker kept per store.
type BreakerOptions struct {
	// FailureThreshold is the consecutive failed calls that open it (default 5).
	FailureThreshold int
	// Cooldown is how long it stays open before one probe (default 30 s).
	Cooldown time.Duration
}

func (o Options) withDefaults() Options {
	if o.LookupEnv == nil {
		o.LookupEnv = os.LookupEnv
	}
	if o.MaxStaleness == 0 {
		o.MaxStaleness = DefaultMaxStaleness
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Retry.Attempts < 1 {
		o.Retry.Attempts = DefaultRetryAttempts
	}
	if o.Retry.Base == 0 {
		o.Retry.Base = DefaultRetryBase
	}
	if o.Retry.Cap == 0 {
		o.Retry.Cap = DefaultRetryCap
	}
	if o.Breaker.FailureThreshold < 1 {
		o.Breaker.FailureThreshold = DefaultFailureThreshold
	}
	if o.Breaker.Cooldown == 0 {
		o.Breaker.Cooldown = DefaultCooldown
	}
	if o.Clock == nil {
		o.Clock = clock.System
	}
	if o.Random == nil {
		o.Random = rand.Float64
	}
	return o
}

func (o Options) env(name string) string {
	v, _ := o.LookupEnv(name)
	return v
}
