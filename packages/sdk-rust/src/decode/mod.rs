//! Raw store value → validated typed value: decoding (coerce), the schema checks (validate) and
//! the conversion into the generated type (materialize).

mod coerce;
pub mod formats;
mod materialize;
mod pattern;
mod raw;
mod validate;

pub use coerce::{decode, escape_pointer, FORBIDDEN_KEYS};
pub use materialize::{materialize, Materialized, TypedDecoder};
pub use pattern::translate as translate_pattern;
pub use raw::{RawValue, RawVersion};
pub use validate::Validator;

#[cfg(test)]
mod tests;
