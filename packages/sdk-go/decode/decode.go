package decode

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// forbiddenKeys are refused in object values: harmless to Go, but the same value read by the
// Node runtime would reach an object's prototype, so every runtime rejects them alike.
var forbiddenKeys = map[string]bool{"__proto__": true, "constructor": true, "prototype": true}

var integerText = regexp.MustCompile(`^-?[0-9]+$`)

// forbiddenKey finds a forbidden key at any depth (arrays included) and returns its JSON pointer.
// It walks with a stack, so no nesting depth can exhaust the goroutine's stack.
func forbiddenKey(root map[string]any) (string, bool) {
	type node struct {
		value   any
		pointer string
	}
	stack := []node{{root, ""}}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch v := n.value.(type) {
		case map[string]any:
			for key, child := range v {
				at := n.pointer + "/" + escapePointer(key)
				if forbiddenKeys[key] {
					return at, true
				}
				stack = append(stack, node{child, at})
			}
		case []any:
			for i, child := range v {
				stack = append(stack, node{child, n.pointer + "/" + strconv.Itoa(i)})
			}
		}
	}
	return "", false
}

// Decode turns a raw value into the secret's JSON document, before validation: a string
// secret's text, or an object secret's fields with their declared types and defaults.
// Binary values are refused (rule "type"): the catalog has no binary secrets.
func Decode(secret *descriptor.Secret, raw providers.RawValue) (any, error) {
	name := secret.Name
	if raw.Kind == providers.Binary {
		return nil, invalid(name, "", "type", "is binary where text was expected")
	}
	if secret.Kind == "string" {
		text, ok := raw.Text, true
		if raw.Kind == providers.Fields {
			text, ok = raw.Fields[""]
		}
		if !ok {
			return nil, invalid(name, "", "required", "has no value")
		}
		if f := secret.Fields[0]; f.Type != "string" {
			return coerce(name, f, text, "")
		}
		return text, nil
	}
	var object map[string]any
	if raw.Kind == providers.Text {
		dec := json.NewDecoder(strings.NewReader(raw.Text))
		dec.UseNumber()
		var doc any
		// The decoder's errors quote the input, so they are dropped.
		if err := dec.Decode(&doc); err != nil || dec.More() {
			return nil, invalid(name, "", "json", "is not valid JSON")
		}
		obj, ok := doc.(map[string]any)
		if !ok {
			return nil, invalid(name, "", "type", "is not a JSON object")
		}
		object = obj
	} else {
		object = make(map[string]any, len(raw.Fields))
		for k, v := range raw.Fields {
			object[k] = v
		}
	}
	if at, found := forbiddenKey(object); found {
		return nil, invalid(name, at, "forbidden-key", "is a forbidden key (__proto__, constructor, prototype)")
	}
	for _, f := range secret.Fields {
		key := f.Key()
		v, present := object[key]
		switch {
		case !present && f.Default != nil:
			object[key] = normaliseDefault(f.Default)
		case present:
			if text, ok := v.(string); ok && f.Type != "string" {
				typed, err := coerce(name, f, text, "/"+escapePointer(key))
				if err != nil {
					return nil, err
				}
				object[key] = typed
			}
		}
	}
	return object, nil
}

func normaliseDefault(v any) any {
	switch n := v.(type) {
	case float64:
		return json.Number(strconv.FormatFloat(n, 'g', -1, 64))
	case int:
		return json.Number(strconv.Itoa(n))
	}
	return v
}

// coerce converts a field given as text to its declared type, as the Node runtime does.
func coerce(secret string, f descriptor.Field, text, pointer string) (any, error) {
	trimmed := strings.TrimSpace(text)
	switch f.Type {
	case "integer":
		if integerText.MatchString(trimmed) {
			return json.Number(trimmed), nil
		}
	case "number":
		if n, err := strconv.ParseFloat(trimmed, 64); err == nil && trimmed != "" && !math.IsInf(n, 0) && !math.IsNaN(n) && plainNumber(trimmed) {
			return json.Number(strconv.FormatFloat(n, 'g', -1, 64)), nil
		}
	case "boolean":
		switch text {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	default:
		return text, nil
	}
	return nil, invalid(secret, pointer, "type", "is not a valid "+f.Type)
}

// plainNumber refuses what ParseFloat takes but JavaScript's Number does not (hex floats, "Inf",
// "NaN", underscores), so both runtimes agree.
var plainNumberText = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

func plainNumber(text string) bool { return plainNumberText.MatchString(text) }

func invalid(secret, pointer, rule, what string) *secreterr.Error {
	where := ""
	if pointer != "" {
		where = " at " + pointer
	}
	field := pointer
	if field == "" {
		field = "/"
	}
	return &secreterr.Error{Code: secreterr.ValidationFailed, Secret: secret, Field: field, Rule: rule,
		Message: "secret " + strconv.Quote(secret) + where + " " + what + " (rule: " + rule + ")"}
}

// escapePointer escapes one JSON pointer segment (RFC 6901).
func escapePointer(segment string) string {
	return strings.ReplaceAll(strings.ReplaceAll(segment, "~", "~0"), "/", "~1")
}

// toValue builds the immutable Value from a validated document, with Go field types.
func toValue(secret *descriptor.Secret, doc any) (*Value, error) {
	if secret.Kind == "string" {
		switch t := doc.(type) {
		case string:
			return &Value{text: t}, nil
		case json.Number:
			return &Value{text: t.String()}, nil
		case bool:
			return &Value{text: strconv.FormatBool(t)}, nil
		}
		return nil, invalid(secret.Name, "", "type", "is not a string")
	}
	object := doc.(map[string]any)
	types := make(map[string]string, len(secret.Fields))
	for _, f := range secret.Fields {
		types[f.Key()] = f.Type
	}
	fields := make(map[string]any, len(object))
	for key, raw := range object {
		typed, err := goValue(secret.Name, key, types[key], raw)
		if err != nil {
			return nil, err
		}
		fields[key] = typed
	}
	return &Value{fields: fields, object: true}, nil
}

func goValue(secret, key, typ string, raw any) (any, error) {
	n, isNumber := raw.(json.Number)
	switch {
	case !isNumber:
		return plainJSON(raw), nil
	case typ == "integer":
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return i, nil
		}
		if f, err := n.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return int64(f), nil
		}
		return nil, invalid(secret, "/"+escapePointer(key), "type", "is not a 64-bit integer")
	}
	f, err := n.Float64()
	if err != nil {
		return nil, invalid(secret, "/"+escapePointer(key), "type", "is not a finite number")
	}
	return f, nil
}

// plainJSON converts json.Number inside nested values to float64, so extra fields look like
// encoding/json's usual output.
func plainJSON(x any) any {
	switch t := x.(type) {
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, v := range t {
			out[k] = plainJSON(v)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, v := range t {
			out[i] = plainJSON(v)
		}
		return out
	}
	return x
}

// Coerce converts one field given as text to its declared type (integers must fit in 64 bits),
// or returns the "type" failure naming the secret and field.
func Coerce(secret *descriptor.Secret, f descriptor.Field, text string) (any, *secreterr.Error) {
	pointer := ""
	if f.Name != nil {
		pointer = "/" + escapePointer(*f.Name)
	}
	v, err := coerce(secret.Name, f, text, pointer)
	if err != nil {
		return nil, err.(*secreterr.Error)
	}
	if n, ok := v.(json.Number); ok && f.Type == "integer" {
		if _, perr := strconv.ParseInt(n.String(), 10, 64); perr != nil {
			return nil, invalid(secret.Name, pointer, "type", "is not a 64-bit integer")
		}
	}
	return v, nil
}

// ValueOf builds the Value of a document that passed validation.
func (v *Validator) ValueOf(doc any) (*Value, error) { return toValue(v.secret, doc) }
