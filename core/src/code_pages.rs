//! Unmapping the pages of this program's machine code that start-up touched, once start-up is over.
//!
//! Every vmjs process (kernel, language server) is the `vmjs` binary, each session's worker `vmjs-worker` (or
//! `vmjs` too, see [`crate::worker_exe`]). Starting touches code
//! that never runs again — argument parsing, schema migrations, socket set-up, building the JS engine's
//! intrinsics — and the kernel maps code 64 KiB around every page it faults in, so a process ends up mapping
//! far more of the binary than it uses afterwards (measured: the kernel mapped 7.5 MiB of code; 3 cells later,
//! after this release, about 2 MiB). [`release`] unmaps the executable segment of the binary with
//! `MADV_DONTNEED`: the pages stay in the page cache (shared with the other vmjs processes), the process maps
//! back — with a minor fault each — only what it runs again, and what is no longer mapped by anyone is the first
//! to be reclaimed under memory pressure.
//!
//! Only segments that are not writable are touched — machine code, read-only data: their pages are never
//! written (no text relocations in a position-independent Rust binary; relocated data lives in the writable
//! segment, RELRO included), so dropping them loses nothing.
//!
//! When: a process that has been idle for [`IDLE_AFTER_START_UP`] after its start-up (the kernel: start and
//! its first cells; a session's worker: its first execution; a spare worker waiting for its session) releases,
//! and again right after heavy work ([`crate::memory::HEAVY_WORK`]: a long cell maps back code that a trivial
//! one never runs; measured: worker 2.6 → 11 MiB of code after printing 100 000 lines) — the worker before it
//! answers, the kernel before the cell's `idle`. A worker that runs one file and is shut down (the language
//! server's runs) never does, so it never pays for the faults.

use std::ffi::c_void;
use std::time::Duration;

/// Idle this long after start-up, a process counts start-up as over and calls [`release`].
pub const IDLE_AFTER_START_UP: Duration = Duration::from_secs(1);

/// Unmaps this program's read-only segments (mapped back page by page as they are used again). Returns how
/// many bytes were released from the address space (0 if nothing could be found).
pub fn release() -> usize {
    let mut released = 0usize;
    // SAFETY: the callback only reads the program headers dl_iterate_phdr hands it and calls madvise on
    // page-aligned ranges inside the main program's read-only segments.
    unsafe {
        libc::dl_iterate_phdr(Some(release_segments), (&raw mut released).cast::<c_void>());
    }
    released
}

/// `dl_iterate_phdr` callback: the first object is the main program; stop after it (non-zero return).
/// A read-only segment may hold the start of the writable one in its last partial page: only whole pages
/// inside a segment are released.
unsafe extern "C" fn release_segments(
    info: *mut libc::dl_phdr_info,
    _size: libc::size_t,
    data: *mut c_void,
) -> libc::c_int {
    // SAFETY: dl_iterate_phdr passes a valid info for the duration of the call, and `data` is the `usize` that
    // `release` passed.
    let (info, released) = unsafe { (&*info, &mut *data.cast::<usize>()) };
    let page = page_size();
    // SAFETY: dlpi_phdr points to dlpi_phnum program headers.
    let headers =
        unsafe { std::slice::from_raw_parts(info.dlpi_phdr, usize::from(info.dlpi_phnum)) };
    for header in headers {
        if header.p_type != libc::PT_LOAD || header.p_flags & libc::PF_W != 0 {
            continue;
        }
        let start = info.dlpi_addr as usize + header.p_vaddr as usize;
        let end = start + header.p_memsz as usize;
        let first = start.div_ceil(page) * page;
        let last = end / page * page;
        if last <= first {
            continue;
        }
        // SAFETY: [first, last) lies inside a mapped, read-only, file-backed segment of this program:
        // MADV_DONTNEED drops the mapping; the next access maps the same file page again.
        if unsafe { libc::madvise(first as *mut c_void, last - first, libc::MADV_DONTNEED) } == 0 {
            *released += last - first;
        }
    }
    1
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .unwrap_or(4096)
}

/// Resident KiB of the machine code process `pid` maps from its own program (what [`release`] unmaps), from
/// `/proc/PID/smaps`.
pub fn resident_code_kib(pid: u32) -> std::io::Result<u64> {
    let exe = std::fs::read_link(format!("/proc/{pid}/exe"))?;
    let exe = exe.to_string_lossy();
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps"))?;
    let mut in_code = false;
    let mut total = 0;
    for line in smaps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.first() {
            // A mapping's header: `start-end perms offset dev inode path`.
            Some(range) if range.contains('-') && !range.ends_with(':') => {
                in_code = fields.get(1) == Some(&"r-xp") && fields.get(5) == Some(&&*exe);
            }
            Some(&"Rss:") if in_code => {
                total += fields
                    .get(1)
                    .and_then(|kib| kib.parse::<u64>().ok())
                    .unwrap_or(0);
            }
            _ => {}
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_code_is_unmapped_and_still_runs() {
        let me = std::process::id();
        let before = resident_code_kib(me).unwrap();
        assert!(before > 0, "no resident code found");
        let released = release();
        assert!(released > 0);
        let after = resident_code_kib(me).unwrap();
        assert!(
            after < before,
            "{after} KiB resident after, {before} KiB before"
        );
        // Code runs on: faulted back in as it is used.
        let text: String = (0..1000).map(|n| n.to_string()).collect();
        assert!(text.len() > 1000);
        assert!(resident_code_kib(me).unwrap() >= after);
    }
}
