//! Running a slow external program (a download, a compile) while telling the user it is
//! still going: its own output is English and long, so it is kept and shown only when the
//! program fails.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How often "still running" is printed.
const EVERY: Duration = Duration::from_secs(15);

/// The end of a failed program's output (for the user to pass on to whoever helps them).
pub(super) struct Failure {
    pub message: String,
}

/// Runs `cmd` to completion, printing the elapsed time every 15 seconds.
pub(super) fn run(cmd: &mut Command, what: &str, say: &dyn Fn(&str)) -> Result<(), Failure> {
    let log = tempfile_path();
    let out = std::fs::File::create(&log).map_err(|e| Failure {
        message: format!("无法创建临时文件 {}：{e}", log.display()),
    })?;
    let err = out.try_clone().map_err(|e| Failure {
        message: format!("无法创建临时文件 {}：{e}", log.display()),
    })?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| Failure {
            message: format!("无法运行 {what}：{e}"),
        })?;
    let started = Instant::now();
    let mut next = EVERY;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
        if started.elapsed() >= next {
            say(&format!(
                "    ……{what} 仍在进行（已用 {} 秒）",
                next.as_secs()
            ));
            next += EVERY;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(Failure {
            message: format!("{what} 失败（{s}）。输出的最后几行：\n{}", tail(&text, 15)),
        }),
        Err(e) => Err(Failure {
            message: format!("{what} 失败：{e}"),
        }),
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let from = all.len().saturating_sub(lines);
    all[from..]
        .iter()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn tempfile_path() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "dangjian-setup-{}-{}.log",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}
