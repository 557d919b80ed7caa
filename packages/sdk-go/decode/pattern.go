package decode

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// re2MaxRepeat is the largest repeat count RE2 accepts.
const re2MaxRepeat = 1000

// TranslatePattern turns a catalog pattern (ECMAScript syntax, as JSON Schema prescribes) into
// Go's RE2 syntax, or says which construct has no equivalent. It follows codegen's Go
// translation (packages/codegen/src/emitters/go/pattern.ts), which refuses the same patterns at
// gen time: `\uXXXX` and `\u{…}` become `\x{…}`, `\0` becomes `\x00`, `(?<name>` stays (RE2 takes
// it); lookaround, backreferences, `[]`/`[^]` and repeat counts above 1000 are refused.
func TranslatePattern(pattern string) (string, error) {
	var out strings.Builder
	inClass := false
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\':
			text, n, err := translateEscape(pattern, i, inClass)
			if err != nil {
				return "", err
			}
			out.WriteString(text)
			i += n - 1
		case inClass:
			if c == ']' {
				inClass = false
			}
			out.WriteByte(c)
		case c == '[':
			if strings.HasPrefix(pattern[i:], "[]") || strings.HasPrefix(pattern[i:], "[^]") {
				return "", unsupported("the empty character class [] or [^]")
			}
			inClass = true
			out.WriteByte('[')
			if i+1 < len(pattern) && pattern[i+1] == '^' {
				out.WriteByte('^')
				i++
			}
		case c == '(' && i+1 < len(pattern) && pattern[i+1] == '?':
			rest := pattern[i:]
			switch {
			case strings.HasPrefix(rest, "(?:"):
				out.WriteString("(?:")
				i += 2
			case strings.HasPrefix(rest, "(?<=") || strings.HasPrefix(rest, "(?<!"):
				return "", unsupported("lookbehind ((?<=, (?<!)")
			case strings.HasPrefix(rest, "(?=") || strings.HasPrefix(rest, "(?!"):
				return "", unsupported("lookahead ((?=, (?!)")
			default:
				m := namedGroup.FindString(rest)
				if m == "" {
					return "", unsupported("the group syntax " + rest[:min(3, len(rest))])
				}
				out.WriteString("(?P<" + m[3:len(m)-1] + ">")
				i += len(m) - 1
			}
		case c == '{':
			if m := repeatCount.FindStringSubmatch(pattern[i:]); m != nil {
				for _, n := range []string{m[1], m[3]} {
					if v, err := strconv.Atoi(n); err == nil && v > re2MaxRepeat {
						return "", unsupported(fmt.Sprintf("a repeat count above %d", re2MaxRepeat))
					}
				}
			}
			out.WriteByte(c)
		default:
			out.WriteByte(c)
		}
	}
	return out.String(), nil
}

var (
	namedGroup  = regexp.MustCompile(`^\(\?<[A-Za-z_][A-Za-z0-9_]*>`)
	repeatCount = regexp.MustCompile(`^\{(\d+)(,(\d*))?\}`)
	braced      = regexp.MustCompile(`^\\u\{([0-9A-Fa-f]{1,6})\}`)
	plainU      = regexp.MustCompile(`^\\u([0-9A-Fa-f]{4})`)
	hex2        = regexp.MustCompile(`^[0-9A-Fa-f]{2}$`)
)

func translateEscape(pattern string, at int, inClass bool) (string, int, error) {
	if at+1 >= len(pattern) {
		return "", 0, unsupported("a trailing backslash")
	}
	next := pattern[at+1]
	switch {
	case next >= '1' && next <= '9', next == 'k' && at+2 < len(pattern) && pattern[at+2] == '<':
		return "", 0, unsupported("backreferences")
	case next == '0':
		return `\x00`, 2, nil
	case next == 'u':
		m := braced.FindStringSubmatch(pattern[at:])
		if m == nil {
			m = plainU.FindStringSubmatch(pattern[at:])
		}
		if m == nil {
			return "", 0, unsupported(`\u without four hex digits`)
		}
		return `\x{` + strings.ToUpper(m[1]) + `}`, len(m[0]), nil
	case next == 'x':
		if at+4 <= len(pattern) && hex2.MatchString(pattern[at+2:at+4]) {
			return pattern[at : at+4], 4, nil
		}
		return "", 0, unsupported(`\x without two hex digits`)
	case next == 'b' && inClass:
		return "", 0, unsupported(`\b inside a character class`)
	case strings.IndexByte("pPdDwWsStnrfvbB", next) >= 0:
		return pattern[at : at+2], 2, nil
	case (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'):
		return "", 0, unsupported(`the escape \` + string(next))
	case next < 0x80 && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", next) >= 0:
		return pattern[at : at+2], 2, nil
	}
	return "", 0, unsupported(`an escaped character other than ASCII punctuation`)
}

type unsupportedError string

func (e unsupportedError) Error() string {
	return "uses " + string(e) + ", which Go's regexp (RE2) does not support"
}

func unsupported(construct string) error { return unsupportedError(construct) }
