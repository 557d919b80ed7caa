// Package decode turns a raw store value into a validated Value: JSON decoding for object
// secrets, field types for values given as text (env vars, files), catalog defaults, then JSON
// Schema validation against the catalog schema. Errors name the secret, field and rule, never
// the value.
package decode

import (
	"fmt"
	"sort"
)

// Value is one validated version of a secret's value. It is immutable, safe to share between
// goroutines, and never shows its contents when printed, formatted or marshalled: read it
// with Text or the field accessors.
type Value struct {
	text   string
	fields map[string]any
	object bool
}

const redactedValue = "locksmith.Value{redacted}"

// Text is a string secret's value ("" for an object secret).
func (v *Value) Text() string {
	if v == nil {
		return ""
	}
	return v.text
}

// IsObject reports whether the secret is an object secret.
func (v *Value) IsObject() bool { return v != nil && v.object }

// Field returns an object field: a string, int64, float64 or bool for catalog fields (other
// JSON for fields the schema does not list), and whether it is present.
func (v *Value) Field(name string) (any, bool) {
	if v == nil {
		return nil, false
	}
	f, ok := v.fields[name]
	return f, ok
}

// StringField is a string field, or "" when absent.
func (v *Value) StringField(name string) string {
	s, _ := v.fieldOf(name).(string)
	return s
}

// IntField is an integer field, or 0 when absent.
func (v *Value) IntField(name string) int64 {
	n, _ := v.fieldOf(name).(int64)
	return n
}

// FloatField is a number field, or 0 when absent. Integer fields convert.
func (v *Value) FloatField(name string) float64 {
	switch n := v.fieldOf(name).(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

// BoolField is a boolean field, or false when absent.
func (v *Value) BoolField(name string) bool {
	b, _ := v.fieldOf(name).(bool)
	return b
}

// FieldNames lists the fields present, sorted.
func (v *Value) FieldNames() []string {
	if v == nil {
		return nil
	}
	names := make([]string, 0, len(v.fields))
	for name := range v.fields {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (v *Value) fieldOf(name string) any {
	if v == nil {
		return nil
	}
	if !v.object && name == "" {
		return v.text
	}
	return v.fields[name]
}

// StringLeaves returns every string the value holds, for the masker.
func (v *Value) StringLeaves() []string {
	if v == nil {
		return nil
	}
	if !v.object {
		return []string{v.text}
	}
	var out []string
	for _, name := range v.FieldNames() {
		out = appendLeaves(out, v.fields[name])
	}
	return out
}

func appendLeaves(out []string, x any) []string {
	switch t := x.(type) {
	case string:
		out = append(out, t)
	case map[string]any:
		for _, child := range t {
			out = appendLeaves(out, child)
		}
	case []any:
		for _, child := range t {
			out = appendLeaves(out, child)
		}
	}
	return out
}

// String keeps the value out of logs.
func (*Value) String() string { return redactedValue }

// GoString keeps the value out of %#v.
func (*Value) GoString() string { return redactedValue }

// Format keeps the value out of every fmt verb.
func (*Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redactedValue)) }

// MarshalJSON keeps the value out of JSON.
func (*Value) MarshalJSON() ([]byte, error) { return []byte(`"[REDACTED]"`), nil }

// NewText builds a string secret's value (tests and custom providers).
func NewText(text string) *Value { return &Value{text: text} }
