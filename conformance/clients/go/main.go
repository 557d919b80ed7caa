// Command clients-go runs aws-scenarios.json through aws-sdk-go-v2 (service/secretsmanager) or
// vault-scenarios.json through github.com/hashicorp/vault/api against the endpoint in
// CONFORMANCE_CONTEXT, and prints one JSON array of normalised outcomes on stdout. The driver
// (../run.mjs) compares them with the scenarios' expectations.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// step is one scenario step; fields not used by a kind stay zero.
type step struct {
	ID          string            `json:"id"`
	Op          string            `json:"op"`
	Input       json.RawMessage   `json:"input"`
	Capture     map[string]string `json:"capture"`
	As          string            `json:"as"`
	Path        string            `json:"path"`
	Data        map[string]any    `json:"data"`
	Version     int               `json:"version"`
	Versions    []int             `json:"versions"`
	CAS         *int              `json:"cas"`
	Increment   int               `json:"increment"`
	WrongSecret bool              `json:"wrongSecret"`
	Role        string            `json:"role"`
}

// outcome is what the driver reads for a step: a normalised success or a normalised failure.
type outcome struct {
	ID    string `json:"id"`
	OK    any    `json:"ok,omitempty"`
	Error any    `json:"error,omitempty"`
}

var captureRef = regexp.MustCompile(`\{cap:([a-zA-Z0-9-]+)\}`)

// fill replaces {p} with the run's prefix and {cap:name} with a value captured earlier.
func fill(text, prefix string, captured map[string]string) string {
	text = strings.ReplaceAll(text, "{p}", prefix)
	return captureRef.ReplaceAllStringFunc(text, func(m string) string {
		return captured[captureRef.FindStringSubmatch(m)[1]]
	})
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: clients-go aws|vault SCENARIO_FILE")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var file struct {
		Steps []step `json:"steps"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var ctxJSON map[string]any
	if err := json.Unmarshal([]byte(os.Getenv("CONFORMANCE_CONTEXT")), &ctxJSON); err != nil {
		fmt.Fprintln(os.Stderr, "CONFORMANCE_CONTEXT:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	var results []outcome
	if os.Args[1] == "aws" {
		results, err = runAWS(ctx, ctxJSON, file.Steps)
	} else {
		results, err = runVault(ctx, ctxJSON, file.Steps)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
