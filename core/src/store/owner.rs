//! Process identity: which vmjs process owns a session or a running execution, and whether it is still alive.
//!
//! A pid alone is reused by the kernel; pid + start time (field 22 of `/proc/<pid>/stat`, in clock ticks since
//! boot) identifies one process for the lifetime of the machine. Rows whose owner is alive are never touched by
//! another process's clean-up, because several vmjs hosts share one database file.

/// A process, identified by pid and start time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProcessIdentity {
    pub pid: u32,
    /// `starttime` from `/proc/<pid>/stat` on Linux; 0 when unknown (then only the pid is checked).
    pub start: u64,
}

impl ProcessIdentity {
    /// The identity of the calling process. Read from `/proc` once: every execution records its owner, and
    /// opening and parsing `/proc/self/stat` each time cost tens of microseconds per execution.
    pub fn current() -> Self {
        static CURRENT: std::sync::OnceLock<ProcessIdentity> = std::sync::OnceLock::new();
        let pid = std::process::id();
        let read = || Self {
            pid,
            start: start_time(pid).unwrap_or(0),
        };
        let cached = *CURRENT.get_or_init(read);
        // A forked child has another pid: it is another process.
        if cached.pid == pid { cached } else { read() }
    }

    /// Whether this process still runs. When in doubt (e.g. `/proc` unreadable) it answers `true`: a live owner's
    /// rows must never be marked as crashed.
    pub fn is_alive(&self) -> bool {
        if self.pid == 0 {
            return false;
        }
        if cfg!(target_os = "linux") {
            match std::fs::read_to_string(format!("/proc/{}/stat", self.pid)) {
                Ok(stat) => match parse_start_time(&stat) {
                    Some(start) => self.start == 0 || start == self.start,
                    None => true,
                },
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => false,
                Err(_) => true,
            }
        } else {
            signal_zero_says_alive(self.pid)
        }
    }
}

/// `starttime` of a process, from `/proc/<pid>/stat` (Linux only).
fn start_time(pid: u32) -> Option<u64> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_start_time(&stat)
}

/// Field 22 (`starttime`) of a `/proc/<pid>/stat` line. Field 2 (`comm`) is in parentheses and may itself contain
/// spaces and parentheses, so the fields are counted from the last `)`.
fn parse_start_time(stat: &str) -> Option<u64> {
    let after_comm = &stat[stat.rfind(')')? + 1..];
    // After `comm` come field 3 (`state`), 4, …; `starttime` is field 22, i.e. the 20th of these.
    after_comm.split_whitespace().nth(22 - 3)?.parse().ok()
}

/// `kill(pid, 0)`: the process exists (we may lack permission to signal it, which still means it exists).
fn signal_zero_says_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 performs only the existence and permission checks; no signal is delivered.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_start_time_after_the_last_parenthesis() {
        let stat = "1234 (we ird) (name) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 1000 10";
        assert_eq!(parse_start_time(stat), Some(987_654));
        assert_eq!(parse_start_time("1 (x) S 1 2"), None);
        assert_eq!(parse_start_time("no parenthesis"), None);
    }

    #[test]
    fn current_process_is_alive() {
        let me = ProcessIdentity::current();
        assert_eq!(me.pid, std::process::id());
        if cfg!(target_os = "linux") {
            assert!(me.start > 0);
        }
        assert!(me.is_alive());
    }

    #[test]
    fn same_pid_with_another_start_time_is_dead() {
        let me = ProcessIdentity::current();
        if cfg!(target_os = "linux") {
            let impostor = ProcessIdentity {
                pid: me.pid,
                start: me.start + 1,
            };
            assert!(!impostor.is_alive());
        }
    }

    #[test]
    fn exited_process_is_dead() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let start = start_time(pid).unwrap_or(1);
        child.wait().unwrap();
        assert!(!ProcessIdentity { pid, start }.is_alive());
        assert!(!ProcessIdentity { pid: 0, start: 0 }.is_alive());
    }
}
