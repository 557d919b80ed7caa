package locksmith_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	locksmith "github.com/locksmith-dev/locksmith/packages/sdk-go"
)

type dbValue struct{ Password string }

func TestNoValueInAnyPrintedForm(t *testing.T) {
	resetFakes(t)
	p := prefix(t)
	const canary = "canary-Zq81-value"
	writeAWS(t, p+"creds", `{"password":"`+canary+`"}`)
	writeAWS(t, p+"token", canary+"-token")
	logger, logs := newLogger()
	c := newClient(t, testDescriptor(t, p, secretSpec{name: "creds", object: true}, secretSpec{name: "token"}, secretSpec{name: "absent"}),
		locksmith.Options{Logger: logger})
	ctx := context.Background()
	preloadErr := c.Preload(ctx)
	v, err := c.Get(ctx, "creds")
	if err != nil || v.StringField("password") != canary || v.IntField("port") != 5432 {
		t.Fatalf("creds = %v %v (the default port must apply)", v, err)
	}
	h, _ := c.Secret("token")
	versions, _ := h.Versions(ctx)
	typed := locksmith.NewTyped(h, func(v *locksmith.Value) dbValue { return dbValue{Password: v.Text()} })
	tv, _ := typed.Versions(ctx)
	forms := rendered(v) + rendered(h) + rendered(c) + rendered(versions) + rendered(versions.Current) +
		rendered(tv.Current) + rendered(typed) + rendered(c.Health()) + rendered(preloadErr) + logs.String()
	if strings.Contains(forms, canary) {
		t.Errorf("a printed form shows a value")
	}
	if !strings.Contains(rendered(v), "redacted") {
		t.Errorf("a value prints as %q", rendered(v))
	}
	line := "login password=" + canary + " b64=" + base64.StdEncoding.EncodeToString([]byte(canary))
	masked := c.Mask(line)
	if strings.Contains(masked, canary) || strings.Contains(masked, base64.StdEncoding.EncodeToString([]byte(canary))) ||
		!strings.Contains(masked, "[REDACTED]") {
		t.Errorf("Mask left a value: %q", masked)
	}
	if !c.ContainsSecret(line) || c.ContainsSecret("nothing secret here") {
		t.Error("ContainsSecret is wrong")
	}
}
