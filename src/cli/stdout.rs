//! Standard output of the commands that print results (`stats`, `fonts`, `new`, `check
//! --format json`). `println!` panics when the reader has gone (`dangjian stats | head`); a
//! closed pipe here ends the program quietly with success, as other Unix tools do: the
//! reader asked for no more.

use std::io::{ErrorKind, Write};

/// Writes `text` to standard output; on a closed pipe, exits at once with status 0.
pub(super) fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(0),
        // Any other failure (a full disk behind a redirection) is reported, not panicked on.
        Err(e) => {
            eprintln!("错误：无法写入标准输出：{e}");
            std::process::exit(1);
        }
    }
}

/// [`print`] with a line end.
pub(super) fn println(text: &str) {
    print(&format!("{text}\n"));
}
