// Package redact finds and masks loaded secret values in text a service is about to log or
// send: each value of four or more characters, raw and in the encodings a value leaks through.
package redact

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Redacted replaces a value in masked text.
const Redacted = "[REDACTED]"

// MinLength is the shortest value masked: shorter strings (flags, ports, "true") would mask
// ordinary text everywhere and are not secret material.
const MinLength = 4

// EncodedForms lists the forms a value takes when it leaks: raw, base64 (padded and not),
// base64url, hex (both cases), URL-encoded (both space styles) and JSON-escaped.
func EncodedForms(value string) []string {
	b := []byte(value)
	std := base64.StdEncoding.EncodeToString(b)
	escaped, _ := json.Marshal(value)
	query := url.QueryEscape(value)
	forms := []string{
		value,
		std,
		strings.TrimRight(std, "="),
		base64.RawURLEncoding.EncodeToString(b),
		hex.EncodeToString(b),
		strings.ToUpper(hex.EncodeToString(b)),
		strings.ReplaceAll(query, "+", "%20"),
		query,
		string(escaped[1 : len(escaped)-1]),
	}
	out := forms[:0]
	for _, f := range forms {
		if len(f) >= MinLength {
			out = append(out, f)
		}
	}
	return out
}

// Masker masks the values a source yields; call Invalidate when they change. The forms are
// compiled into one strings.Replacer (longest first), so a check is one scan of the text.
// Invalidate takes no lock and the source is read with none held, so holders may call
// Invalidate while holding their own locks and the source may take them.
type Masker struct {
	source func() []string
	// generation counts Invalidate calls; built is the generation the cached forms come from.
	generation atomic.Uint64

	mu       sync.Mutex
	built    uint64
	replacer *strings.Replacer
	forms    []string
}

// NewMasker masks what source returns (the loaded values' string leaves).
func NewMasker(source func() []string) *Masker {
	m := &Masker{source: source}
	m.generation.Store(1)
	return m
}

// Invalidate marks the values as changed.
func (m *Masker) Invalidate() { m.generation.Add(1) }

func (m *Masker) compiled() (*strings.Replacer, []string) {
	wanted := m.generation.Load()
	m.mu.Lock()
	if m.built == wanted {
		defer m.mu.Unlock()
		return m.replacer, m.forms
	}
	m.mu.Unlock()
	// Built without the lock; a build of an older generation never replaces a newer one, and an
	// Invalidate during this build leaves built behind, so the next call builds again.
	set := map[string]bool{}
	for _, leaf := range m.source() {
		if len(leaf) < MinLength {
			continue
		}
		for _, f := range EncodedForms(leaf) {
			set[f] = true
		}
	}
	forms := make([]string, 0, len(set))
	for f := range set {
		forms = append(forms, f)
	}
	// Longest first, so a value is masked whole rather than a shorter value inside it.
	sort.Slice(forms, func(i, j int) bool {
		if len(forms[i]) != len(forms[j]) {
			return len(forms[i]) > len(forms[j])
		}
		return forms[i] < forms[j]
	})
	var replacer *strings.Replacer
	if len(forms) > 0 {
		pairs := make([]string, 0, 2*len(forms))
		for _, f := range forms {
			pairs = append(pairs, f, Redacted)
		}
		replacer = strings.NewReplacer(pairs...)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if wanted > m.built {
		m.built, m.replacer, m.forms = wanted, replacer, forms
	}
	return replacer, forms
}

// Mask returns text with every loaded value (and its encodings) replaced by [REDACTED].
func (m *Masker) Mask(text string) string {
	r, _ := m.compiled()
	if r == nil {
		return text
	}
	return r.Replace(text)
}

// Contains reports whether text holds a loaded value in any known form.
func (m *Masker) Contains(text string) bool {
	_, forms := m.compiled()
	for _, f := range forms {
		if strings.Contains(text, f) {
			return true
		}
	}
	return false
}
