//! Issue 15, item 7: the hospital's intranet server. The `ExecStart` line of the systemd unit
//! the docs give (`deploy/dangjian.service`) is run as it stands, with only its paths and port
//! replaced: without accounts it refuses to start; with them it serves the published site to
//! everyone over HTTPS and the workbench only to signed-in people, each within their rights.
//! The client is curl, trusting only `tests/fixtures/tls/localhost.crt`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::site::require_program;
use support::{BIN, TestSite, fixture, repo_root};
use support::{Killed as Serve, free_port};

const PASSWORD: &str = "correct horse battery";

/// The unit's `ExecStart` arguments with the machine's paths replaced by this test's.
fn exec_start(root: &Path, port: u16) -> Vec<String> {
    let unit = std::fs::read_to_string(repo_root().join("deploy/dangjian.service")).expect("unit");
    let line = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("an ExecStart line");
    let tls = fixture("tls");
    line.split_whitespace()
        .skip(1) // the program: this build's binary
        .map(|a| match a {
            "/srv/dangjian/site" => root.display().to_string(),
            "0.0.0.0:8443" => format!("0.0.0.0:{port}"),
            "/etc/dangjian/tls/cert.pem" => tls.join("localhost.crt").display().to_string(),
            "/etc/dangjian/tls/key.pem" => tls.join("localhost.key").display().to_string(),
            other => other.to_owned(),
        })
        .collect()
}

/// One HTTPS request with curl: (status, body). `form` posts it; `jar` keeps the cookies.
fn curl(
    port: u16,
    path: &str,
    jar: &Path,
    form: Option<&[(&str, &str)]>,
    header: Option<&str>,
) -> (u16, String) {
    let mut cmd = Command::new("curl");
    cmd.args([
        "-s",
        "--max-time",
        "20",
        "-o",
        "-",
        "-w",
        "\n%{http_code}",
        "--cacert",
    ])
    .arg(fixture("tls").join("localhost.crt"))
    .arg("-c")
    .arg(jar)
    .arg("-b")
    .arg(jar);
    if let Some(fields) = form {
        for (k, v) in fields {
            cmd.arg("--data-urlencode").arg(format!("{k}={v}"));
        }
    }
    if let Some(h) = header {
        cmd.arg("-H").arg(h);
    }
    cmd.arg(format!("https://localhost:{port}{path}"));
    let out = cmd.output().expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_owned())
}

/// The value of `name="_csrf"` (or the csrf meta) in a page.
fn csrf_of(page: &str) -> String {
    for marker in ["name=\"_csrf\" value=\"", "name=\"csrf-token\" content=\""] {
        if let Some(at) = page.find(marker) {
            let rest = &page[at + marker.len()..];
            return rest[..rest.find('"').unwrap_or(0)].to_owned();
        }
    }
    panic!("no CSRF token in the page:\n{page}");
}

fn sign_in(port: u16, jar: &Path, login: &str, password: &str) -> (u16, String) {
    let (_, page) = curl(port, "/_/login", jar, None, None);
    let token = csrf_of(&page);
    curl(
        port,
        "/_/login",
        jar,
        Some(&[
            ("_csrf", &token),
            ("next", "/_/"),
            ("login", login),
            ("password", password),
        ]),
        None,
    )
}

fn start(site: &TestSite, port: u16) -> Child {
    Command::new(BIN)
        .args(exec_start(&site.root, port))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts")
}

#[test]
fn the_units_command_refuses_without_accounts_and_guards_the_workbench_with_them() {
    require_program("curl", "--version");
    let site = TestSite::minimal();

    // Without accounts the unit's command refuses to start: anyone could change records.
    let port = free_port();
    let refused = start(&site, port).wait_with_output().expect("serve ends");
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.starts_with(&format!(
            "错误：要在本机以外的地址 0.0.0.0:{port} 上提供服务，须先建立工作台账户"
        )),
        "{said}"
    );

    site.add_account("wangfang", "王芳", &["管理员"], PASSWORD);
    site.add_account("zhaoliu", "赵六", &["支部", "--branch", "beta"], PASSWORD);
    let port = free_port();
    let _serve = Serve(start(&site, port));
    let jar: PathBuf = site.path(".cache/cookies.txt");
    std::fs::create_dir_all(site.path(".cache")).expect("cache");
    let started = Instant::now();
    while curl(port, "/index.html", &jar, None, None).0 != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the site was never served"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // The published site is everyone's; the workbench asks who is there.
    let anonymous = site.path(".cache/anonymous.txt");
    let (status, body) = curl(port, "/index.html", &anonymous, None, None);
    assert_eq!(status, 200);
    assert!(body.contains("测试医院党建"), "{body}");
    let (status, _) = curl(port, "/_/", &anonymous, None, None);
    assert_eq!(status, 303);
    let (status, _) = curl(
        port,
        "/_/save",
        &anonymous,
        Some(&[("_kind", "activity")]),
        None,
    );
    assert_eq!(status, 401);

    // A 支部 account signs in and works on its own branch only.
    let (status, _) = sign_in(port, &jar, "zhaoliu", PASSWORD);
    assert_eq!(status, 303, "sign-in");
    let (status, todo) = curl(port, "/_/", &jar, None, None);
    assert_eq!(status, 200, "{todo}");
    assert!(todo.contains("<span>赵六</span>"), "{todo}");
    let token = csrf_of(&todo);
    let other = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
    let (status, page) = curl(
        port,
        &format!("/_/edit?path={}", other.replace('/', "%2F")),
        &jar,
        None,
        None,
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("只读：您的账户只能修改本支部的活动、品牌和名册。"),
        "{page}"
    );
    let before = site.read(other);
    let (status, page) = curl(
        port,
        "/_/save",
        &jar,
        Some(&[
            ("_kind", "activity"),
            ("_path", other),
            ("_csrf", &token),
            ("title", "改别人的"),
        ]),
        None,
    );
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("无权修改"), "{page}");
    // A post without the session's token is refused before it reaches the form.
    let (status, _) = curl(
        port,
        "/_/save",
        &jar,
        Some(&[("_kind", "activity"), ("_path", other)]),
        None,
    );
    assert_eq!(status, 403);
    assert_eq!(site.read(other), before, "a refused save wrote the file");

    // Ten wrong passwords lock the account, also for the right one, for a while.
    let locker = site.path(".cache/locker.txt");
    for attempt in 1..=10 {
        let (status, _) = sign_in(port, &locker, "wangfang", "wrong password!!");
        // The tenth failure is the one that locks.
        assert_eq!(
            status,
            if attempt < 10 { 401 } else { 429 },
            "attempt {attempt}"
        );
    }
    let (status, page) = sign_in(port, &locker, "wangfang", PASSWORD);
    assert_eq!(status, 429, "the locked account signed in");
    assert!(
        page.contains("密码连续输错 10 次，这个账户已锁定，请在 "),
        "{page}"
    );
}
