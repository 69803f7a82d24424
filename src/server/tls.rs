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

/// The rustls configuration (ring), or a Chinese message naming the file at fault.
pub(crate) async fn load(files: &TlsFiles) -> Result<RustlsConfig, String> {
    let cert = read("证书文件", &files.cert)?;
    let key = read("私钥文件", &files.key)?;
    let config = RustlsConfig::from_pem(cert, key).await.map_err(|e| {
        format!(
            "证书 {} 或私钥 {} 无效（须为 PEM 格式，且私钥与证书配对）：{e}",
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
