// Package contract runs packages/testkit/contract/provider-contract.json — the provider contract
// every Locksmith runtime passes, written once as data — against this SDK's AWS and Vault
// providers. See the README beside the JSON for the runner semantics.
package contract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// File is the contract document.
type File struct {
	Version   int        `json:"version"`
	Scenarios []Scenario `json:"scenarios"`
}

// Scenario is one scenario.
type Scenario struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Requires []string `json:"requires"`
	Steps    []Step   `json:"steps"`
}

// Step is a write, a fault or a fetch.
type Step struct {
	Write *Write `json:"write"`
	Fault *Fault `json:"fault"`

	Fetch                        []FetchItem `json:"fetch"`
	Chunked                      bool        `json:"chunked"`
	Cancel                       string      `json:"cancel"`
	DeadlineMs                   int         `json:"deadlineMs"`
	ProviderRendersWithoutCanary bool        `json:"providerRendersWithoutCanary"`
	Expect                       []Expect    `json:"expect"`
}

// Write writes a new current version.
type Write struct {
	Secret string          `json:"secret"`
	Kind   string          `json:"kind"`
	Value  json.RawMessage `json:"value"`
	Count  int             `json:"count"`
}

// Fault injects a fault for requests naming the secret.
type Fault struct {
	Error  string `json:"error"`
	Secret string `json:"secret"`
	Times  int    `json:"times"`
}

// FetchItem is one request of a fetch.
type FetchItem struct {
	Secret  string `json:"secret"`
	Kind    string `json:"kind"`
	Stage   string `json:"stage"`
	Count   int    `json:"count"`
	Reverse bool   `json:"reverse"`
}

// Expect is the expectation for one request.
type Expect struct {
	Value        json.RawMessage   `json:"value"`
	Error        string            `json:"error"`
	ValueOrError []json.RawMessage `json:"valueOrError"`
	Retryable    *bool             `json:"retryable"`
	Secret       string            `json:"secret"`
	VersionID    string            `json:"versionId"`
	Capture      string            `json:"capture"`
	VersionIDIs  string            `json:"versionIdIs"`
	VersionIDNot string            `json:"versionIdNot"`
	NoCanary     bool              `json:"noCanary"`
	Count        int               `json:"count"`
	Reverse      bool              `json:"reverse"`
}

// Load reads the contract from the repository.
func Load(root string) (*File, error) {
	data, err := os.ReadFile(filepath.Join(root, "packages/testkit/contract/provider-contract.json"))
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("contract version %d; this runner reads version 1", f.Version)
	}
	return &f, nil
}

// Needs reports whether the scenario requires a capability.
func (s Scenario) Needs(capability string) bool {
	for _, r := range s.Requires {
		if r == capability {
			return true
		}
	}
	return false
}

// Indexes expands count/reverse into the `{i}` values ("00"…), or one "" without count.
func Indexes(count int, reverse bool) []string {
	if count == 0 {
		return []string{""}
	}
	out := make([]string, count)
	for i := range count {
		n := i
		if reverse {
			n = count - 1 - i
		}
		out[i] = fmt.Sprintf("%02d", n)
	}
	return out
}

// Fill replaces `{i}` and `{canary}` in text.
func Fill(text, index, canary string) string {
	return strings.ReplaceAll(strings.ReplaceAll(text, "{i}", index), "{canary}", canary)
}

// FillValue replaces placeholders in a value (a JSON string or an object of strings).
func FillValue(raw json.RawMessage, index, canary string) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case string:
		return Fill(t, index, canary), nil
	case map[string]any:
		out := map[string]any{}
		for k, x := range t {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("object values in the contract are strings")
			}
			out[k] = Fill(s, index, canary)
		}
		return out, nil
	}
	return nil, fmt.Errorf("a value is a string or an object of strings")
}
