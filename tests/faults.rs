//! Faults, for real: typst crashing, hanging or missing (fake `typst` programs); the disk full
//! halfway through writing the site (a 2 MB tmpfs) and an output folder that cannot be written
//! (a read-only tmpfs, or a read-only directory where mounting is not permitted); a build
//! killed with SIGKILL at several points; two builds at once; records edited while `serve`
//! rebuilds.
//!
//! In every case: the records are untouched, `output/` is the previous complete build or the
//! new complete one (never a mix, never half-written), and the message says what happened.
//! Every test that needs an external tool fails with "run: bash scripts/setup.sh --for-tests"
//! when it is missing; none is skipped.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::missing;
use support::site::{remove_stale_test_dirs, snapshot, snapshot_diff};
use support::{BIN, TestSite, repo_root};
use support::{Killed as Serve, free_port};

// -------------------------------------------------------------------------------- helpers

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs the binary with extra environment; asserts no panic and exit 0 or 1.
fn run_env(site: &TestSite, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--root").arg(&site.root).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run dangjian");
    let all = text(&o);
    assert!(!all.contains("panicked"), "panic:\n{all}");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit status {:?}:\n{all}",
        o.status
    );
    o
}

fn run(site: &TestSite, args: &[&str]) -> Output {
    run_env(site, args, &[])
}

fn build_ok(site: &TestSite, args: &[&str]) {
    let o = run(site, args);
    assert!(o.status.success(), "build failed:\n{}", text(&o));
}

/// The records: `site.toml` and everything under `content/` (a symbolic link as its target).
fn records(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(root)
                .expect("below root")
                .to_string_lossy()
                .into_owned();
            let t = e.file_type().expect("type");
            if t.is_symlink() {
                let target = std::fs::read_link(&p).expect("read_link");
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if t.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    let mut s = BTreeMap::new();
    walk(&site.root, &site.path("content"), &mut s);
    s.insert(
        "site.toml".into(),
        std::fs::read(site.path("site.toml")).expect("site.toml"),
    );
    s
}

fn assert_same(what: &str, a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let diff = snapshot_diff(a, b);
    assert!(diff.is_empty(), "{what}:\n{}", diff.join("\n"));
}

/// What a build left next to an output folder named `name` in `dir` (staging, old, lock).
fn leftovers(dir: &Path, name: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&format!(".{name}.")))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a process exists (and is not a zombie).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

fn write_script(path: &Path, body: &str) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(path, format!("#!/bin/sh\n{body}")).expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

/// A fake typst: answers `--version` like 0.15, and runs `compile` as `body`.
fn fake_typst(site: &TestSite, name: &str, body: &str) -> PathBuf {
    let path = site.path(&format!("bin/{name}/typst"));
    write_script(
        &path,
        &format!(
            "if [ \"$1\" = \"--version\" ]; then echo \"typst 0.15.1 (fake)\"; exit 0; fi\n{body}\n"
        ),
    );
    path
}

/// The minimal site with the repository's fonts, so that the PDF stage can start.
fn pdf_site(timeout_seconds: u32) -> TestSite {
    let site = TestSite::minimal();
    if !repo_root().join(".fonts").is_dir() {
        missing(".fonts/ (the open CJK fonts)");
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(repo_root().join(".fonts"), site.path(".fonts"))
        .expect("link .fonts");
    let cfg = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{cfg}\n[pdf]\nfont_dirs = [\".fonts\"]\ntimeout_seconds = {timeout_seconds}\n"),
    );
    site
}

// ---------------------------------------------------------------------------------- typst

/// typst is not there: the site is still published (complete, without PDF links), the command
/// fails and says where it looked and how to install it.
#[test]
fn typst_missing_publishes_the_site_without_pdfs_and_says_how_to_install_it() {
    let site = pdf_site(60);
    let before = records(&site);
    let nowhere = site.path("bin/none/typst");
    let o = run_env(&site, &["build"], &[("DANGJIAN_TYPST", &nowhere)]);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "找不到 typst：环境变量 DANGJIAN_TYPST 指向 {}，该文件不存在或不可执行",
            nowhere.display()
        )),
        "{all}"
    );
    assert!(
        all.contains("运行 dangjian setup") && !all.contains("setup.sh"),
        "no install hint naming the setup command: {all}"
    );
    assert!(all.contains("网站已生成，但没有生成 PDF"), "{all}");
    assert!(site.path("output/index.html").is_file());
    assert!(site.path("output/notices/2024-1.html").is_file());
    assert!(!site.path("output/notices/2024-1.pdf").exists());
    let notice = site.read("output/notices/2024-1.html");
    assert!(
        !notice.contains("2024-1.pdf"),
        "a link to a PDF that was not made"
    );
    assert_same("records changed", &before, &records(&site));
    assert_eq!(leftovers(&site.root, "output"), Vec::<String>::new());
}

/// typst crashes (SIGSEGV): the build fails naming the document and the signal, and the
/// previous output stays byte for byte.
#[test]
fn typst_crashing_fails_the_build_and_keeps_the_previous_output() {
    let site = pdf_site(60);
    build_ok(&site, &["build", "--no-pdf"]);
    let previous = snapshot(&site.path("output"));
    let before = records(&site);
    let crash = fake_typst(&site, "crash", "kill -SEGV $$");
    let o = run_env(&site, &["build"], &[("DANGJIAN_TYPST", &crash)]);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("typst 未能生成 notices/2024-1.pdf"), "{all}");
    assert!(all.contains("SIGSEGV"), "the signal is not named: {all}");
    assert!(
        all.contains("content/notices/2024/1.md"),
        "the record is not named: {all}"
    );
    assert!(all.contains("生成失败；上一次的 output/ 保持不变"), "{all}");
    assert_same("output changed", &previous, &snapshot(&site.path("output")));
    assert_same("records changed", &before, &records(&site));
    assert_eq!(leftovers(&site.root, "output"), Vec::<String>::new());
}

/// typst hangs: it is killed after `[pdf] timeout_seconds` — with the children it started —
/// the build fails saying so, and the previous output stays.
#[test]
fn typst_hanging_is_killed_after_the_timeout_and_keeps_the_previous_output() {
    let site = pdf_site(2);
    build_ok(&site, &["build", "--no-pdf"]);
    let previous = snapshot(&site.path("output"));
    let before = records(&site);
    let pids = site.path("bin/sleepy/pids");
    let sleepy = fake_typst(
        &site,
        "sleepy",
        &format!("sleep 300 &\necho $! >> '{}'\nwait\n", pids.display()),
    );
    let started = Instant::now();
    let o = run_env(&site, &["build"], &[("DANGJIAN_TYPST", &sleepy)]);
    let took = started.elapsed();
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(took < Duration::from_secs(60), "the build took {took:?}");
    assert!(
        all.contains("typst 生成 notices/2024-1.pdf：超过 2 秒仍未完成，已终止"),
        "{all}"
    );
    assert!(
        all.contains("timeout_seconds"),
        "no hint about the setting: {all}"
    );
    let started_pids: Vec<u32> = std::fs::read_to_string(&pids)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    assert!(!started_pids.is_empty(), "the fake typst never ran");
    std::thread::sleep(Duration::from_millis(200));
    for pid in started_pids {
        assert!(!alive(pid), "typst's child {pid} outlived the timeout");
    }
    assert_same("output changed", &previous, &snapshot(&site.path("output")));
    assert_same("records changed", &before, &records(&site));
}

// ------------------------------------------------------------------- disk full, read-only

/// A tmpfs mounted for one test, unmounted (and its mount point removed) when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. "2m") at `dir`; `None` when mounting is not permitted.
    fn mount(dir: &Path, size: &str, read_only: bool) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).expect("mount point");
        let opts = if read_only {
            format!("size={size},ro")
        } else {
            format!("size={size}")
        };
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &opts, "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs {
            dir: dir.to_path_buf(),
        })
    }

    /// Kilobytes in use.
    fn used_kb(&self) -> u64 {
        let o = Command::new("df")
            .args(["-k", "--output=used"])
            .arg(&self.dir)
            .output()
            .expect("df");
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .next()
            .expect("df --output=used")
    }

    fn remount(&self, opts: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {opts} {}", self.dir.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// Changes the site title: every page changes, so the next build writes the whole site.
fn retitle(site: &TestSite, title: &str) {
    let cfg = site.read("site.toml");
    let old = cfg
        .lines()
        .find(|l| l.starts_with("title = "))
        .expect("site title")
        .to_owned();
    site.replace("site.toml", &old, &format!("title = \"{title}\""));
}

/// The disk fills up while the site is written: the build fails with the system's reason, the
/// previous output stays byte for byte, nothing is left behind on the full disk, and once
/// there is room the next build succeeds.
#[test]
fn disk_full_halfway_keeps_the_previous_output() {
    let site = TestSite::minimal();
    let mnt = site.path("mnt");
    let Some(fs) = Tmpfs::mount(&mnt, "16m", false) else {
        eprintln!(
            "mounting a tmpfs is not permitted here (needs root): the disk-full case falls back to a read-only output folder"
        );
        return read_only_output_directory(&site);
    };
    let out = mnt.join("output");
    let out_arg = out.to_string_lossy().into_owned();
    build_ok(&site, &["build", "--no-pdf", "--output", &out_arg]);
    let previous = snapshot(&out);
    // The disk shrinks to the site and 64 KB: the new pages (written beside the old ones
    // before they replace them) do not fit, so the disk fills while they are written.
    let used = fs.used_kb();
    fs.remount(&format!("size={}k", used + 64));
    retitle(&site, "新的网站标题");
    let before = records(&site);
    let o = run(&site, &["build", "--no-pdf", "--output", &out_arg]);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("写入输出失败"), "{all}");
    assert!(
        all.contains("No space left on device") || all.contains("os error 28"),
        "the reason is not given: {all}"
    );
    assert!(all.contains("生成失败；上一次的 output/ 保持不变"), "{all}");
    assert_same("output changed", &previous, &snapshot(&out));
    assert_eq!(
        leftovers(&mnt, "output"),
        Vec::<String>::new(),
        "left on the full disk"
    );
    assert_same("records changed", &before, &records(&site));
    drop(fs);
    // With room again, the same build succeeds.
    build_ok(&site, &["build", "--no-pdf", "--output", &out_arg]);
    assert!(site.read("mnt/output/index.html").contains("新的网站标题"));
}

/// The very first build on a disk too small for it: fails, and leaves no output at all.
#[test]
fn disk_full_on_the_first_build_leaves_no_output() {
    let site = TestSite::minimal();
    let mnt = site.path("mnt");
    let Some(_fs) = Tmpfs::mount(&mnt, "300k", false) else {
        eprintln!(
            "mounting a tmpfs is not permitted here (needs root): see read_only_output_directory"
        );
        return read_only_output_directory(&site);
    };
    let out = mnt.join("output");
    let o = run(
        &site,
        &["build", "--no-pdf", "--output", &out.to_string_lossy()],
    );
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("写入输出失败"), "{all}");
    assert!(
        all.contains("No space left on device") || all.contains("os error 28"),
        "{all}"
    );
    assert!(!out.exists(), "a half-written output/ was left");
    assert_eq!(leftovers(&mnt, "output"), Vec::<String>::new());
}

/// The folder of the output is read-only: the build stops before writing anything, says which
/// file it could not create and why, and the previous output stays.
#[test]
fn output_folder_not_writable_keeps_the_previous_output() {
    let site = TestSite::minimal();
    let mnt = site.path("mnt");
    let Some(fs) = Tmpfs::mount(&mnt, "4m", false) else {
        eprintln!("mounting a tmpfs is not permitted here (needs root): using chmod instead");
        return read_only_output_directory(&site);
    };
    let out = mnt.join("output");
    let out_arg = out.to_string_lossy().into_owned();
    build_ok(&site, &["build", "--no-pdf", "--output", &out_arg]);
    let previous = snapshot(&out);
    retitle(&site, "只读时的标题");
    let before = records(&site);
    fs.remount("ro");
    let o = run(&site, &["build", "--no-pdf", "--output", &out_arg]);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains("Read-only file system") || all.contains("os error 30"),
        "the reason is not given: {all}"
    );
    assert!(
        all.contains(&mnt.display().to_string()),
        "the folder is not named: {all}"
    );
    assert_same("output changed", &previous, &snapshot(&out));
    assert_same("records changed", &before, &records(&site));
    fs.remount("rw");
    build_ok(&site, &["build", "--no-pdf", "--output", &out_arg]);
    assert!(site.read("mnt/output/index.html").contains("只读时的标题"));
}

/// Without root: a directory made read-only with chmod (root ignores the mode bits, so this
/// is the path for unprivileged runs).
fn read_only_output_directory(site: &TestSite) {
    use std::os::unix::fs::PermissionsExt;
    let dir = site.path("ro");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let out = dir.join("output");
    let out_arg = out.to_string_lossy().into_owned();
    build_ok(site, &["build", "--no-pdf", "--output", &out_arg]);
    let previous = snapshot(&out);
    retitle(site, "只读时的标题");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let o = run(site, &["build", "--no-pdf", "--output", &out_arg]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains("Permission denied") || all.contains("os error 13"),
        "{all}"
    );
    assert_same("output changed", &previous, &snapshot(&out));
}

// ------------------------------------------------------------------------------ SIGKILL

fn spawn_build(site: &TestSite, out: Option<&Path>) -> Child {
    let mut cmd = Command::new(BIN);
    cmd.arg("--root")
        .arg(&site.root)
        .args(["build", "--no-pdf"]);
    if let Some(o) = out {
        cmd.arg("--output").arg(o);
    }
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start build")
}

/// Everything published, without the build stamp (`.dangjian-build` hashes the times of the
/// input files, which the tests rewrite).
fn published(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut s = snapshot(dir);
    s.retain(|p, _| p != ".dangjian-build");
    s
}

/// `kill -9` of a running build at several points: `output/` is afterwards exactly the
/// previous build or exactly the new one — never a mix, never half-written — the records are
/// untouched, and the next build succeeds and leaves nothing behind.
#[test]
fn sigkill_midway_leaves_the_previous_or_the_new_output_whole() {
    remove_stale_test_dirs();
    let site = TestSite::demo();
    build_ok(&site, &["build", "--no-pdf"]);
    let mut sites = [
        (site.read("site.toml"), published(&site.path("output"))),
        (String::new(), BTreeMap::new()),
    ];
    // The other site: a changed title rewrites every page. Built beside the output, timed:
    // the kills below fall at fractions of this time.
    retitle(&site, "被中断的构建");
    let reference = site.path("reference-out");
    let started = Instant::now();
    build_ok(
        &site,
        &[
            "build",
            "--no-pdf",
            "--output",
            &reference.to_string_lossy(),
        ],
    );
    let mut full = started.elapsed();
    sites[1] = (site.read("site.toml"), published(&reference));
    assert_ne!(sites[0].1, sites[1].1);
    let mut outcomes = Vec::new();
    // Each round builds towards the other site: 0 → 1, 1 → 0, …
    for (round, fraction) in [0.2, 0.4, 0.6, 0.8].into_iter().enumerate() {
        let (from, to) = (round % 2, (round + 1) % 2);
        site.write("site.toml", &sites[to].0);
        let before = records(&site);
        let delay = full.mul_f64(fraction);
        let mut child = spawn_build(&site, None);
        std::thread::sleep(delay);
        let finished_first = child.try_wait().expect("wait").is_some();
        // SIGKILL: what Child::kill sends on Unix.
        let _ = child.kill();
        let _ = child.wait();
        let now = published(&site.path("output"));
        let outcome = if now == sites[from].1 {
            "previous"
        } else if now == sites[to].1 {
            "new"
        } else {
            let d_old = snapshot_diff(&sites[from].1, &now);
            let d_new = snapshot_diff(&sites[to].1, &now);
            panic!(
                "after kill -9 at {delay:?} output/ is neither the previous build nor the new one:\nvs previous:\n{}\nvs new:\n{}",
                d_old
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n"),
                d_new
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        };
        outcomes.push(format!(
            "{delay:.1?}: {outcome}{}",
            if finished_first {
                " (had finished)"
            } else {
                ""
            }
        ));
        assert_same(
            "records changed by a killed build",
            &before,
            &records(&site),
        );
        // The next build takes over the dead build's lock, clears what it left and publishes
        // the new site whole. It is as long as the next one: the next kill is timed by it.
        let started = Instant::now();
        build_ok(&site, &["build", "--no-pdf"]);
        if now == sites[from].1 {
            full = started.elapsed();
        }
        assert_same(
            "the build after a kill",
            &sites[to].1,
            &published(&site.path("output")),
        );
        assert_eq!(leftovers(&site.root, "output"), Vec::<String>::new());
    }
    eprintln!("kill -9 outcomes (a full build takes {full:.1?}): {outcomes:?}");
    assert!(
        outcomes.iter().any(|o| !o.contains("had finished")),
        "no build was killed before it finished: {outcomes:?}"
    );
}

/// `kill -9` while a build updates a few pages in place (a one-record edit): afterwards every
/// file is whole, and the output is the previous build, the new one, or — killed between the
/// journal's commit and its last rename — recoverable: the next build completes it.
#[test]
fn sigkill_during_an_in_place_update() {
    let site = TestSite::minimal();
    build_ok(&site, &["build", "--no-pdf"]);
    let rel = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
    let old = published(&site.path("output"));
    let original = site.read(rel);
    let changed = original.replace(
        "title = \"三月主题党日\"",
        "title = \"三月主题党日（修订）\"",
    );
    site.write(rel, &changed);
    let reference = site.path("reference-out");
    build_ok(
        &site,
        &[
            "build",
            "--no-pdf",
            "--output",
            &reference.to_string_lossy(),
        ],
    );
    let new = published(&reference);
    assert_ne!(old, new);
    let before = records(&site);
    let mut mixed = 0;
    for delay_ms in [20u64, 60, 120, 200, 300, 450, 600, 800] {
        let mut child = spawn_build(&site, None);
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = published(&site.path("output"));
        if now != old && now != new {
            // Only the journal's window may show a mix, and each file is either old or new.
            assert!(
                site.path(".output.journal").is_file(),
                "output/ is a mix without a journal to complete it (killed at {delay_ms} ms):\n{}",
                snapshot_diff(&new, &now).join("\n")
            );
            for (path, bytes) in &now {
                if path.starts_with(".dangjian-") {
                    continue;
                }
                assert!(
                    old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
                    "{path} is neither its old nor its new contents"
                );
            }
            mixed += 1;
        }
        assert_same("records changed", &before, &records(&site));
        build_ok(&site, &["build", "--no-pdf"]);
        assert_same("after recovery", &new, &published(&site.path("output")));
        // Back to the old record for the next round.
        site.write(rel, &original);
        build_ok(&site, &["build", "--no-pdf"]);
        assert_same("restored", &old, &published(&site.path("output")));
        site.write(rel, &changed);
    }
    eprintln!("in-place kills that hit the journal window: {mixed}");
}

// --------------------------------------------------------------------------------- lock

/// Two builds at once: the second stops at once, naming the first one's process, and touches
/// nothing; the first completes normally.
#[test]
fn a_second_build_is_refused_while_one_runs() {
    remove_stale_test_dirs();
    let site = TestSite::demo();
    let before = records(&site);
    let mut first = spawn_build(&site, None);
    let lock = site.path(".output.lock");
    let waited = Instant::now();
    while !lock.is_file() {
        assert!(
            first.try_wait().expect("wait").is_none(),
            "the first build ended before taking its lock"
        );
        assert!(waited.elapsed() < Duration::from_secs(60), "no lock file");
        std::thread::sleep(Duration::from_millis(5));
    }
    let holder: u32 = std::fs::read_to_string(&lock)
        .expect("lock")
        .trim()
        .parse()
        .expect("pid in the lock");
    assert_eq!(holder, first.id());
    let o = run(&site, &["build", "--no-pdf"]);
    let all = text(&o);
    let still_running = first.try_wait().expect("wait").is_none();
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "另一个 dangjian 构建（进程 {}）正在写入 {}；请等它结束后再试",
            first.id(),
            site.path("output").display()
        )),
        "{all}"
    );
    assert!(still_running, "the test did not overlap the builds");
    let status = first.wait().expect("wait");
    let mut err = String::new();
    first
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .ok();
    assert!(status.success(), "the first build failed: {err}");
    assert!(site.path("output/index.html").is_file());
    assert!(!lock.exists(), "the lock outlived its build");
    assert_same("records changed", &before, &records(&site));
}

/// A lock left by a build that was killed (its process is gone) is taken over.
#[test]
fn a_stale_lock_is_taken_over() {
    let site = TestSite::minimal();
    let mut dead = Command::new("true").spawn().expect("true");
    let pid = dead.id();
    dead.wait().expect("wait");
    site.write(".output.lock", &format!("{pid}\n"));
    build_ok(&site, &["build", "--no-pdf"]);
    assert!(!site.path(".output.lock").exists());
    assert!(site.path("output/index.html").is_file());
}

// -------------------------------------------------------------------------------- serve

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let code = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((code, body))
}

/// A record edited over and over — including half-written states — while `serve` rebuilds:
/// serve never writes a record, never serves a half-built site, and ends up serving the last
/// version.
#[test]
fn records_edited_while_serve_rebuilds() {
    let site = TestSite::minimal();
    let port = free_port();
    let serve = Serve(
        Command::new(BIN)
            .arg("--root")
            .arg(&site.root)
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve"),
    );
    let waited = Instant::now();
    while get(port, "/index.html").is_none_or(|(c, _)| c != 200) {
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "serve never came up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let rel = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
    let page = "/activities/2024/2024-03-15-alpha-zhuti-dangri.html";
    let original = site.read(rel);
    let mut last = String::new();
    for i in 0..30 {
        let title = format!("编辑第{i}次");
        let textv = original.replace("三月主题党日", &title);
        if i % 7 == 3 {
            // What an editor's non-atomic save looks like from outside: half a file first.
            site.write(rel, &textv[..textv.len() / 2]);
            std::thread::sleep(Duration::from_millis(30));
        }
        site.write(rel, &textv);
        last = textv;
        // Pages are whole whenever they are fetched.
        if let Some((200, body)) = get(port, "/index.html") {
            assert!(
                body.contains("</html>"),
                "a half-written index.html was served"
            );
        }
        std::thread::sleep(Duration::from_millis(40 + (i % 5) * 60));
    }
    // The last version is served once serve has caught up.
    let waited = Instant::now();
    loop {
        if let Some((200, body)) = get(port, page)
            && body.contains("编辑第29次")
        {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "serve never caught up with the last edit"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(site.read(rel), last, "serve changed the record");
    assert!(site.path("output/index.html").is_file());
    drop(serve);
}

// ------------------------------------------------------------- writing into content/

/// Files whose name marks a temporary file of `files::write_new` (`.<name>.<pid>.tmp`).
fn temp_files(dir: &Path) -> Vec<String> {
    support::site::files_below(dir)
        .into_iter()
        .filter(|p| p.ends_with(".tmp"))
        .collect()
}

/// `new` never replaces a record, whatever is at the name: a record, a file that is no valid
/// record, or a dangling symbolic link (which a plain create would follow, writing outside
/// the site).
#[test]
fn new_never_overwrites_what_is_at_the_name() {
    let site = TestSite::minimal();
    let outside = TestSite::empty();
    site.write("content/brands/broken.md", "not a record\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path("created-through-the-link.md"),
        site.path("content/brands/ghost.md"),
    )
    .expect("symlink");
    let before = records(&site);
    for (args, rel) in [
        (
            vec![
                "new", "brand", "xianfeng", "--branch", "alpha", "--name", "新", "--slogan", "新",
            ],
            "content/brands/xianfeng.md",
        ),
        (
            vec![
                "new", "brand", "broken", "--branch", "alpha", "--name", "新", "--slogan", "新",
            ],
            "content/brands/broken.md",
        ),
        (
            vec![
                "new", "brand", "ghost", "--branch", "alpha", "--name", "新", "--slogan", "新",
            ],
            "content/brands/ghost.md",
        ),
        (
            vec![
                "new",
                "branch",
                "alpha",
                "--name",
                "新支部",
                "--category",
                "临床",
                "--department",
                "内科",
                "--secretary",
                "某",
            ],
            "content/branches/alpha.toml",
        ),
    ] {
        let o = run(&site, &args);
        let all = text(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {all}");
        assert!(
            all.contains(&format!("{rel} 已存在，不会覆盖")),
            "{args:?}: {all}"
        );
    }
    assert_same("a record was changed by `new`", &before, &records(&site));
    assert!(
        !outside.path("created-through-the-link.md").exists(),
        "`new` wrote through a dangling symbolic link"
    );
    assert_eq!(temp_files(&site.path("content")), Vec::<String>::new());
}

/// An activity of the same branch, kind and day gets the next free name; nothing is replaced.
#[test]
fn new_activity_on_a_taken_name_gets_the_next_one() {
    let site = TestSite::minimal();
    let before = records(&site);
    let mut made = Vec::new();
    for _ in 0..3 {
        let o = run(
            &site,
            &[
                "new",
                "activity",
                "--branch",
                "alpha",
                "--kind",
                "主题党日",
                "--title",
                "再次学习",
                "--date",
                "2024-03-15",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        made.push(String::from_utf8_lossy(&o.stdout).trim().to_owned());
    }
    assert_eq!(
        made,
        [
            "content/activities/2024/2024-03-15-alpha-zhuti-dangri-2.md",
            "content/activities/2024/2024-03-15-alpha-zhuti-dangri-3.md",
            "content/activities/2024/2024-03-15-alpha-zhuti-dangri-4.md",
        ]
    );
    let after = records(&site);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} changed");
    }
}

/// Eight `new notice` at once: they all want number 3. Each either writes a whole record of
/// its own under a number nobody else got, or fails saying the name is taken; no record is
/// replaced and no temporary file is left.
#[test]
fn concurrent_new_notices_never_overwrite_each_other() {
    let site = TestSite::minimal();
    let before = records(&site);
    let children: Vec<(String, Child)> = (0..8)
        .map(|i| {
            let title = format!("并发通知{i}");
            let child = Command::new(BIN)
                .arg("--root")
                .arg(&site.root)
                .args(["new", "notice", "--title", &title, "--date", "2024-06-01"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start new");
            (title, child)
        })
        .collect();
    let mut written = BTreeMap::new();
    for (title, child) in children {
        let o = child.wait_with_output().expect("wait");
        let all = text(&o);
        assert!(!all.contains("panicked"), "{all}");
        match o.status.code() {
            Some(0) => {
                let rel = String::from_utf8_lossy(&o.stdout).trim().to_owned();
                assert!(
                    written.insert(rel.clone(), title.clone()).is_none(),
                    "{rel} reported written twice"
                );
            }
            Some(1) => assert!(all.contains("已存在，不会覆盖"), "{all}"),
            other => panic!("exit {other:?}: {all}"),
        }
    }
    assert!(!written.is_empty(), "no notice was written");
    for (rel, title) in &written {
        let text = site.read(rel);
        assert!(
            text.contains(&format!("title = \"{title}\"")),
            "{rel} is not {title}'s: {text}"
        );
        assert!(
            text.ends_with('\n') && text.starts_with("+++\n"),
            "{rel} is not whole"
        );
    }
    let after = records(&site);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} changed");
    }
    assert_eq!(temp_files(&site.path("content")), Vec::<String>::new());
}

/// `new` into a folder that cannot be written (read-only) or is full: it fails with the
/// system's reason, and leaves neither the record nor a temporary file.
#[test]
fn new_on_a_read_only_or_full_folder_leaves_nothing() {
    let site = TestSite::minimal();
    let brands = site.path("content/brands");
    let kept = site.read("content/brands/xianfeng.md");
    std::fs::remove_file(site.path("content/brands/xianfeng.md")).expect("rm");
    for (mode, reason) in [
        ("ro", "Read-only file system"),
        ("full", "No space left on device"),
    ] {
        let Some(fs) = Tmpfs::mount(&brands, "64k", false) else {
            eprintln!(
                "mounting a tmpfs is not permitted here (needs root): skipping the {mode} folder case"
            );
            continue;
        };
        std::fs::write(brands.join("xianfeng.md"), &kept).expect("brand");
        if mode == "ro" {
            fs.remount("ro");
        } else {
            // Fill the folder up to the last byte.
            let _ = std::fs::write(brands.join("filler.bin"), vec![0u8; 64 * 1024]);
        }
        let o = run(
            &site,
            &[
                "new",
                "brand",
                "xinbrand",
                "--branch",
                "alpha",
                "--name",
                "新品牌",
                "--slogan",
                "口号",
            ],
        );
        let all = text(&o);
        assert_eq!(o.status.code(), Some(1), "{mode}: {all}");
        assert!(
            all.contains("无法写入 content/brands/xinbrand.md"),
            "{mode}: {all}"
        );
        assert!(
            all.contains(reason),
            "{mode}: the reason is not given: {all}"
        );
        assert!(
            !brands.join("xinbrand.md").exists(),
            "{mode}: a record was left"
        );
        assert_eq!(temp_files(&brands), Vec::<String>::new(), "{mode}");
        drop(fs);
    }
}
