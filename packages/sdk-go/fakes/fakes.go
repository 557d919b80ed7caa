// Package fakes starts the testkit's fake AWS Secrets Manager and Vault out of process
// (`locksmith-fake --json`, from @locksmith/testkit) for Go tests — the SDK's own and a
// service's — and drives its admin API (faults, request log). The real aws-sdk-go-v2 and
// vault/api clients talk to the fakes over HTTP; nothing is mocked.
package fakes

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	vault "github.com/hashicorp/vault/api"
	"go.uber.org/goleak"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
)

// Info is what `locksmith-fake --json` prints on its first line.
type Info struct {
	AWS struct {
		Endpoint        string `json:"endpoint"`
		Region          string `json:"region"`
		AccessKeyID     string `json:"accessKeyId"`
		SecretAccessKey string `json:"secretAccessKey"`
	} `json:"aws"`
	Vault struct {
		Endpoint string `json:"endpoint"`
		Token    string `json:"token"`
	} `json:"vault"`
	Admin struct {
		Endpoint string `json:"endpoint"`
		Token    string `json:"token"`
	} `json:"admin"`
	Env map[string]string `json:"env"`
}

// Fake is a running locksmith-fake process.
type Fake struct {
	Info
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// RepoRoot finds the repository root from the working directory (a test runs in its package).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "pnpm-workspace.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("fakes: no pnpm-workspace.yaml above the working directory")
		}
		dir = parent
	}
}

// Start runs locksmith-fake with free ports and --json, and reads its first line. The command
// is LOCKSMITH_FAKE_COMMAND when set (e.g. "npx locksmith-fake" in a service's repository),
// else this repository's packages/testkit/bin/locksmith-fake.js under node.
func Start() (*Fake, error) { return StartWith() }

// StartWith is Start with more locksmith-fake flags, e.g. "--fake-clock" for a clock that only
// AdvanceClock moves (token TTLs, creation dates).
func StartWith(extra ...string) (*Fake, error) {
	flags := append([]string{"--aws-port", "0", "--vault-port", "0", "--admin-port", "0", "--json"}, extra...)
	var name string
	var args []string
	if custom := os.Getenv("LOCKSMITH_FAKE_COMMAND"); custom != "" {
		parts := strings.Fields(custom)
		name, args = parts[0], append(parts[1:], flags...)
	} else {
		root, err := RepoRoot()
		if err != nil {
			return nil, err
		}
		name, args = "node", append([]string{filepath.Join(root, "packages/testkit/bin/locksmith-fake.js")}, flags...)
	}
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("fakes: cannot start locksmith-fake (is Node on PATH and the testkit built?): %w", err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	f := &Fake{cmd: cmd, stdin: stdin}
	if err != nil {
		f.Stop()
		return nil, fmt.Errorf("fakes: locksmith-fake printed no JSON line (build the testkit: pnpm --filter @locksmith/testkit build): %w", err)
	}
	if err := json.Unmarshal([]byte(line), &f.Info); err != nil {
		f.Stop()
		return nil, fmt.Errorf("fakes: locksmith-fake's first line is not the --json object: %w", err)
	}
	return f, nil
}

// Stop closes the fake's stdin (it exits when stdin closes) and waits for it.
func (f *Fake) Stop() {
	if f.cmd == nil {
		return
	}
	_ = f.stdin.Close()
	done := make(chan struct{})
	go func() {
		_ = f.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = f.cmd.Process.Kill()
		<-done
	}
}

// Fault is one rule for POST /faults.
type Fault struct {
	Target   string `json:"target"`
	Error    string `json:"error,omitempty"`
	SecretID string `json:"secretId,omitempty"`
	Op       string `json:"op,omitempty"`
	// Times is how many requests it hits; nil makes it standing.
	Times     *int `json:"times"`
	LatencyMs int  `json:"latencyMs,omitempty"`
}

// Once is a Times of 1.
func Once() *int { n := 1; return &n }

// Inject adds a fault rule.
func (f *Fake) Inject(rule Fault) error { return f.admin(http.MethodPost, "/faults", rule, nil) }

// ClearFaults removes every rule on both fakes.
func (f *Fake) ClearFaults() error { return f.admin(http.MethodDelete, "/faults", nil, nil) }

// Request is one entry of the request log (never a value).
type Request struct {
	Operation string   `json:"op"`
	Method    string   `json:"method"`
	Path      string   `json:"path"`
	Status    int      `json:"status"`
	SecretIDs []string `json:"secretIds"`
}

// Requests returns the request log of "aws" or "vault".
func (f *Fake) Requests(target string) ([]Request, error) {
	var out struct {
		Requests []Request `json:"requests"`
	}
	err := f.admin(http.MethodGet, "/requests?target="+target, nil, &out)
	return out.Requests, err
}

// ClearRequests empties both request logs.
func (f *Fake) ClearRequests() error { return f.admin(http.MethodDelete, "/requests", nil, nil) }

// Now is the time on the fakes' clock.
func (f *Fake) Now() (time.Time, error) {
	var out struct {
		Now int64 `json:"now"`
	}
	if err := f.admin(http.MethodGet, "/clock", nil, &out); err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(out.Now), nil
}

// AdvanceClock moves the fakes' clock forward by d (the fake must run with --fake-clock).
func (f *Fake) AdvanceClock(d time.Duration) error {
	return f.admin(http.MethodPost, "/clock", map[string]int64{"advanceMs": d.Milliseconds()}, nil)
}

func (f *Fake) admin(method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.Admin.Endpoint+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+f.Admin.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("fakes: %s %s answered %d", method, path, resp.StatusCode)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// AWSClient is a plain SDK client for writing test data (not the provider's own client).
func AWSClient(ctx context.Context, endpoint, region, accessKey, secretKey string) (*secretsmanager.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region),
		config.WithCredentialsProvider(providers.StaticCredentials(accessKey, secretKey, "")))
	if err != nil {
		return nil, err
	}
	return secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) { o.BaseEndpoint = aws.String(endpoint) }), nil
}

// WriteAWS writes a new current version through the store's API (CreateSecret the first time,
// PutSecretValue after).
func WriteAWS(ctx context.Context, c *secretsmanager.Client, name, value string) error {
	_, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(value)})
	if err == nil {
		return nil
	}
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)})
	return err
}

// VaultClient is a plain vault/api client with the fake's root token.
func VaultClient(endpoint, token string) (*vault.Client, error) {
	cfg := vault.DefaultConfig()
	cfg.Address = endpoint
	cfg.MaxRetries = 0
	c, err := vault.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	c.SetToken(token)
	return c, nil
}

// WriteVault writes a new KV v2 version at mount/path.
func WriteVault(ctx context.Context, c *vault.Client, mount, path string, data map[string]any) error {
	_, err := c.KVv2(mount).Put(ctx, path, data)
	return err
}

// Admin drives the admin API of a locksmith-fake someone else started (its --json line decoded
// into info); Stop must not be called on it.
func Admin(info Info) *Fake { return &Fake{Info: info} }

// Main is a TestMain body: it starts the fake, hands it to use, runs the tests, stops the fake,
// and fails the run when goroutines were left behind (goleak), so every test package that talks
// to the fakes also proves its clients close cleanly.
func Main(m *testing.M, use func(*Fake)) {
	fake, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	use(fake)
	code := m.Run()
	fake.Stop()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goroutines left behind:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// ServiceAccountJWT builds a service-account token as the kubelet projects it, for Vault's
// Kubernetes login on the fake: the fake Vault reads its claims (sub
// system:serviceaccount:<namespace>:<name>, exp on the fakes' clock) and does not check the
// signature, which it has no API server to do.
func ServiceAccountJWT(namespace, name string, issued, expires time.Time) string {
	part := func(v any) string {
		data, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(data)
	}
	claims := map[string]any{
		"iss": "kubernetes/serviceaccount",
		"sub": "system:serviceaccount:" + namespace + ":" + name,
		"iat": issued.Unix(),
		"exp": expires.Unix(),
		"kubernetes.io": map[string]any{
			"namespace":      namespace,
			"serviceaccount": map[string]any{"name": name, "uid": fmt.Sprintf("uid-%d", issued.UnixNano())},
		},
	}
	return part(map[string]string{"alg": "none", "typ": "JWT"}) + "." + part(claims) + "."
}
