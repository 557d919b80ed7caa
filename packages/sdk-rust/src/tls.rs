//! The TLS settings of the Vault HTTP client: rustls on ring (no C toolchain needed, unlike
//! aws-lc-rs) with the operating system's roots, the same stack the AWS client uses here.

use std::sync::Arc;

/// A rustls client configuration with the native root certificates.
pub fn client_config() -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        // A malformed system certificate is skipped, as browsers and curl do.
        let _ = roots.add(cert);
    }
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}
