// Package secreterr holds the runtime's one error type and its stable codes. Every failure the
// runtime reports is an *Error; its message names secrets, fields, rules and providers, never a
// value, so it can be logged as is.
package secreterr

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Code is a stable error code, the same in every Locksmith runtime (Node, Go, Python, Rust).
type Code string

// The codes. Retryable ones are listed by [Code.Retryable].
const (
	NotFound          Code = "NOT_FOUND"
	UnsafePath        Code = "UNSAFE_PATH" // files provider: a directory, `..data` target or file that resolves outside its root
	AccessDenied      Code = "ACCESS_DENIED"
	DecryptionFailed  Code = "DECRYPTION_FAILED"
	MarkedForDeletion Code = "MARKED_FOR_DELETION"
	InvalidRequest    Code = "INVALID_REQUEST"
	Throttled         Code = "THROTTLED"
	Unavailable       Code = "UNAVAILABLE"
	Timeout           Code = "TIMEOUT"
	Network           Code = "NETWORK"
	MalformedResponse Code = "MALFORMED_RESPONSE"
	AuthFailed        Code = "AUTH_FAILED"
	ValidationFailed  Code = "VALIDATION_FAILED"
	NotLoaded         Code = "NOT_LOADED"
	CircuitOpen       Code = "CIRCUIT_OPEN"
	Aborted           Code = "ABORTED"
	Closed            Code = "CLOSED"
	Configuration     Code = "CONFIGURATION"
)

// Codes lists every code in the order every runtime shares (packages/testkit/contract/error-codes.json).
var Codes = []Code{NotFound, UnsafePath, AccessDenied, DecryptionFailed, MarkedForDeletion, InvalidRequest,
	Throttled, Unavailable, Timeout, Network, MalformedResponse, AuthFailed, ValidationFailed, NotLoaded,
	CircuitOpen, Aborted, Closed, Configuration}

// Retryable reports whether another attempt can cure this code. The runtime retries only these;
// the rest are facts about the secret or the configuration.
func (c Code) Retryable() bool {
	switch c {
	case Throttled, Unavailable, Timeout, Network, MalformedResponse:
		return true
	}
	return false
}

// Error is every runtime failure. It deliberately has no slot for a value: Secret, Field, Rule
// and Provider are catalog names, and Cause is only ever another *Error (third-party errors can
// carry request bodies, tokens or values, so they are mapped and dropped).
type Error struct {
	Code Code
	// Message is built from names and codes only.
	Message string
	// Secret is the catalog name of the secret the error is about, if any.
	Secret string
	// Field is the JSON pointer of the offending field, for validation failures ("/password").
	Field string
	// Rule is the failing rule (a JSON Schema keyword, "type", "json", "required").
	Rule string
	// Provider is the store's name ("aws", "vault", "env", "files", "aws>env").
	Provider string
	// Cause is the error this one stands for, if it is another runtime error.
	Cause *Error
	// retryable overrides Code.Retryable (an aggregate is retryable only if every part is).
	retryable *bool
}

// New returns an error with the given code and message.
func New(code Code, message string) *Error { return &Error{Code: code, Message: message} }

// Newf is New with fmt.Sprintf formatting; callers pass names and numbers only.
func Newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error returns the message prefixed with the code.
func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error {
	if e.Cause == nil {
		return nil
	}
	return e.Cause
}

// Is matches another *Error of the same code, so errors.Is(err, secreterr.New(NotFound, "")) works.
func (e *Error) Is(target error) bool {
	var other *Error
	if errors.As(target, &other) && other != nil && other.Message == "" {
		return other.Code == e.Code
	}
	return false
}

// Retryable reports whether the runtime would retry this failure.
func (e *Error) Retryable() bool {
	if e.retryable != nil {
		return *e.retryable
	}
	return e.Code.Retryable()
}

// WithRetryable overrides whether the error counts as retryable.
func (e *Error) WithRetryable(retryable bool) *Error {
	e.retryable = &retryable
	return e
}

// ForSecret returns the same failure attributed to secret (a batch-level failure fans out to
// every request of the batch).
func (e *Error) ForSecret(secret string) *Error {
	if e.Secret == secret {
		return e
	}
	out := *e
	out.Secret = secret
	if e.Secret == "" {
		out.Message = e.Message + " (secret " + strconv.Quote(secret) + ")"
	}
	return &out
}

// String is the message, for %v.
func (e *Error) String() string { return e.Error() }

// GoString shows the safe fields only, for %#v.
func (e *Error) GoString() string {
	return fmt.Sprintf("&secreterr.Error{Code:%q, Message:%q, Secret:%q, Field:%q, Rule:%q, Provider:%q}",
		e.Code, e.Message, e.Secret, e.Field, e.Rule, e.Provider)
}

// MarshalJSON writes the safe fields (there are no others).
func (e *Error) MarshalJSON() ([]byte, error) {
	type shape struct {
		Code      Code   `json:"code"`
		Message   string `json:"message"`
		Retryable bool   `json:"retryable"`
		Secret    string `json:"secret,omitempty"`
		Field     string `json:"field,omitempty"`
		Rule      string `json:"rule,omitempty"`
		Provider  string `json:"provider,omitempty"`
		Cause     *Error `json:"cause,omitempty"`
	}
	return json.Marshal(shape{e.Code, e.Message, e.Retryable(), e.Secret, e.Field, e.Rule, e.Provider, e.Cause})
}

// CodeOf returns the code of err when it is (or wraps) an *Error, and "" otherwise.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Aggregate lists several failures (Preload) as one error; Failures keeps each one.
type Aggregate struct {
	Failures []*Error
}

// Error lists "secret: CODE (rule)" for every failure.
func (a *Aggregate) Error() string {
	text := strconv.Itoa(len(a.Failures)) + " secret(s) failed to load: "
	for i, f := range a.Failures {
		if i > 0 {
			text += ", "
		}
		name := f.Secret
		if name == "" {
			name = "?"
		}
		text += name + ": " + string(f.Code)
		if f.Rule != "" {
			text += " (" + f.Rule + ")"
		}
	}
	return text
}

// Unwrap gives every failure to errors.Is and errors.As.
func (a *Aggregate) Unwrap() []error {
	out := make([]error, len(a.Failures))
	for i, f := range a.Failures {
		out[i] = f
	}
	return out
}

// Retryable is true when every failure is retryable.
func (a *Aggregate) Retryable() bool {
	for _, f := range a.Failures {
		if !f.Retryable() {
			return false
		}
	}
	return len(a.Failures) > 0
}
