//! Defines the moto contract test only when a moto server is there to run it against
//! (`MOTO_ENDPOINT`, as CI sets it): a store defines the scenarios it can run, it never skips.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(moto)");
    println!("cargo::rerun-if-env-changed=MOTO_ENDPOINT");
    if std::env::var("MOTO_ENDPOINT").is_ok_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=moto");
    }
}
