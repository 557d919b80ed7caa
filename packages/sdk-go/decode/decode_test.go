package decode_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/decode"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/descriptor"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/providers"
	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

func objectSecret(t *testing.T) *decode.Validator {
	t.Helper()
	name := func(s string) *string { return &s }
	secret := &descriptor.Secret{Name: "db", Kind: "object",
		Schema: json.RawMessage(`{"type":"object","required":["url","port"],"properties":{
			"url":{"type":"string","format":"uri","pattern":"^postgres(ql)?://"},
			"port":{"type":"integer","minimum":1,"maximum":65535},
			"mode":{"type":"string","enum":["ro","rw"]},
			"tag":{"type":"string","pattern":"^\\u0041\\d{2}$"}}}`),
		Fields: []descriptor.Field{{Name: name("url"), Type: "string", Required: true}, {Name: name("port"), Type: "integer", Required: true},
			{Name: name("mode"), Type: "string"}, {Name: name("tag"), Type: "string"}}}
	v, err := decode.Compile(secret)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMaterializeChecksEveryRuleWithoutShowingTheValue(t *testing.T) {
	v := objectSecret(t)
	cases := []struct {
		text, field, rule string
	}{
		{`{"url":"postgres://h/db","port":"70000"}`, "/port", "maximum"},
		{`{"url":"mysql://h/db","port":5432}`, "/url", "pattern"},
		{`{"url":"postgres://canary value","port":5432}`, "/url", "format"},
		{`{"url":"postgres://h/db","port":5432,"mode":"canary"}`, "/mode", "enum"},
		{`{"url":"postgres://h/db","port":5432,"tag":"B12"}`, "/tag", "pattern"},
		{`{"url":"postgres://h/db"}`, "/port", "required"},
		{`{"url":"postgres://h/db","port":"12x"}`, "/port", "type"},
		{`{"url":"postgres://h/db","port":5432,"__proto__":{"canary":1}}`, "/__proto__", "forbidden-key"},
		{`{"url":"postgres://h/db","port":5432,"x":{"constructor":"canary"}}`, "/x/constructor", "forbidden-key"},
		{`{"url":"postgres://h/db","port":5432,"x":[1,{"y":{"prototype":"canary"}}]}`, "/x/1/y/prototype", "forbidden-key"},
		{`["canary"]`, "/", "type"},
		{`{"canary":`, "/", "json"},
	}
	for _, c := range cases {
		_, err := v.Materialize(providers.RawValue{Kind: providers.Text, Text: c.text})
		e, ok := err.(*secreterr.Error)
		if !ok || e.Code != secreterr.ValidationFailed || e.Field != c.field || e.Rule != c.rule {
			t.Errorf("%s: got %#v, want %s %s", c.text, err, c.field, c.rule)
			continue
		}
		if strings.Contains(e.Message, "canary") || strings.Contains(e.Message, "70000") {
			t.Errorf("%s: the message shows the value: %s", c.text, e.Message)
		}
	}
	value, err := v.Materialize(providers.RawValue{Kind: providers.Fields, Fields: map[string]string{"url": "postgres://h/db", "port": " 5432 ", "tag": "A12"}})
	if err != nil || value.IntField("port") != 5432 || value.StringField("tag") != "A12" {
		t.Fatalf("fields form: %v %v", value, err)
	}
	if _, err := v.Materialize(providers.RawValue{Kind: providers.Binary, Bytes: []byte("x")}); secreterr.CodeOf(err) != secreterr.ValidationFailed {
		t.Errorf("binary accepted: %v", err)
	}
}

func TestTranslatePattern(t *testing.T) {
	cases := map[string]string{
		`^(?<year>\d{4})$`: `^(?P<year>\d{4})$`,
		`\u00e9\u{1F511}`:  `\x{00E9}\x{1F511}`,
		`a\0b`:             `a\x00b`,
		`[\]a-z]+\.`:       `[\]a-z]+\.`,
	}
	for in, want := range cases {
		if got, err := decode.TranslatePattern(in); err != nil || got != want {
			t.Errorf("%s → %q, %v; want %q", in, got, err, want)
		}
	}
	for _, refused := range []string{`(?=a)`, `(?<!a)b`, `(a)\1`, `a{1001}`, `[]`, `\c`} {
		if _, err := decode.TranslatePattern(refused); err == nil {
			t.Errorf("%s was translated; RE2 has no equivalent", refused)
		}
	}
}
