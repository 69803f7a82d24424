//! The one test support module, `mod support;` in every test file: fixture sites in
//! temporary folders and running the real binary (here); building and inspecting the website
//! ([`site`]), measuring PDFs ([`pdf`]), the oracles of the property tests ([`oracle`]) and
//! their Markdown generators ([`markdown`]).
// Each test file uses part of this module, and none of it is an API.
#![allow(dead_code, unreachable_pub)]

pub mod markdown;
pub mod oracle;
pub mod pdf;
pub mod site;

/// What every test that needs an external tool prints when the tool is missing.
pub const SETUP_HINT: &str = "运行 bash scripts/setup.sh --for-tests（安装 typst 0.15、字体、poppler、chromium、LibreOffice、Nu 验证器和 axe-core）";

/// Fails the test (never skips it) because `what` is missing.
pub fn missing(what: &str) -> ! {
    panic!("{what} is missing — {SETUP_HINT}")
}

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_dangjian");

/// A site in a fresh temporary folder, removed when dropped.
pub struct TestSite {
    pub root: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn fresh_dir(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("dangjian-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// The standard error of a command that must have failed with exit code 1 (a refusal, not a
/// crash); its standard output is shown if it did not.
pub fn refusal(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `tests/fixtures/<name>`: a fixture is always a folder there.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn copy_of(name: &str) -> TestSite {
        let root = fresh_dir(name);
        copy_dir(&fixture(name), &root);
        TestSite { root }
    }

    /// A copy of the minimal valid fixture site.
    pub fn minimal() -> TestSite {
        TestSite::copy_of("minimal")
    }

    /// A copy of the repository's demo site (site.toml + content/).
    pub fn demo() -> TestSite {
        let root = fresh_dir("demo");
        let repo = repo_root();
        std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo.join("content"), &root.join("content"));
        TestSite { root }
    }

    /// An empty folder.
    pub fn empty() -> TestSite {
        TestSite {
            root: fresh_dir("empty"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(p, bytes).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove");
    }

    /// Replaces the first occurrence of `from` in a file (panics if absent, so a fixture change
    /// cannot silently turn a test into a no-op).
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs the binary with `--root <site>` and the given arguments.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .output()
            .expect("run dangjian")
    }

    /// `check --format json`: the exit code and the parsed diagnostics.
    /// `dangjian --root <site> user ARGS`, with `stdin` as its standard input (passwords).
    pub fn user(&self, args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = Command::new(BIN)
            .arg("--root")
            .arg(&self.root)
            .arg("user")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run dangjian");
        if let Some(mut input) = child.stdin.take() {
            // A command that refuses before reading may have closed its end already.
            let _ = input.write_all(stdin.as_bytes());
        }
        child.wait_with_output().expect("wait for dangjian")
    }

    /// A workbench account made with `dangjian user add … --password-stdin`.
    pub fn add_account(&self, login: &str, name: &str, role: &[&str], password: &str) {
        let mut args = vec!["add", login, "--name", name, "--role"];
        args.extend_from_slice(role);
        args.push("--password-stdin");
        let out = self.user(&args, password);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn check_json(&self) -> (i32, Vec<Diag>) {
        let out = self.run(&["check", "--format", "json"]);
        let diags = parse_diagnostics(&out.stdout);
        (out.status.code().unwrap_or(-1), diags)
    }
}

impl Drop for TestSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The diagnostics of `check --format json`: one JSON object per line.
pub fn parse_diagnostics(stdout: &[u8]) -> Vec<Diag> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("json line {l:?}: {e}"));
            Diag {
                file: v["file"].as_str().unwrap_or_default().to_owned(),
                line: v["line"].as_u64().unwrap_or_default() as u32,
                column: v["column"].as_u64().unwrap_or_default() as u32,
                severity: v["severity"].as_str().unwrap_or_default().to_owned(),
                code: v["code"].as_str().unwrap_or_default().to_owned(),
                message: v["message"].as_str().unwrap_or_default().to_owned(),
                hint: v["hint"].as_str().map(str::to_owned),
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub severity: String,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Asserts that exactly one diagnostic has `code`, and that it is at `file:line:column`.
pub fn assert_one(diags: &[Diag], code: &str, file: &str, line: u32, column: u32) -> Diag {
    let found: Vec<&Diag> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "expected one `{code}`, got: {diags:#?}");
    let d = found[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        (file, line, column),
        "location of `{code}`: {d:#?}"
    );
    d.clone()
}

/// A port on 127.0.0.1 that was free a moment ago (bound, then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A process this test started (`dangjian serve`), killed when the test ends, even on failure.
pub struct Killed(pub std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
