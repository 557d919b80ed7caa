package polyglot_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"locksmith.test/polyglot/billinggo"
)

// assertLoaded checks every field of billing-go against the values it was fed.
func assertLoaded(t *testing.T, s *billinggo.Secrets, env map[string]string) {
	t.Helper()
	got := map[string]string{
		"DATABASE_URL":      s.Database.URL,
		"DATABASE_USER":     s.Database.Username,
		"DATABASE_PASSWORD": s.Database.Password,
		"PAYMENT_API_KEY":   s.PaymentAPIKey.Value,
		"SMTP_HOST":         s.SMTP.Host,
		"SMTP_PORT":         strconv.FormatInt(s.SMTP.Port, 10),
		"SMTP_USERNAME":     s.SMTP.Username,
		"SMTP_PASSWORD":     s.SMTP.Password,
	}
	for envVar, want := range env {
		if got[envVar] != want {
			t.Errorf("%s was not loaded as given", envVar)
		}
	}
	if len(got) != len(env) {
		t.Errorf("billing-go reads %d env vars, the test fed %d", len(got), len(env))
	}
}

func TestLoadFromEnvSource(t *testing.T) {
	env := billingEnv(testValues(t))
	s, err := billinggo.LoadFrom(billinggo.EnvSource(lookupIn(env)))
	if err != nil {
		t.Fatalf("valid values rejected: %v", err)
	}
	assertLoaded(t, s, env)
}

func TestLoadReadsTheProcessEnvironment(t *testing.T) {
	env := billingEnv(testValues(t))
	for name, value := range env {
		t.Setenv(name, value)
	}
	s, err := billinggo.Load()
	if err != nil {
		t.Fatalf("valid values rejected: %v", err)
	}
	assertLoaded(t, s, env)
}

func TestLoadFromMountedDirectory(t *testing.T) {
	values := testValues(t)
	s, err := billinggo.LoadFrom(billinggo.DirSource(mount(t, values)))
	if err != nil {
		t.Fatalf("valid mounted values rejected: %v", err)
	}
	assertLoaded(t, s, billingEnv(values))
}

func TestLoadFromKubeletAtomicWriterLayout(t *testing.T) {
	values := testValues(t)
	root := mount(t, values)
	// The kubelet keeps the files in a timestamped directory and links each name through ..data.
	dir := filepath.Join(root, "database")
	versioned := filepath.Join(dir, "..2026_11_23_12_00_00.000000001")
	if err := os.Mkdir(versioned, 0o700); err != nil {
		t.Fatal(err)
	}
	for envVar := range values["database"] {
		if err := os.Rename(filepath.Join(dir, envVar), filepath.Join(versioned, envVar)); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("..data", envVar), filepath.Join(dir, envVar)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Base(versioned), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	s, err := billinggo.LoadFrom(billinggo.DirSource(root))
	if err != nil {
		t.Fatalf("valid mounted values rejected: %v", err)
	}
	assertLoaded(t, s, billingEnv(values))
}

func TestDefaultAppliesWhenAnOptionalFieldIsAbsent(t *testing.T) {
	env := billingEnv(testValues(t))
	delete(env, "SMTP_PORT")
	s, err := billinggo.LoadFrom(billinggo.EnvSource(lookupIn(env)))
	if err != nil {
		t.Fatalf("rejected without SMTP_PORT, which has a default: %v", err)
	}
	if s.SMTP.Port != 587 {
		t.Errorf("SMTP port = %d, want the catalog default 587", s.SMTP.Port)
	}
}

// Canary values: each breaks one rule, and none may appear in the error.
const (
	shortPassword = "canary-short-pw"
	badURL        = "postgres://canary%zz"
	badPort       = "canary-port"
	badKey        = "sk_prod_canaryCANARYcanaryCANARY"
)

func TestEveryProblemIsReportedOnceWithoutAnyValue(t *testing.T) {
	env := billingEnv(testValues(t))
	valid := billingEnv(testValues(t))
	delete(env, "DATABASE_USER")
	env["DATABASE_PASSWORD"] = shortPassword
	env["DATABASE_URL"] = badURL
	env["SMTP_PORT"] = badPort
	env["PAYMENT_API_KEY"] = badKey

	s, err := billinggo.LoadFrom(billinggo.EnvSource(lookupIn(env)))
	if s != nil || err == nil {
		t.Fatal("invalid values were accepted")
	}
	var loadErr *billinggo.Error
	if !errors.As(err, &loadErr) {
		t.Fatalf("error is %T, want *billinggo.Error", err)
	}
	var got []string
	for _, p := range loadErr.Problems {
		got = append(got, p.Secret+"/"+p.Field+"/"+p.EnvVar+"/"+p.Rule)
	}
	// Fields come in name order: the catalog's key order means nothing.
	want := []string{
		"database/password/DATABASE_PASSWORD/minLength",
		"database/url/DATABASE_URL/format",
		"database/username/DATABASE_USER/required",
		"payment-api-key//PAYMENT_API_KEY/pattern",
		"smtp/port/SMTP_PORT/type",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	message := err.Error()
	for _, fragment := range []string{"billing-go: 5 secret problem(s)", `secret "database" field "username" (DATABASE_USER) is not set (rule: required)`, "is shorter than 24 characters"} {
		if !strings.Contains(message, fragment) {
			t.Errorf("error lacks %q", fragment)
		}
	}
	assertNoValue(t, message, env, valid)
}

func TestBoundsOfAnInteger(t *testing.T) {
	env := billingEnv(testValues(t))
	env["SMTP_PORT"] = "70000"
	_, err := billinggo.LoadFrom(billinggo.EnvSource(lookupIn(env)))
	var loadErr *billinggo.Error
	if !errors.As(err, &loadErr) || len(loadErr.Problems) != 1 || loadErr.Problems[0].Rule != "maximum" {
		t.Fatalf("want one maximum problem, got %v", err)
	}
}

func TestAnEmptyMountReportsEveryRequiredFile(t *testing.T) {
	_, err := billinggo.LoadFrom(billinggo.DirSource(t.TempDir()))
	var loadErr *billinggo.Error
	if !errors.As(err, &loadErr) {
		t.Fatalf("error is %T, want *billinggo.Error", err)
	}
	// SMTP_PORT has a default; the seven other fields are required.
	if len(loadErr.Problems) != 7 {
		t.Errorf("%d problems, want 7: %v", len(loadErr.Problems), err)
	}
}

func TestAnUnreadableFileIsAProblemNotAPanic(t *testing.T) {
	values := testValues(t)
	root := mount(t, values)
	target := filepath.Join(root, "database", "DATABASE_PASSWORD")
	if err := os.Remove(target); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(target, 0o700); err != nil { // a directory where a file should be
		t.Fatal(err)
	}
	_, err := billinggo.LoadFrom(billinggo.DirSource(root))
	var loadErr *billinggo.Error
	if !errors.As(err, &loadErr) || len(loadErr.Problems) != 1 || loadErr.Problems[0].Rule != "read" {
		t.Fatalf("want one read problem, got %v", err)
	}
	if loadErr.Problems[0].Err == nil || len(loadErr.Unwrap()) != 1 {
		t.Error("the read error is not kept for errors.Is")
	}
}

func TestPrintingLoadedSecretsShowsNoValue(t *testing.T) {
	env := billingEnv(testValues(t))
	s, err := billinggo.LoadFrom(billinggo.EnvSource(lookupIn(env)))
	if err != nil {
		t.Fatal(err)
	}
	printed := fmt.Sprintf("%v %+v %#v %s %v %#v", s, *s, s.Database, s.SMTP, s.PaymentAPIKey, []billinggo.Secrets{*s})
	if !strings.Contains(printed, "redacted") {
		t.Fatalf("unexpected output: %s", printed)
	}
	assertNoValue(t, printed, env)
}

// assertNoValue fails if any value of any environment occurs in text. Short values (the
// default port) could occur by chance, so only values of eight characters or more count.
func assertNoValue(t *testing.T, text string, envs ...map[string]string) {
	t.Helper()
	for _, env := range envs {
		for envVar, value := range env {
			if len(value) >= 8 && strings.Contains(text, value) {
				t.Errorf("the value of %s leaked", envVar)
			}
		}
	}
}
