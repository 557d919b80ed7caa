//! The Rust modules `locksmith gen` writes, compiled as a service would compile them: the
//! example's `ledger-rs` module and the golden module of codegen's Rust fixture catalog (every
//! type, format, keyword and reserved name). `cargo fmt --check` and `cargo clippy -D warnings`
//! run over them through this crate; its tests feed them values.

#[path = "../../../apps/example-service/generated/rust/ledger_rs/mod.rs"]
pub mod ledger_rs;

#[path = "../../../packages/codegen/test/golden/polyglot/rust/ledger_rs/mod.rs"]
pub mod fixture_ledger_rs;
