package redact_test

import (
	"encoding/hex"
	"strings"
	"sync"
	"testing"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/redact"
)

func TestMaskReplacesEveryFormAndShortValuesStay(t *testing.T) {
	m := redact.NewMasker(func() []string { return []string{"s3cr3t-Value", "abc"} })
	text := "raw s3cr3t-Value hex " + hex.EncodeToString([]byte("s3cr3t-Value")) + " short abc"
	got := m.Mask(text)
	if strings.Contains(got, "s3cr3t") || strings.Contains(got, hex.EncodeToString([]byte("s3cr3t-Value"))) {
		t.Errorf("a form survived: %q", got)
	}
	if !strings.Contains(got, "short abc") {
		t.Errorf("a value shorter than %d characters was masked: %q", redact.MinLength, got)
	}
}

// The source may take locks that callers of Invalidate hold (holders do): neither side may
// wait for the other. Run with -race; a lock-order bug shows as a deadlock here.
func TestInvalidateAndMaskRunConcurrentlyWithTheSourcesLock(t *testing.T) {
	var mu sync.Mutex
	value := "first-value"
	var m *redact.Masker
	m = redact.NewMasker(func() []string {
		mu.Lock()
		defer mu.Unlock()
		return []string{value}
	})
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			mu.Lock()
			value = "value-" + strings.Repeat("x", i%7)
			m.Invalidate()
			mu.Unlock()
		}()
		go func() {
			defer wg.Done()
			_ = m.Mask("text with value-xx in it")
		}()
	}
	wg.Wait()
	mu.Lock()
	last := value
	mu.Unlock()
	if strings.Contains(m.Mask("now "+last), last) {
		t.Error("the last value set is not masked after Invalidate")
	}
}
