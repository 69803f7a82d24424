//! `--tls-cert`/`--tls-key`: the certificate and key are read and checked before the first
//! build, so that a wrong file is reported at once and not after minutes of building.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;

/// A certificate chain and its private key, both PEM files.
#[derive(Debug, Clone)]
pub(crate) struct TlsFiles {
    pub(crate) cert: PathBuf,
    pub(crate) key: PathBuf,
}

fn read(what: &str, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("无法读取{what} {}：{e}", path.display()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The rustls configuration (ring), or a Chinese message naming the file at fault.
pub(crate) async fn load(files: &TlsFiles) -> Result<RustlsConfig, String> {
    let cert = read("证书文件", &files.cert)?;
    let key = read("私钥文件", &files.key)?;
    // rustls's own words for these ("peer sent no certificates") would puzzle an officer.
    if !contains(&cert, b"-----BEGIN CERTIFICATE-----") {
        return Err(format!(
            "证书文件 {} 中没有 PEM 格式的证书（应有一行 -----BEGIN CERTIFICATE-----）",
            files.cert.display()
        ));
    }
    if !contains(&key, b"PRIVATE KEY-----") {
        return Err(format!(
            "私钥文件 {} 中没有 PEM 格式的私钥（应有一行 -----BEGIN PRIVATE KEY-----）",
            files.key.display()
        ));
    }
    let config = RustlsConfig::from_pem(cert, key).await.map_err(|e| {
        format!(
            "证书 {} 与私钥 {} 不能一起使用（私钥须是这张证书的、未加密的）：{e}",
            files.cert.display(),
            files.key.display()
        )
    })?;
    // HTTP/1.1 only: the request limits are hyper's HTTP/1 ones, and a browser that is
    // offered h2 would take it.
    let mut inner = (*config.get_inner()).clone();
    inner.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(RustlsConfig::from_config(Arc::new(inner)))
}
