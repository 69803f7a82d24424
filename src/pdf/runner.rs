//! The `typst` program: finding it, checking its version, and running it with a time limit.
//!
//! One process per document, with `--root` set to the document's own temporary folder (so a
//! document can read nothing else), `--ignore-system-fonts` plus the site's font folders (so a
//! build looks the same on every machine), `--creation-timestamp` (byte-identical PDFs) and
//! `--pdf-standard a-2b`, which makes typst refuse a character that no font can show instead
//! of silently printing an empty box.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::PdfSettings;
use crate::diagnostics::{Code, Diagnostic};

/// Any typst reporting this prefix is accepted.
pub const SERIES: &str = "typst 0.15.";

/// Exactly what to do when typst is missing or unusable.
pub const INSTALL_HINT: &str = "安装 typst 0.15：运行 dangjian setup（只需一次）；\
也可用环境变量 DANGJIAN_TYPST 或 site.toml 的 [pdf] typst 指定程序路径。\
只生成网站：dangjian build --no-pdf";

/// A usable typst program.
#[derive(Debug)]
pub struct Typst {
    pub path: PathBuf,
    /// `typst 0.15.1 (…)`.
    pub version: String,
    /// Processes started through this value (`--verbose` reports it; an unchanged site
    /// starts none).
    runs: AtomicUsize,
}

/// Why a run did not produce a document.
#[derive(Debug)]
pub enum RunError {
    Spawn(io::Error),
    /// Killed after the time limit.
    Timeout(Duration),
    /// typst exited non-zero; its diagnostics are in `stderr`.
    Failed {
        status: ExitStatus,
        stderr: String,
    },
}

/// One `typst compile`.
pub struct Compile<'a> {
    /// The document's folder: `--root`, holding the template, `data.json` and images.
    pub dir: &'a Path,
    pub input: &'a str,
    pub output: &'a str,
    pub timestamp: i64,
    pub font_dirs: &'a [PathBuf],
    pub timeout: Duration,
}

fn not_found(message: String) -> Diagnostic {
    Diagnostic::general(Code::ExternalTool, message).with_hint(INSTALL_HINT)
}

impl Typst {
    /// Finds typst: `$DANGJIAN_TYPST`, then `[pdf] typst` in site.toml, then the per-user
    /// folder of `dangjian setup`, then `PATH`, then
    /// `~/.cargo/bin/typst` (where `cargo install` puts it). An explicitly configured program
    /// that is missing is an error rather than a reason to look elsewhere: the user asked for
    /// that one. `version_cache` remembers the version per program file, so that a build with
    /// nothing to do starts no process at all.
    pub fn locate(
        root: &Path,
        settings: &PdfSettings,
        version_cache: Option<&Path>,
    ) -> Result<Typst, Diagnostic> {
        let (path, origin) = find(root, settings)?;
        let (version, queried) = match cached_version(&path, version_cache) {
            Some(v) => (v, 0),
            None => {
                let v = query_version(&path, &origin)?;
                if v.starts_with(SERIES) {
                    store_version(&path, version_cache, &v);
                }
                (v, 1)
            }
        };
        if !version.starts_with(SERIES) {
            return Err(not_found(format!(
                "typst 版本不符：{}（{}）报告“{}”，需要 0.15.x",
                path.display(),
                origin,
                version.trim()
            )));
        }
        Ok(Typst {
            path,
            version,
            runs: AtomicUsize::new(queried),
        })
    }

    pub fn runs(&self) -> usize {
        self.runs.load(Ordering::Relaxed)
    }

    /// A command for this typst, counted.
    pub fn command(&self) -> Command {
        self.runs.fetch_add(1, Ordering::Relaxed);
        Command::new(&self.path)
    }

    /// Compiles one document. The PDF is written under a temporary name in `dir` and renamed
    /// to `output` only when typst succeeded, so a killed or failed run leaves no PDF.
    pub fn compile(&self, job: &Compile<'_>) -> Result<String, RunError> {
        self.compile_as(job, Some("a-2b"))
    }

    /// [`Typst::compile`] to the PDF standard given (`None`: plain PDF). Every document is
    /// PDF/A-2b (archival); only a print volume of finished PDFs (`pdf::merge`) is plain PDF,
    /// since PDF/A forbids embedding other PDFs.
    pub fn compile_as(
        &self,
        job: &Compile<'_>,
        standard: Option<&str>,
    ) -> Result<String, RunError> {
        let partial = format!("{}.part", job.output);
        let stderr_path = job.dir.join("typst-stderr.txt");
        let stderr = File::create(&stderr_path).map_err(RunError::Spawn)?;
        // typst resolves --root against its working folder, which is the work folder itself:
        // a relative one (a site given as `.`) would be looked for inside itself.
        let dir = std::path::absolute(job.dir).map_err(RunError::Spawn)?;
        let mut cmd = self.command();
        cmd.current_dir(&dir)
            .arg("compile")
            .arg("--root")
            .arg(&dir)
            .arg("--ignore-system-fonts");
        for dir in job.font_dirs {
            cmd.arg("--font-path").arg(dir);
        }
        cmd.arg("--creation-timestamp")
            .arg(job.timestamp.to_string())
            .args(["--diagnostic-format", "short"]);
        if let Some(standard) = standard {
            cmd.args(["--pdf-standard", standard]);
        }
        cmd.args(["--format", "pdf"])
            .arg(job.input)
            .arg(&partial)
            // Not inherited: the site's own settings decide, not the caller's shell.
            .env_remove("TYPST_FONT_PATHS")
            .env_remove("TYPST_ROOT")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        let status = run_with_timeout(&mut cmd, job.timeout)?;
        let text = fs::read_to_string(&stderr_path).unwrap_or_default();
        if !status.success() {
            let _ = fs::remove_file(job.dir.join(&partial));
            return Err(RunError::Failed {
                status,
                stderr: text,
            });
        }
        fs::rename(job.dir.join(&partial), job.dir.join(job.output)).map_err(RunError::Spawn)?;
        Ok(text)
    }
}

fn find(root: &Path, settings: &PdfSettings) -> Result<(PathBuf, String), Diagnostic> {
    if let Some(v) = std::env::var_os("DANGJIAN_TYPST").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(v);
        return existing(p, "环境变量 DANGJIAN_TYPST");
    }
    if let Some(v) = settings.typst.as_deref().filter(|v| !v.trim().is_empty()) {
        let origin = "site.toml 的 [pdf] typst";
        if !v.contains('/') {
            return match search_path(v) {
                Some(p) => Ok((p, origin.to_owned())),
                None => Err(not_found(format!(
                    "找不到 typst：{origin} 写的是“{v}”，PATH 中没有这个程序"
                ))),
            };
        }
        return existing(root.join(v), origin);
    }
    // Before PATH: `dangjian setup` installs its own typst only when none on PATH reports
    // 0.15, so a PATH typst in front of it would be the wrong version.
    if let Some(p) = crate::userdirs::typst_path().filter(|p| is_executable(p)) {
        return Ok((p, "dangjian setup 安装的 typst".to_owned()));
    }
    if let Some(p) = search_path("typst") {
        return Ok((p, "PATH".to_owned()));
    }
    if let Some(home) = std::env::var_os("HOME") {
        let p = Path::new(&home).join(".cargo/bin/typst");
        if is_executable(&p) {
            return Ok((p, "~/.cargo/bin".to_owned()));
        }
    }
    Err(not_found(
        "找不到 typst（生成 PDF 需要 typst 0.15）：环境变量 DANGJIAN_TYPST、site.toml 的 [pdf] typst、\
dangjian setup 的安装目录、PATH 和 ~/.cargo/bin 中都没有"
            .to_owned(),
    ))
}

fn existing(p: PathBuf, origin: &str) -> Result<(PathBuf, String), Diagnostic> {
    if is_executable(&p) {
        Ok((p, origin.to_owned()))
    } else {
        Err(not_found(format!(
            "找不到 typst：{origin} 指向 {}，该文件不存在或不可执行",
            p.display()
        )))
    }
}

pub(crate) fn search_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

pub(crate) fn is_executable(p: &Path) -> bool {
    let Ok(meta) = fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// `len mtime path` of the program file: when it changes, the version is asked again.
fn fingerprint(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{} {} {}", meta.len(), mtime, path.display()))
}

fn cached_version(path: &Path, cache: Option<&Path>) -> Option<String> {
    let text = fs::read_to_string(cache?).ok()?;
    let (key, version) = text.split_once('\n')?;
    (key == fingerprint(path)?).then(|| version.trim().to_owned())
}

fn store_version(path: &Path, cache: Option<&Path>, version: &str) {
    let (Some(cache), Some(key)) = (cache, fingerprint(path)) else {
        return;
    };
    if let Some(dir) = cache.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let tmp = cache.with_extension(format!("tmp-{}", std::process::id()));
    if fs::write(&tmp, format!("{key}\n{version}\n")).is_ok() {
        let _ = fs::rename(&tmp, cache);
    }
}

pub(crate) fn query_version(path: &Path, origin: &str) -> Result<String, Diagnostic> {
    let dir = std::env::temp_dir();
    static N: AtomicUsize = AtomicUsize::new(0);
    let out_path = dir.join(format!(
        "dangjian-typst-version-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let out = File::create(&out_path).map_err(|e| {
        Diagnostic::general(Code::ExternalTool, format!("无法检查 typst 版本：{e}"))
    })?;
    let mut cmd = Command::new(path);
    cmd.arg("--version")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null());
    let status = run_with_timeout(&mut cmd, Duration::from_secs(30));
    let text = fs::read_to_string(&out_path).unwrap_or_default();
    let _ = fs::remove_file(&out_path);
    match status {
        Ok(s) if s.success() => Ok(text.trim().to_owned()),
        Ok(s) => Err(not_found(format!(
            "{}（{origin}）无法运行：`typst --version` 退出码 {s}",
            path.display()
        ))),
        Err(RunError::Timeout(_)) => Err(not_found(format!(
            "{}（{origin}）没有响应：`typst --version` 超时",
            path.display()
        ))),
        Err(e) => Err(not_found(format!(
            "{}（{origin}）无法运行：{}",
            path.display(),
            describe(&e)
        ))),
    }
}

pub fn describe(e: &RunError) -> String {
    match e {
        RunError::Spawn(e) => format!("无法启动：{e}"),
        RunError::Timeout(d) => format!("超过 {} 秒仍未完成，已终止", d.as_secs()),
        RunError::Failed { status, .. } => format!("退出码 {status}"),
    }
}

/// Runs `cmd` and waits at most `timeout`; then the process (and, on Unix, its whole process
/// group, in case it started children) is killed. While it runs, SIGINT and SIGTERM to
/// dangjian kill it too (see [`children`]).
fn run_with_timeout(cmd: &mut Command, timeout: Duration) -> Result<ExitStatus, RunError> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let child = children::spawn(cmd).map_err(RunError::Spawn)?;
    wait_with_timeout(child, timeout)
}

fn wait_with_timeout(mut child: Child, timeout: Duration) -> Result<ExitStatus, RunError> {
    let _registered = children::Registered(child.id());
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => {
                kill(&mut child);
                return Err(RunError::Spawn(e));
            }
        }
        let now = Instant::now();
        if now >= deadline {
            kill(&mut child);
            return Err(RunError::Timeout(timeout));
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(40));
    }
}

fn kill(child: &mut Child) {
    children::kill_group(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// The typst processes running now, so that a signal to dangjian ends them too. Each runs in a
/// process group of its own (a Ctrl-C in the terminal reaches only dangjian, which decides),
/// and so nothing else would end it: SIGTERM or SIGINT to dangjian used to leave typst running
/// (issue 13 item 16). On the first such signal the groups are killed, no new one is started,
/// and dangjian then ends as the signal would have ended it.
mod children {
    use std::collections::BTreeSet;
    use std::io;
    use std::process::{Child, Command, Stdio};
    use std::sync::{Mutex, Once};

    struct Live {
        groups: BTreeSet<u32>,
        stopping: bool,
    }

    static LIVE: Mutex<Live> = Mutex::new(Live {
        groups: BTreeSet::new(),
        stopping: false,
    });
    static HANDLER: Once = Once::new();

    /// Starts `cmd` (a process group leader) and records it, unless a signal already came.
    pub(super) fn spawn(cmd: &mut Command) -> io::Result<Child> {
        HANDLER.call_once(install);
        // Spawned under the lock: a signal cannot fall between the start and the record.
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        if live.stopping {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "dangjian 正在停止",
            ));
        }
        let child = cmd.spawn()?;
        live.groups.insert(child.id());
        Ok(child)
    }

    /// Forgets the group when the run is over (whatever way it ended).
    pub(super) struct Registered(pub u32);

    impl Drop for Registered {
        fn drop(&mut self) {
            let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
            live.groups.remove(&self.0);
        }
    }

    pub(super) fn kill_group(id: u32) {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{id}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        #[cfg(not(unix))]
        let _ = id;
    }

    #[cfg(unix)]
    fn install() {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            // Without the handler a signal ends dangjian as before; typst then still ends at
            // its time limit's kill, which nobody runs: nothing better can be done here.
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let groups = {
                        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
                        live.stopping = true;
                        std::mem::take(&mut live.groups)
                    };
                    for id in groups {
                        kill_group(id);
                    }
                    // End as the signal would have: the caller sees "killed by SIGTERM".
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
    }

    #[cfg(not(unix))]
    fn install() {}
}
