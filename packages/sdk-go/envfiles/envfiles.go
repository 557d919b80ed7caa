// Package envfiles is the loader generated packages use without a store: it reads every field
// of every secret from environment variables or mounted files, checks each against the catalog
// schema, and reports every problem at once. (It used to be copied into each generated file.)
package envfiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/decode"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
)

// Source looks up the text of one field of one secret. ok is false when the field is not set;
// an error means it is set but could not be read.
type Source interface {
	Lookup(secret, envVar string) (value string, ok bool, err error)
}

type envSource func(string) (string, bool)

func (lookup envSource) Lookup(_, envVar string) (string, bool, error) {
	value, ok := lookup(envVar)
	return value, ok, nil
}

// EnvSource reads each field from the environment variable the catalog names, through lookup
// (os.LookupEnv in production, a map in tests).
func EnvSource(lookup func(string) (string, bool)) Source { return envSource(lookup) }

type dirSource string

func (root dirSource) Lookup(secret, envVar string) (string, bool, error) {
	data, err := os.ReadFile(filepath.Join(string(root), secret, envVar))
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	text := string(data)
	if strings.HasSuffix(text, "\r\n") {
		return text[:len(text)-2], true, nil
	}
	return strings.TrimSuffix(text, "\n"), true, nil
}

// DirSource reads mounted secrets: the file <root>/<secret name>/<ENV_VAR_NAME> holds one field,
// as External Secrets Operator and the kubelet lay out a Kubernetes Secret volume. One trailing
// newline is removed.
func DirSource(root string) Source { return dirSource(root) }

// Problem is one reason a field was rejected. It names the field and the rule, never the value.
type Problem struct {
	Secret string
	// Field is empty for a secret whose value is a single string.
	Field  string
	EnvVar string
	Rule   string
	Reason string
	// Err is the Source's error when the rule is "read"; Error() leaves it out.
	Err error
}

func (p Problem) String() string {
	where := "secret " + strconv.Quote(p.Secret)
	if p.Field != "" {
		where += " field " + strconv.Quote(p.Field)
	}
	return fmt.Sprintf("%s (%s) %s (rule: %s)", where, p.EnvVar, p.Reason, p.Rule)
}

// Error lists every problem Load found, so one start-up shows everything to fix.
type Error struct {
	Service  string
	Problems []Problem
}

func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("%s: %d secret problem(s): %s", e.Service, len(e.Problems), strings.Join(parts, "; "))
}

// Unwrap exposes the Source errors behind "read" problems to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var causes []error
	for _, p := range e.Problems {
		if p.Err != nil {
			causes = append(causes, p.Err)
		}
	}
	return causes
}

// Load reads and checks every field of every secret of d, in d's order (sorted by secret name,
// then the catalog's field order), and returns each secret's value, or an *Error listing every
// problem. The schema checks are the store mode's: JSON Schema with formats asserted.
func Load(d *descriptor.Service, src Source) (map[string]*decode.Value, error) {
	out := map[string]*decode.Value{}
	var problems []Problem
	for _, name := range d.SecretNames() {
		secret := d.Secrets[name]
		value, found := loadSecret(secret, src)
		problems = append(problems, found...)
		if value != nil {
			out[name] = value
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Service: d.Service, Problems: problems}
	}
	return out, nil
}

func loadSecret(secret *descriptor.Secret, src Source) (*decode.Value, []Problem) {
	validator, err := decode.Compile(secret)
	if err != nil {
		return nil, []Problem{{Secret: secret.Name, Rule: "schema", Reason: "has a schema this runtime cannot check"}}
	}
	var problems []Problem
	fail := func(f descriptor.Field, rule, reason string, cause error) {
		problems = append(problems, Problem{Secret: secret.Name, Field: f.Key(), EnvVar: f.Env, Rule: rule, Reason: reason, Err: cause})
	}
	object := map[string]any{}
	var single any
	present := false
	for _, f := range secret.Fields {
		text, ok, err := src.Lookup(secret.Name, f.Env)
		switch {
		case err != nil:
			fail(f, "read", "cannot be read", err)
			continue
		case !ok && f.Default != nil:
			text, ok = defaultText(f.Default), true
		case !ok && f.Required:
			fail(f, "required", "is not set", nil)
			continue
		case !ok:
			continue
		}
		typed, cerr := decode.Coerce(secret, f, text)
		if cerr != nil {
			fail(f, cerr.Rule, reasonOf(cerr.Message, f), nil)
			continue
		}
		if secret.Kind == "string" {
			single, present = typed, true
		} else {
			object[f.Key()] = typed
		}
	}
	// Fields that already failed are left out of the schema check, which still runs over the
	// others so that one start-up lists every problem.
	failed := map[string]bool{}
	for _, p := range problems {
		failed[p.Field] = true
	}
	var doc any = object
	if secret.Kind == "string" {
		if !present {
			return nil, problems
		}
		doc = single
	}
	for _, p := range validator.Problems(doc) {
		f := fieldAt(secret, p.Pointer)
		if failed[f.Key()] {
			continue
		}
		reason := p.Reason
		if p.Rule == "required" {
			reason = "is not set"
		}
		fail(f, p.Rule, reason, nil)
	}
	if len(problems) > 0 {
		return nil, byFieldOrder(secret, problems)
	}
	value, err := validator.ValueOf(doc)
	if err != nil {
		return nil, []Problem{{Secret: secret.Name, Rule: "type", Reason: "has a value of the wrong type"}}
	}
	return value, nil
}

func defaultText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	}
	return fmt.Sprint(v)
}

// reasonOf keeps the part of a decode message after the secret and field ("is not a valid integer").
func reasonOf(message string, f descriptor.Field) string {
	if i := strings.Index(message, " is "); i >= 0 {
		reason := message[i+1:]
		if j := strings.Index(reason, " (rule:"); j >= 0 {
			reason = reason[:j]
		}
		return reason
	}
	return "is not a valid " + f.Type
}

func fieldAt(secret *descriptor.Secret, pointer string) descriptor.Field {
	for _, f := range secret.Fields {
		if f.Name == nil && pointer == "/" {
			return f
		}
		if f.Name != nil && pointer == "/"+*f.Name {
			return f
		}
	}
	name := strings.TrimPrefix(pointer, "/")
	return descriptor.Field{Name: &name}
}

func byFieldOrder(secret *descriptor.Secret, problems []Problem) []Problem {
	var out []Problem
	used := make([]bool, len(problems))
	for _, f := range secret.Fields {
		for i, p := range problems {
			if !used[i] && p.Field == f.Key() {
				out = append(out, p)
				used[i] = true
			}
		}
	}
	for i, p := range problems {
		if !used[i] {
			out = append(out, p)
		}
	}
	return out
}
