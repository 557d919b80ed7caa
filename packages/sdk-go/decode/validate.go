package decode

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Validator checks values of one secret against its catalog schema (JSON Schema 2020-12,
// formats asserted, patterns in RE2 after translation from ECMAScript).
type Validator struct {
	secret *descriptor.Secret
	schema *jsonschema.Schema
}

// compiled caches validators by schema text: a service with many `{type: string}` secrets
// compiles that schema once.
var compiled sync.Map // string -> *jsonschema.Schema

// Compile compiles the secret's value schema; CONFIGURATION when it does not compile or uses a
// pattern RE2 cannot express. Call it when the client is built, to fail early.
func Compile(secret *descriptor.Secret) (*Validator, error) {
	key := string(secret.Schema)
	if cached, ok := compiled.Load(key); ok {
		return &Validator{secret: secret, schema: cached.(*jsonschema.Schema)}, nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(secret.Schema))
	if err != nil {
		return nil, configuration(secret.Name, "has a value schema that is not JSON")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	var patternErr error
	c.UseRegexpEngine(func(pattern string) (jsonschema.Regexp, error) {
		translated, err := TranslatePattern(pattern)
		if err != nil {
			patternErr = err
			return nil, err
		}
		return regexp.Compile(translated)
	})
	const url = "locksmith:///value.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, configuration(secret.Name, "has a value schema that cannot be loaded")
	}
	schema, err := c.Compile(url)
	if err != nil {
		if patternErr != nil {
			return nil, configuration(secret.Name, "has a pattern that "+patternErr.Error())
		}
		return nil, configuration(secret.Name, "has a value schema that does not compile")
	}
	compiled.Store(key, schema)
	return &Validator{secret: secret, schema: schema}, nil
}

func configuration(secret, what string) *secreterr.Error {
	return &secreterr.Error{Code: secreterr.Configuration, Secret: secret, Message: "secret " + strconv.Quote(secret) + " " + what}
}

// Problem is one failed rule: where (a JSON pointer), which keyword, and a reason built from
// the schema (never from the value).
type Problem struct {
	Pointer string
	Rule    string
	Reason  string
}

// Problems validates a decoded document and lists every failure, sorted by pointer.
func (v *Validator) Problems(doc any) []Problem {
	err := v.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []Problem{{Pointer: "/", Rule: "schema", Reason: "could not be validated"}}
	}
	var out []Problem
	collect(verr, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

func collect(e *jsonschema.ValidationError, out *[]Problem) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collect(c, out)
		}
		return
	}
	pointer := "/" + strings.Join(escapeAll(e.InstanceLocation), "/")
	if pointer == "/" && len(e.InstanceLocation) == 0 {
		pointer = "/"
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, missing := range k.Missing {
			*out = append(*out, Problem{Pointer: join(e.InstanceLocation, missing), Rule: "required", Reason: "is missing"})
		}
		return
	case *kind.AdditionalProperties:
		for _, extra := range k.Properties {
			*out = append(*out, Problem{Pointer: join(e.InstanceLocation, extra), Rule: "additionalProperties", Reason: "is not a field of the secret"})
		}
		return
	}
	rule, reason := describe(e.ErrorKind)
	*out = append(*out, Problem{Pointer: pointer, Rule: rule, Reason: reason})
}

func join(location []string, name string) string {
	return "/" + strings.Join(escapeAll(append(append([]string{}, location...), name)), "/")
}

func escapeAll(segments []string) []string {
	out := make([]string, len(segments))
	for i, s := range segments {
		out[i] = escapePointer(s)
	}
	return out
}

// describe names the keyword and says why, from the schema's numbers only: kinds that carry the
// offending value (Enum.Got, Const, Pattern.Got, Format.Got) are read for their schema side only.
func describe(k jsonschema.ErrorKind) (string, string) {
	switch k := k.(type) {
	case *kind.Type:
		return "type", "is not of type " + strings.Join(k.Want, " or ")
	case *kind.Enum:
		return "enum", "is not one of the allowed values"
	case *kind.Const:
		return "const", "is not the allowed value"
	case *kind.MinLength:
		return "minLength", fmt.Sprintf("is shorter than %d characters", k.Want)
	case *kind.MaxLength:
		return "maxLength", fmt.Sprintf("is longer than %d characters", k.Want)
	case *kind.Pattern:
		return "pattern", "does not match the catalog pattern"
	case *kind.Format:
		return "format", "is not a valid " + k.Want
	case *kind.Minimum:
		return "minimum", "is below " + ratText(k.Want)
	case *kind.Maximum:
		return "maximum", "is above " + ratText(k.Want)
	case *kind.ExclusiveMinimum:
		return "exclusiveMinimum", "is not above " + ratText(k.Want)
	case *kind.ExclusiveMaximum:
		return "exclusiveMaximum", "is not below " + ratText(k.Want)
	}
	path := k.KeywordPath()
	rule := "schema"
	if len(path) > 0 {
		rule = path[len(path)-1]
	}
	return rule, "fails the rule " + rule
}

func ratText(r interface{ FloatString(int) string }) string {
	text := r.FloatString(6)
	text = strings.TrimRight(strings.TrimRight(text, "0"), ".")
	return text
}

// Materialize decodes and validates a raw value into a Value; VALIDATION_FAILED names the
// secret, each failing field's pointer and keyword, never the data.
func (v *Validator) Materialize(raw providers.RawValue) (*Value, error) {
	doc, err := Decode(v.secret, raw)
	if err != nil {
		return nil, err
	}
	if problems := v.Problems(doc); len(problems) > 0 {
		return nil, ProblemsError(v.secret.Name, problems)
	}
	return toValue(v.secret, doc)
}

// ProblemsError is the VALIDATION_FAILED error listing problems; Field and Rule are the first's.
func ProblemsError(secret string, problems []Problem) *secreterr.Error {
	parts := make([]string, len(problems))
	for i, p := range problems {
		parts[i] = p.Pointer + " " + p.Rule
	}
	return &secreterr.Error{Code: secreterr.ValidationFailed, Secret: secret, Field: problems[0].Pointer, Rule: problems[0].Rule,
		Message: "secret " + strconv.Quote(secret) + " failed validation: " + strings.Join(parts, "; ")}
}
