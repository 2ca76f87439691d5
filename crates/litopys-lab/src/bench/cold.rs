//! Cold-cache measurements (Linux, root): drop the page cache, run one process, and read
//! what it read from disk (`read_bytes` of `/proc/PID/io`) and how long it took.
//!
//! A large archive's index does not stay in the page cache, and after a reboot nothing is
//! cached: what a one-shot query reads from disk is then what it costs (issue 17).

use std::process::Command;
use std::time::Instant;

/// The kernel's knob that drops clean page cache, dentries and inodes.
const DROP_CACHES: &str = "/proc/sys/vm/drop_caches";

/// One process run on a cold cache.
#[derive(Clone, Copy, Debug)]
pub struct ColdRun {
    /// Bytes the process (and its children) caused to be read from storage.
    pub read_bytes: u64,
    /// Wall time from spawn to exit, ms.
    pub wall_ms: f64,
}

/// Says why cold measurements cannot run here, or `None` when they can (Linux, allowed
/// to write the drop-caches knob).
pub fn unavailable() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return Some("cold-cache runs need Linux (/proc/sys/vm/drop_caches)".into());
    }
    match std::fs::OpenOptions::new().write(true).open(DROP_CACHES) {
        Ok(_) => None,
        Err(e) => Some(format!(
            "cannot drop the page cache ({DROP_CACHES}: {e}); --cold needs root"
        )),
    }
}

/// Writes dirty pages out, then drops the page cache.
pub fn drop_caches() -> anyhow::Result<()> {
    sync_all();
    std::fs::write(DROP_CACHES, "3\n").map_err(|e| anyhow::anyhow!("cannot drop the page cache: {e}"))
}

fn sync_all() {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() }
}

/// Runs `cmd` to the end with its output discarded and returns what it read from disk.
/// The exited child is read before it is reaped (`waitid` with `WNOWAIT`), so its
/// `/proc/PID/io` still holds its own and its reaped children's counts.
pub fn measure(cmd: &mut Command) -> anyhow::Result<ColdRun> {
    use std::process::Stdio;
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn()?;
    let pid = child.id();
    wait_without_reaping(pid)?;
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    let io = std::fs::read_to_string(format!("/proc/{pid}/io"));
    let output = child.wait_with_output()?;
    anyhow::ensure!(
        output.status.success(),
        "{cmd:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim()
    );
    let read_bytes = io?
        .lines()
        .find_map(|l| l.strip_prefix("read_bytes:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no read_bytes in /proc/{pid}/io"))?;
    Ok(ColdRun { read_bytes, wall_ms })
}

fn wait_without_reaping(pid: u32) -> anyhow::Result<()> {
    // SAFETY: `info` is a plain C struct the call fills; `pid` is our own child.
    let rc = unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        )
    };
    anyhow::ensure!(rc == 0, "waitid: {}", std::io::Error::last_os_error());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_that_reads_nothing_from_disk_is_measured_and_a_failing_one_is_an_error() {
        let run = measure(Command::new("true").arg("x")).unwrap();
        assert!(run.wall_ms >= 0.0);
        assert!(measure(&mut Command::new("false")).is_err());
    }
}
