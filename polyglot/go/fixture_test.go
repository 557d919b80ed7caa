package polyglot_test

import (
	"errors"
	"strings"
	"testing"

	"locksmith.test/polyglot/ledgergo"
)

// The ledger-go package comes from codegen's polyglot fixture catalog, which covers what the
// example does not: numbers, booleans, defaults, every format and translated patterns. These
// values are made up for the test; none is a secret.
func ledgerEnv() map[string]string {
	return map[string]string{
		"LEDGER_DB_URL":          "postgresql://db.internal:5432/ledger",
		"LEDGER_DB_PASSWORD":     "ledger-password-0123",
		"LEDGER_DB_SAMPLE_RATIO": "0.25",
		"ERROR_STRING":           "sk_A1234",
		"ERROR_HOST":             "db.internal",
		"ERROR_CONTACT":          "ops@example.test",
		"ERROR_ID":               "0f8b7c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e",
		"ERROR_IP":               "10.0.0.1",
	}
}

func TestFixtureTypesAndDefaults(t *testing.T) {
	s, err := ledgergo.LoadFrom(ledgergo.EnvSource(lookupIn(ledgerEnv())))
	if err != nil {
		t.Fatalf("valid values rejected: %v", err)
	}
	if s.Database.Port != 5432 || !s.Database.TLS || s.Database.Ratio != 0.25 {
		t.Errorf("port %d, tls %v, ratio %v: want the defaults 5432 and true, and 0.25", s.Database.Port, s.Database.TLS, s.Database.Ratio)
	}
	if s.ErrorSecret.StringField != "sk_A1234" || s.ErrorSecret.IP != "10.0.0.1" {
		t.Error("fields were not loaded as given")
	}
}

func TestFixtureRules(t *testing.T) {
	cases := []struct {
		envVar, value, rule string
	}{
		{"LEDGER_DB_SAMPLE_RATIO", "1.5", "maximum"},
		{"LEDGER_DB_SAMPLE_RATIO", "-0.5", "minimum"},
		{"LEDGER_DB_SAMPLE_RATIO", "0x1p-2", "type"},
		{"LEDGER_DB_SAMPLE_RATIO", "NaN", "type"},
		{"LEDGER_DB_TLS", "yes", "type"},
		{"LEDGER_DB_PORT", "+5", "type"},
		{"LEDGER_DB_PORT", "0", "minimum"},
		{"LEDGER_DB_PORT", "99999999999999999999", "type"},
		{"LEDGER_DB_PASSWORD", strings.Repeat("x", 65), "maxLength"},
		{"LEDGER_DB_PASSWORD", strings.Repeat("é", 15), "minLength"},
		{"LEDGER_DB_URL", "mysql://db.internal/ledger", "pattern"},
		{"ERROR_STRING", "sk_B1234", "pattern"},
		{"ERROR_STRING", "sk_A1", "pattern"},
		{"ERROR_STRING", "sk_A1234\n", "pattern"},
		{"ERROR_HOST", "-db-.internal", "format"},
		{"ERROR_CONTACT", "ops at example.test", "format"},
		{"ERROR_ID", "0f8b7c1e-2d3a-4b5c-9d8e", "format"},
		{"ERROR_IP", "::1", "format"},
	}
	for _, c := range cases {
		env := ledgerEnv()
		env[c.envVar] = c.value
		_, err := ledgergo.LoadFrom(ledgergo.EnvSource(lookupIn(env)))
		var loadErr *ledgergo.Error
		if !errors.As(err, &loadErr) || len(loadErr.Problems) != 1 {
			t.Errorf("%s=%q: want one problem, got %v", c.envVar, c.value, err)
			continue
		}
		if p := loadErr.Problems[0]; p.EnvVar != c.envVar || p.Rule != c.rule {
			t.Errorf("%s=%q: got %s/%s, want rule %s", c.envVar, c.value, p.EnvVar, p.Rule, c.rule)
		}
	}
}

func TestFixtureLengthsCountCharactersNotBytes(t *testing.T) {
	env := ledgerEnv()
	env["LEDGER_DB_PASSWORD"] = strings.Repeat("é", 64) // 128 bytes, 64 characters
	if _, err := ledgergo.LoadFrom(ledgergo.EnvSource(lookupIn(env))); err != nil {
		t.Errorf("64 characters rejected: %v", err)
	}
}
