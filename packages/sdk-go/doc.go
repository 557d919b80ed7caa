// Package locksmith is the Go runtime of Locksmith: it reads the secrets a service needs from
// AWS Secrets Manager, Vault KV v2, environment variables or mounted files, keeps them in
// memory, refreshes them in the background, validates them against the catalog schema and keeps
// them out of logs. It follows the same runtime contract as the Node runtime (@locksmith/sdk-node):
// the same descriptor, environment variables, error codes and provider behaviour.
//
// Service code usually does not call it directly: `locksmith gen` writes a typed package per
// service (see docs/go.md) that embeds the service's descriptor and calls [New].
//
//	client, err := locksmith.New(ctx, descriptor, locksmith.Options{})
//	if err != nil { ... }            // CONFIGURATION: no LOCKSMITH_ENV, unknown store settings…
//	defer client.Close()
//	if err := client.Preload(ctx); err != nil { ... } // fail fast, one error listing every secret
//	db, err := client.Get(ctx, "database")            // warm: one atomic load
//
// Values ([Value]) and errors never print a secret: %v, %+v, %#v and JSON show "redacted".
package locksmith

import (
	"github.com/locksmith-dev/locksmith/packages/sdk-go/cache"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/decode"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Error is every runtime failure; see [secreterr.Error].
type Error = secreterr.Error

// AggregateError lists every failure of Preload.
type AggregateError = secreterr.Aggregate

// Code is a stable error code.
type Code = secreterr.Code

// Value is one validated version of a secret's value; it never prints its contents.
type Value = decode.Value

// Descriptor is a service's runtime descriptor, as generated code embeds it.
type Descriptor = descriptor.Service

// Health is one secret's state in a health report.
type Health = cache.Health

// The stable error codes, shared by every Locksmith runtime.
const (
	NotFound          = secreterr.NotFound
	UnsafePath        = secreterr.UnsafePath
	AccessDenied      = secreterr.AccessDenied
	DecryptionFailed  = secreterr.DecryptionFailed
	MarkedForDeletion = secreterr.MarkedForDeletion
	InvalidRequest    = secreterr.InvalidRequest
	Throttled         = secreterr.Throttled
	Unavailable       = secreterr.Unavailable
	Timeout           = secreterr.Timeout
	Network           = secreterr.Network
	MalformedResponse = secreterr.MalformedResponse
	AuthFailed        = secreterr.AuthFailed
	ValidationFailed  = secreterr.ValidationFailed
	NotLoaded         = secreterr.NotLoaded
	CircuitOpen       = secreterr.CircuitOpen
	Aborted           = secreterr.Aborted
	Closed            = secreterr.Closed
	Configuration     = secreterr.Configuration
)

// CodeOf returns the code of err when it is (or wraps) a runtime error, and "" otherwise.
func CodeOf(err error) Code { return secreterr.CodeOf(err) }

// ParseDescriptor reads a ServiceDescriptor JSON.
func ParseDescriptor(data []byte) (*Descriptor, error) { return descriptor.Parse(data) }

// MustParseDescriptor is ParseDescriptor for the literal in generated code; it panics on a
// broken descriptor, which only a hand edit of the generated file can cause.
func MustParseDescriptor(data string) *Descriptor { return descriptor.MustParse(data) }
