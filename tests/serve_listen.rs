//! Issue 15, items 5 and 7: where `dangjian serve` listens and how. Beyond the loopback
//! address it needs accounts and either TLS or an explicit `--insecure-http`; every refusal
//! is a Chinese sentence and exit code 1, given before the first build. Over TLS a page is
//! fetched with curl trusting only `tests/fixtures/tls/localhost.crt`.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::free_port;
use support::site::require_program;
use support::{BIN, TestSite, fixture};

fn tls_file(name: &str) -> PathBuf {
    fixture("tls").join(name)
}

/// Runs `serve` expecting it to refuse to start: its exit code and what it printed.
fn refused(site: &TestSite, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .arg("serve")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    // A refusal comes before the first build; a serve that started is ended here.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if let Ok(None) = child.try_wait() {
        let _ = child.kill();
    }
    let o: Output = child.wait_with_output().expect("wait for serve");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn with_accounts() -> TestSite {
    let site = TestSite::minimal();
    site.add_account("zhangsan", "张三", &["管理员"], "correct horse battery");
    site
}

#[test]
fn a_certificate_without_its_key_is_refused() {
    let site = TestSite::minimal();
    let cert = tls_file("localhost.crt");
    let key = tls_file("localhost.key");
    let port = free_port().to_string();
    for args in [
        vec!["--port", &port, "--tls-cert", cert.to_str().expect("utf-8")],
        vec!["--port", &port, "--tls-key", key.to_str().expect("utf-8")],
    ] {
        assert_eq!(
            refused(&site, &args),
            (
                Some(1),
                "错误：--tls-cert 与 --tls-key 须一起给出：一个是证书，一个是它的私钥\n".to_owned()
            ),
            "{args:?}"
        );
    }
}

#[test]
fn a_listen_address_that_is_not_address_and_port_is_refused() {
    let site = TestSite::minimal();
    for bad in ["abc", "127.0.0.1", "localhost:8443", "0.0.0.0:99999"] {
        let o = site.run(&["serve", "--listen", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let said = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            said.lines().next(),
            Some(
                format!(
                    "错误：--listen <地址:端口> 的值 `{bad}` 无效：应写作 地址:端口，如 0.0.0.0:8443、127.0.0.1:1111 或 [::]:8443（地址用数字，不用主机名）"
                )
                .as_str()
            ),
            "{said}"
        );
    }
}

#[test]
fn a_port_in_use_is_refused() {
    let site = TestSite::minimal();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let port = taken.local_addr().expect("addr").port();
    assert_eq!(
        refused(&site, &["--port", &port.to_string()]),
        (
            Some(1),
            format!(
                "错误：无法监听 127.0.0.1:{port}：Address already in use (os error 98)（端口可能已被占用：换一个端口再试）\n"
            )
        )
    );
}

#[test]
fn beyond_loopback_accounts_are_needed_first() {
    let site = TestSite::minimal();
    let listen = format!("0.0.0.0:{}", free_port());
    let expected = format!(
        "错误：要在本机以外的地址 {listen} 上提供服务，须先建立工作台账户，否则谁都能修改记录：还没有可以登录的账户，其他电脑无法使用工作台（先建立一个管理员账户：dangjian user add 登录名 --name 姓名 --role 管理员）\n"
    );
    assert_eq!(
        refused(&site, &["--listen", &listen, "--insecure-http"]),
        (Some(1), expected.clone())
    );
    // An empty accounts file has no accounts.
    site.write(".dangjian/users.toml", "");
    assert_eq!(
        refused(&site, &["--listen", &listen, "--insecure-http"]),
        (Some(1), expected)
    );
}

#[test]
fn beyond_loopback_tls_or_insecure_http_is_needed() {
    let site = with_accounts();
    let listen = format!("0.0.0.0:{}", free_port());
    assert_eq!(
        refused(&site, &["--listen", &listen]),
        (
            Some(1),
            format!(
                "错误：要在本机以外的地址 {listen} 上提供服务，须用 --tls-cert 与 --tls-key 给出 HTTPS 证书和私钥；确在可信的内网中时，也可加 --insecure-http 不加密\n"
            )
        )
    );
}

#[test]
fn an_unreadable_or_bad_certificate_is_refused() {
    let site = TestSite::minimal();
    let port = free_port().to_string();
    let key = tls_file("localhost.key");
    let key = key.to_str().expect("utf-8");
    let missing = site.path("nowhere.crt");
    let missing = missing.to_str().expect("utf-8");
    assert_eq!(
        refused(
            &site,
            &["--port", &port, "--tls-cert", missing, "--tls-key", key]
        ),
        (
            Some(1),
            format!("错误：无法读取证书文件 {missing}：No such file or directory (os error 2)\n")
        )
    );
    let cert = tls_file("localhost.crt");
    let cert = cert.to_str().expect("utf-8");
    let missing_key = site.path("nowhere.key");
    let missing_key = missing_key.to_str().expect("utf-8");
    assert_eq!(
        refused(
            &site,
            &[
                "--port",
                &port,
                "--tls-cert",
                cert,
                "--tls-key",
                missing_key
            ]
        ),
        (
            Some(1),
            format!(
                "错误：无法读取私钥文件 {missing_key}：No such file or directory (os error 2)\n"
            )
        )
    );
    // A file that is not PEM, a key given as the certificate and the other way round.
    site.write("bad.crt", "这不是证书\n");
    let bad = site.path("bad.crt");
    let bad = bad.to_str().expect("utf-8");
    let no_cert = |c: &str| {
        format!(
            "错误：证书文件 {c} 中没有 PEM 格式的证书（应有一行 -----BEGIN CERTIFICATE-----）\n"
        )
    };
    let no_key = |k: &str| {
        format!(
            "错误：私钥文件 {k} 中没有 PEM 格式的私钥（应有一行 -----BEGIN PRIVATE KEY-----）\n"
        )
    };
    // Another key than the certificate's.
    let other = tls_file("other.key");
    let other = other.to_str().expect("utf-8");
    for (c, k, said) in [
        (bad, key, no_cert(bad)),
        (key, key, no_cert(key)),
        (cert, cert, no_key(cert)),
        (
            cert,
            other,
            format!(
                "错误：证书 {cert} 与私钥 {other} 不能一起使用（私钥须是这张证书的、未加密的）：{MISMATCH}\n"
            ),
        ),
    ] {
        assert_eq!(
            refused(&site, &["--port", &port, "--tls-cert", c, "--tls-key", k]),
            (Some(1), said),
            "{c} {k}"
        );
    }
}

/// rustls's words for a key that is not the certificate's.
const MISMATCH: &str = "keys may not be consistent: KeyMismatch";

/// Kills `serve` (a process this test started) when the test ends, even on failure.
struct Serve {
    child: Child,
    site: TestSite,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: TestSite, args: &[&str]) -> Serve {
    let child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .arg("serve")
        .args(args)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(site.path("serve.log")).expect("serve.log"))
        .spawn()
        .expect("start serve");
    Serve { child, site }
}

/// `curl` over HTTPS trusting only the test certificate: the status and the body.
fn curl_https(port: u16, path: &str) -> Option<(u16, String)> {
    let o = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "20"])
        .arg("--cacert")
        .arg(tls_file("localhost.crt"))
        .args(["--write-out", "\n%{http_code}"])
        .arg(format!("https://localhost:{port}{path}"))
        .output()
        .ok()?;
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let (body, code) = out.rsplit_once('\n')?;
    Some((code.parse().ok()?, body.to_owned()))
}

#[test]
fn a_page_is_served_over_tls_to_a_client_that_trusts_the_certificate() {
    require_program("curl", "--version");
    let port = free_port();
    let cert = tls_file("localhost.crt");
    let key = tls_file("localhost.key");
    let s = start(
        TestSite::minimal(),
        &[
            "--port",
            &port.to_string(),
            "--tls-cert",
            cert.to_str().expect("utf-8"),
            "--tls-key",
            key.to_str().expect("utf-8"),
        ],
    );
    let waited = Instant::now();
    let (status, body) = loop {
        if let Some((200, body)) = curl_https(port, "/index.html") {
            break (200, body);
        }
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "no page over https:\n{}",
            s.site.read("serve.log")
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(status, 200);
    assert!(body.contains("/__dangjian/reload.js"), "{body}");
    assert!(
        s.site
            .read("serve.log")
            .contains(&format!("预览地址：https://127.0.0.1:{port}/")),
        "{}",
        s.site.read("serve.log")
    );
    // Plain HTTP to the TLS port is not answered as a page.
    let plain = raw(port, "localhost").unwrap_or_default();
    assert!(!plain.starts_with("HTTP/1.1 200"), "{plain}");
}

/// A plain GET with the given Host: the whole answer as text.
fn raw(port: u16, host: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(15))).ok()?;
    write!(
        s,
        "GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    Some(String::from_utf8_lossy(&buf).into_owned())
}

#[test]
fn insecure_http_beyond_loopback_warns_and_serves_only_the_allowed_names() {
    let port = free_port();
    let s = start(
        with_accounts(),
        &[
            "--listen",
            &format!("0.0.0.0:{port}"),
            "--insecure-http",
            "--allow-host",
            "dangjian.lan",
        ],
    );
    let waited = Instant::now();
    while !raw(port, "dangjian.lan").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "serve never came up:\n{}",
            s.site.read("serve.log")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = s.site.read("serve.log");
    assert!(
        log.contains(
            "警告：--insecure-http：网页、密码和记录以明文在网络上传输，同一网络中的人都可能看到；只在可信的内网中这样用\n"
        ),
        "{log}"
    );
    assert!(
        log.contains(&format!("预览地址：http://dangjian.lan:{port}/")),
        "{log}"
    );
    let other = raw(port, &format!("evil.example:{port}")).expect("an answer");
    assert!(other.starts_with("HTTP/1.1 403"), "{other}");
    assert!(other.ends_with("拒绝访问：主机名不是本机\n"), "{other}");
    assert!(raw(port, &format!("localhost:{port}")).is_some_and(|r| r.starts_with("HTTP/1.1 200")));
}

#[test]
fn beyond_loopback_with_accounts_and_tls_it_serves_https_without_the_warning() {
    require_program("curl", "--version");
    let port = free_port();
    let cert = tls_file("localhost.crt");
    let key = tls_file("localhost.key");
    let s = start(
        with_accounts(),
        &[
            "--listen",
            &format!("0.0.0.0:{port}"),
            "--tls-cert",
            cert.to_str().expect("utf-8"),
            "--tls-key",
            key.to_str().expect("utf-8"),
        ],
    );
    let waited = Instant::now();
    // Beyond loopback the workbench asks who is there: its sign-in page.
    while !curl_https(port, "/_/login").is_some_and(|(code, body)| {
        code == 200 && body.contains("<title>登录 · 党建工作台</title>")
    }) {
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "no workbench over https:\n{}",
            s.site.read("serve.log")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let log = s.site.read("serve.log");
    assert!(!log.contains("警告：--insecure-http"), "{log}");
    // Without --allow-host the other computers could not name it: serve says so.
    assert!(
        log.contains(
            "提示：其他电脑须用 --allow-host 给出的名字（如 --allow-host dangjian.yiyuan.lan）访问；其他名字一律拒绝\n"
        ),
        "{log}"
    );
    assert!(
        log.contains(&format!("预览地址：https://127.0.0.1:{port}/")),
        "{log}"
    );
}
