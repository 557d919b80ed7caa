// Package descriptor is the Go form of the ServiceDescriptor JSON that `locksmith gen` embeds in
// every generated package (the same JSON the TypeScript accessor hands to sdk-node): the slice of
// the catalog one service needs at run time.
package descriptor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// Service is one service's descriptor.
type Service struct {
	Project      string                 `json:"project"`
	Service      string                 `json:"service"`
	CatalogHash  string                 `json:"catalogHash"`
	Environments map[string]Environment `json:"environments"`
	Providers    Providers              `json:"providers"`
	Secrets      map[string]*Secret     `json:"secrets"`
}

// Environment says where an environment's values come from by default.
type Environment struct {
	// Source is "store" (each secret's placement), "env" or "files".
	Source     string `json:"source"`
	Production bool   `json:"production"`
}

// Providers holds the catalog's store settings.
type Providers struct {
	AWS   *AWS   `json:"aws,omitempty"`
	Vault *Vault `json:"vault,omitempty"`
}

// AWS is the catalog's AWS Secrets Manager block.
type AWS struct {
	Region    string `json:"region"`
	AccountID string `json:"accountId"`
}

// Vault is the catalog's Vault block.
type Vault struct {
	Mount     string `json:"mount"`
	Namespace string `json:"namespace,omitempty"`
	// AuthMethod is "kubernetes", "approle" or "token".
	AuthMethod string `json:"authMethod"`
	AuthMount  string `json:"authMount"`
	// Roles is the Vault role this service logs in with, per environment.
	Roles map[string]string `json:"roles"`
}

// Secret is one secret the service reads.
type Secret struct {
	Name string `json:"name"`
	// Kind is "string" or "object".
	Kind       string               `json:"kind"`
	Schema     json.RawMessage      `json:"schema"`
	Fields     []Field              `json:"fields"`
	Rotation   Rotation             `json:"rotation"`
	CacheTTLMs *int64               `json:"cacheTtlMs,omitempty"`
	Placements map[string]Placement `json:"placements"`
}

// Field is one field of a secret; Name is nil for a string secret's single value.
type Field struct {
	Name     *string `json:"name"`
	Env      string  `json:"env"`
	Type     string  `json:"type"`
	Required bool    `json:"required"`
	// Default is the catalog default (a string, number or bool), if any.
	Default any `json:"default,omitempty"`
}

// Key is the field's name, or "" for a string secret's value.
func (f Field) Key() string {
	if f.Name == nil {
		return ""
	}
	return *f.Name
}

// Rotation is how the secret rotates.
type Rotation struct {
	// Strategy is "managed", "dual-key" or "manual".
	Strategy  string `json:"strategy"`
	EveryMs   *int64 `json:"everyMs,omitempty"`
	OverlapMs *int64 `json:"overlapMs,omitempty"`
}

// Placement is where a secret lives in one environment.
type Placement struct {
	// Provider is "aws" or "vault".
	Provider string `json:"provider"`
	// Path is the AWS secret name, or the Vault path under the mount.
	Path string `json:"path"`
}

// Parse reads a descriptor and checks what the runtime relies on. Unknown keys are refused so
// a descriptor from a newer generator fails loudly instead of being half understood.
func Parse(data []byte) (*Service, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var s Service
	if err := dec.Decode(&s); err != nil {
		// json errors can quote input; a descriptor holds no values, but keep only the position.
		return nil, secreterr.Newf(secreterr.Configuration, "descriptor is not a valid ServiceDescriptor: %s", describeJSONError(err))
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return &s, nil
}

// MustParse is Parse for the literal in generated code; it panics on a broken descriptor,
// which only a hand edit of the generated file can cause.
func MustParse(data string) *Service {
	s, err := Parse([]byte(data))
	if err != nil {
		panic(err)
	}
	return s
}

func describeJSONError(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("syntax error at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("%s has the wrong type (want %s)", e.Field, e.Type)
	}
	return "unknown field or wrong shape"
}

func (s *Service) check() error {
	if s.Service == "" {
		return secreterr.New(secreterr.Configuration, "descriptor has no service name")
	}
	if len(s.Environments) == 0 {
		return secreterr.Newf(secreterr.Configuration, "descriptor of %q has no environments", s.Service)
	}
	for key, secret := range s.Secrets {
		if secret == nil || secret.Name != key {
			return secreterr.Newf(secreterr.Configuration, "descriptor entry %q does not carry its own name", key)
		}
		if secret.Kind != "string" && secret.Kind != "object" {
			return secreterr.Newf(secreterr.Configuration, "secret %q has kind %q (want string or object)", key, secret.Kind)
		}
		if secret.Kind == "string" && len(secret.Fields) != 1 {
			return secreterr.Newf(secreterr.Configuration, "string secret %q must have exactly one field", key)
		}
	}
	return nil
}

// SecretNames returns the names of the secrets, sorted.
func (s *Service) SecretNames() []string {
	names := make([]string, 0, len(s.Secrets))
	for name := range s.Secrets {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// EnvironmentNames returns the environment names, sorted.
func (s *Service) EnvironmentNames() []string {
	names := make([]string, 0, len(s.Environments))
	for name := range s.Environments {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
