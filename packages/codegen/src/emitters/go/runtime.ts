/**
 * The fixed part of every generated Go package: sources, the aggregated error and the checks.
 * It is copied into each package (standard library only, nothing to import from locksmith), and
 * is written already gofmt-formatted; a test runs gofmt over the generated files to keep it so.
 */

/** The standard-library imports of every package; the runtime below uses each of them. */
export const GO_IMPORTS = [
  'errors',
  'fmt',
  'io/fs',
  'math',
  'net/netip',
  'net/url',
  'os',
  'path/filepath',
  'regexp',
  'strconv',
  'strings',
  'unicode/utf8',
] as const;

/** Source, EnvSource, DirSource, Problem, Error and the field reader, shared by every package. */
export const GO_RUNTIME = `// Source looks up the text of one field of one secret. ok is false when the field is not set;
// an error means it is set but could not be read.
type Source interface {
	Lookup(secret, envVar string) (value string, ok bool, err error)
}

type envSource func(string) (string, bool)

func (lookup envSource) Lookup(_, envVar string) (string, bool, error) {
	value, ok := lookup(envVar)
	return value, ok, nil
}

// EnvSource reads each field from the environment variable the catalog names, through lookup
// (os.LookupEnv in production, a map in tests).
func EnvSource(lookup func(string) (string, bool)) Source { return envSource(lookup) }

type dirSource string

func (root dirSource) Lookup(secret, envVar string) (string, bool, error) {
	data, err := os.ReadFile(filepath.Join(string(root), secret, envVar))
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	text := string(data)
	if strings.HasSuffix(text, "\\r\\n") {
		return text[:len(text)-2], true, nil
	}
	return strings.TrimSuffix(text, "\\n"), true, nil
}

// DirSource reads mounted secrets: the file <root>/<secret name>/<ENV_VAR_NAME> holds one field,
// as External Secrets Operator and the kubelet lay out a Kubernetes Secret volume. One trailing
// newline is removed.
func DirSource(root string) Source { return dirSource(root) }

// Problem is one reason a field was rejected. It names the field and the rule, never the value.
type Problem struct {
	Secret string
	// Field is empty for a secret whose value is a single string.
	Field  string
	EnvVar string
	Rule   string
	Reason string
	// Err is the Source's error when the rule is "read"; Error() leaves it out.
	Err error
}

func (p Problem) String() string {
	where := "secret " + strconv.Quote(p.Secret)
	if p.Field != "" {
		where += " field " + strconv.Quote(p.Field)
	}
	return fmt.Sprintf("%s (%s) %s (rule: %s)", where, p.EnvVar, p.Reason, p.Rule)
}

// Error lists every problem LoadFrom found, so one start-up shows everything to fix.
type Error struct {
	Service  string
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%s: %d secret problem(s): %s", e.Service, len(e.Problems), strings.Join(lines, "; "))
}

// Unwrap exposes the Source errors behind "read" problems to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var causes []error
	for _, p := range e.Problems {
		if p.Err != nil {
			causes = append(causes, p.Err)
		}
	}
	return causes
}

type spec struct {
	secret       string
	field        string
	env          string
	required     bool
	hasDefault   bool
	def          string
	minLength    int
	hasMaxLength bool
	maxLength    int
	pattern      *regexp.Regexp
	format       string
	hasMinimum   bool
	minimum      float64
	hasMaximum   bool
	maximum      float64
}

type reader struct {
	src      Source
	problems []Problem
}

func (r *reader) fail(s spec, rule, reason string, err error) {
	r.problems = append(r.problems, Problem{Secret: s.secret, Field: s.field, EnvVar: s.env, Rule: rule, Reason: reason, Err: err})
}

// text returns the field's text, or its default, and whether there is anything to check.
func (r *reader) text(s spec) (string, bool) {
	value, ok, err := r.src.Lookup(s.secret, s.env)
	switch {
	case err != nil:
		r.fail(s, "read", "cannot be read", err)
		return "", false
	case !ok && s.hasDefault:
		return s.def, true
	case !ok && s.required:
		r.fail(s, "required", "is not set", nil)
	}
	return value, ok
}

func (r *reader) str(s spec) string {
	value, ok := r.text(s)
	if !ok {
		return ""
	}
	length := utf8.RuneCountInString(value)
	if length < s.minLength {
		r.fail(s, "minLength", fmt.Sprintf("is shorter than %d characters", s.minLength), nil)
	}
	if s.hasMaxLength && length > s.maxLength {
		r.fail(s, "maxLength", fmt.Sprintf("is longer than %d characters", s.maxLength), nil)
	}
	if s.pattern != nil && !s.pattern.MatchString(value) {
		r.fail(s, "pattern", "does not match the catalog pattern", nil)
	}
	if s.format != "" && !validFormat(s.format, value) {
		r.fail(s, "format", "is not a valid "+s.format, nil)
	}
	return value
}

func (r *reader) integer(s spec) int64 {
	value, ok := r.text(s)
	if !ok {
		return 0
	}
	// The strconv error quotes its input, so it is never kept.
	text := strings.TrimSpace(value)
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || !integerPattern.MatchString(text) {
		r.fail(s, "type", "is not a 64-bit integer", nil)
		return 0
	}
	r.bounds(s, float64(n))
	return n
}

func (r *reader) number(s spec) float64 {
	value, ok := r.text(s)
	if !ok {
		return 0
	}
	// ParseFloat also takes hex floats, "Inf" and "NaN"; the pattern keeps to plain decimals.
	text := strings.TrimSpace(value)
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || !numberPattern.MatchString(text) || math.IsInf(f, 0) {
		r.fail(s, "type", "is not a number", nil)
		return 0
	}
	r.bounds(s, f)
	return f
}

func (r *reader) boolean(s spec) bool {
	value, ok := r.text(s)
	if !ok {
		return false
	}
	switch value {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	r.fail(s, "type", "is not a boolean (true, false, 1 or 0)", nil)
	return false
}

func (r *reader) bounds(s spec, n float64) {
	if s.hasMinimum && n < s.minimum {
		r.fail(s, "minimum", "is below "+strconv.FormatFloat(s.minimum, 'g', -1, 64), nil)
	}
	if s.hasMaximum && n > s.maximum {
		r.fail(s, "maximum", "is above "+strconv.FormatFloat(s.maximum, 'g', -1, 64), nil)
	}
}

var (
	integerPattern  = regexp.MustCompile(\`^-?[0-9]+$\`)
	numberPattern   = regexp.MustCompile(\`^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$\`)
	hostnamePattern = regexp.MustCompile(\`^(?i:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.(?i:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?))*$\`)
	emailPattern    = regexp.MustCompile(\`^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$\`)
	uuidPattern     = regexp.MustCompile(\`^(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$\`)
)

func validFormat(format, value string) bool {
	switch format {
	case "uri":
		u, err := url.Parse(value)
		return err == nil && u.Scheme != ""
	case "hostname":
		return len(value) <= 253 && hostnamePattern.MatchString(value)
	case "email":
		return emailPattern.MatchString(value)
	case "uuid":
		return uuidPattern.MatchString(value)
	case "ipv4":
		ip, err := netip.ParseAddr(value)
		return err == nil && ip.Is4()
	case "ipv6":
		ip, err := netip.ParseAddr(value)
		return err == nil && ip.Is6()
	}
	return false
}
`;
