//go:build ignore

// Command goversion exits non-zero, saying why, when the Go toolchain running it is older than
// the version given (e.g. `go run scripts/goversion.go 1.24`): the SDK's go.mod needs Go 1.24.
package main

import (
	"fmt"
	"go/version"
	"os"
	"runtime"
)

func main() {
	want := "go" + os.Args[1]
	if version.Compare(runtime.Version(), want) < 0 {
		fmt.Fprintf(os.Stderr, "Go %s is too old for packages/sdk-go (needs %s or newer)\n", runtime.Version(), want)
		os.Exit(1)
	}
	fmt.Printf("%s is new enough (needs %s)\n", runtime.Version(), want)
}
