//! The string formats the catalog allows, checked as the Node runtime (ajv-formats) does.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use regex::Regex;

/// Formats a value schema may name; the catalog's meta-schema allows exactly these.
pub const FORMATS: [&str; 6] = ["uri", "email", "hostname", "uuid", "ipv4", "ipv6"];

/// True when `value` is a valid `format`; `None` for a format this runtime does not know.
pub fn check(format: &str, value: &str) -> Option<bool> {
    Some(match format {
        "uri" => url::Url::parse(value).is_ok(),
        "email" => email().is_match(value),
        "hostname" => value.len() <= 253 && hostname().is_match(value),
        "uuid" => uuid().is_match(value),
        "ipv4" => value.parse::<Ipv4Addr>().is_ok(),
        "ipv6" => value.parse::<Ipv6Addr>().is_ok(),
        _ => return None,
    })
}

fn email() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$").expect("email pattern"))
}

fn hostname() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?i:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.(?i:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?))*$")
            .expect("hostname pattern")
    })
}

fn uuid() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
            .expect("uuid pattern")
    })
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_and_refuses_like_ajv_formats() {
        let cases = [
            ("uri", "postgres://db:5432/x", true),
            ("uri", "not a uri", false),
            ("email", "a@b.example", true),
            ("email", "a@b", false),
            ("hostname", "smtp.example.test", true),
            ("hostname", "-bad.example", false),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
            ("uuid", "123e4567", false),
            ("ipv4", "10.0.0.1", true),
            ("ipv4", "10.0.0.256", false),
            ("ipv6", "::1", true),
            ("ipv6", "10.0.0.1", false),
        ];
        for (format, value, ok) in cases {
            assert_eq!(check(format, value), Some(ok), "{format} {value}");
        }
        assert_eq!(check("date-time", "x"), None);
    }
}
