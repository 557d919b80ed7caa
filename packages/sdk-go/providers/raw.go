package providers

import "fmt"

// RawKind tells which form a raw value has.
type RawKind int

// The forms of a raw value.
const (
	// Text is a whole value as text (AWS SecretString, a Vault entry as JSON).
	Text RawKind = iota
	// Binary is AWS SecretBinary; the catalog has no binary secrets, so decoding refuses it.
	Binary
	// Fields is one string per field (env vars, mounted files); "" keys a string secret.
	Fields
)

// RawValue is a value as a provider returns it. Its printed and JSON forms never show it.
type RawValue struct {
	Kind   RawKind
	Text   string
	Bytes  []byte
	Fields map[string]string
}

const redacted = "providers.RawValue{redacted}"

// String keeps the value out of logs.
func (RawValue) String() string { return redacted }

// GoString keeps the value out of %#v.
func (RawValue) GoString() string { return redacted }

// Format keeps the value out of every fmt verb, %+v included.
func (RawValue) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalJSON keeps the value out of JSON.
func (RawValue) MarshalJSON() ([]byte, error) { return []byte(`"[REDACTED]"`), nil }

// String shows the version id only.
func (v Version) String() string { return "providers.Version{ID:" + quote(v.ID) + "}" }

// GoString shows the version id only.
func (v Version) GoString() string { return v.String() }

// Format shows the version id only, for every verb.
func (v Version) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(v.String())) }

// MarshalJSON shows the version id only.
func (v Version) MarshalJSON() ([]byte, error) {
	return []byte(`{"id":` + quote(v.ID) + `}`), nil
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
