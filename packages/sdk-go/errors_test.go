package locksmith_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/fakes"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// The codes and their retryability are the ones every runtime shares: a code added to one
// runtime alone fails here or in the others' tests of the same file.
func TestErrorCodesAreTheSharedList(t *testing.T) {
	root, err := fakes.RepoRoot()
	must(t, err)
	data, err := os.ReadFile(filepath.Join(root, "packages/testkit/contract/error-codes.json"))
	must(t, err)
	var shared struct {
		Codes []struct {
			Code      secreterr.Code `json:"code"`
			Retryable bool           `json:"retryable"`
		} `json:"codes"`
	}
	must(t, json.Unmarshal(data, &shared))
	if len(shared.Codes) != len(secreterr.Codes) {
		t.Fatalf("%d codes here, %d in error-codes.json", len(secreterr.Codes), len(shared.Codes))
	}
	for i, want := range shared.Codes {
		got := secreterr.Codes[i]
		if got != want.Code || got.Retryable() != want.Retryable {
			t.Errorf("code %d: %s (retryable %v), want %s (retryable %v)", i, got, got.Retryable(), want.Code, want.Retryable)
		}
	}
}
