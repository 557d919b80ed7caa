//! ECMAScript `pattern` (JSON Schema's dialect, with the `u` flag) → Rust `regex` syntax.
//!
//! `regex` is RE2-like: lookaround and backreferences do not exist there, so such patterns fail
//! when the client is built (codegen already refuses them for Rust services at gen time). The
//! classes whose meaning differs are rewritten: in ECMAScript `\d` and `\w` are ASCII, in
//! `regex` they are Unicode-aware; `\uXXXX` and `\u{X}` are spelt `\x{X}`.

/// The translated pattern, ready for `regex::Regex::new`.
pub fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let next = chars[i + 1];
            match next {
                'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                'w' => out.push_str(if in_class {
                    "0-9A-Za-z_"
                } else {
                    "[0-9A-Za-z_]"
                }),
                'D' if !in_class => out.push_str("[^0-9]"),
                'W' if !in_class => out.push_str("[^0-9A-Za-z_]"),
                'u' => {
                    let rest: String = chars[i + 2..].iter().collect();
                    if let Some(end) = rest.strip_prefix('{').and_then(|r| r.find('}')) {
                        out.push_str(&format!("\\x{{{}}}", &rest[1..=end]));
                        i += 2 + end + 2;
                        continue;
                    }
                    if rest.len() >= 4 && rest[..4].chars().all(|h| h.is_ascii_hexdigit()) {
                        out.push_str(&format!("\\x{{{}}}", &rest[..4]));
                        i += 6;
                        continue;
                    }
                    out.push_str("\\u");
                }
                '/' => out.push('/'),
                _ => {
                    out.push('\\');
                    out.push(next);
                }
            }
            i += 2;
            continue;
        }
        if in_class && c == ']' {
            in_class = false;
        } else if !in_class && c == '[' {
            in_class = true;
            out.push(c);
            // A `]` right after `[` or `[^` is a literal in `regex` but closes an empty class in
            // ECMAScript; neither is a useful pattern, so it is left for the compiler to refuse.
            if chars.get(i + 1) == Some(&'^') {
                out.push('^');
                i += 1;
            }
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::translate;
    use regex::Regex;

    #[test]
    fn ascii_classes_stay_ascii() {
        let re = Regex::new(&translate(r"^\d{3}\w$")).unwrap();
        assert!(re.is_match("123a"));
        assert!(
            !re.is_match("١٢٣a"),
            "Arabic-Indic digits are not \\d in ECMAScript"
        );
        let class = Regex::new(&translate(r"^[\d.]+$")).unwrap();
        assert!(class.is_match("1.2"));
    }

    #[test]
    fn unicode_escapes_and_named_groups() {
        let re = Regex::new(&translate(r"^(?<kind>sk|pk)_\u0041[0-9]{2,8}$")).unwrap();
        assert!(re.is_match("sk_A12"));
        assert!(!re.is_match("sk_B12"));
        let braced = Regex::new(&translate(r"^\u{1F511}$")).unwrap();
        assert!(braced.is_match("🔑"));
        let slash = Regex::new(&translate(r"^tok_[A-Za-z0-9]+\/v[0-9]$")).unwrap();
        assert!(slash.is_match("tok_ab/v1"));
    }

    #[test]
    fn lookaround_does_not_compile() {
        assert!(Regex::new(&translate("^(?!mysql)postgres")).is_err());
    }
}
