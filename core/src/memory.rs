//! Giving memory back to the system once work is over.
//!
//! glibc's allocator keeps what a program frees: a freed block goes back to its arena (one per thread that
//! allocated, up to 8 per core), and only the top of the main heap above 128 KiB is ever returned on its own.
//! A cell that prints 100 000 lines passes them through the worker's stdout queue, the session actor, the
//! kernel's output path and IOPub: each stage frees what it held, and every process kept the peak (measured:
//! kernel +22 MiB, worker +12 MiB, none of it in use any more; bench/RESULTS.md). [`trim`] (`malloc_trim(0)`)
//! hands the free pages of every arena back to the kernel (`MADV_DONTNEED`); they are faulted in again, as
//! zero pages, when the program grows next.
//!
//! When: after work that was heavy — the kernel after a cell that ran long or printed much, the worker after
//! an evaluation that left the heap larger — and once a process has idled for [`IDLE_AFTER_WORK`] after an
//! execution. Never on a trivial cell's path: what [`trim`] costs grows with the free memory it walks.
//! Other C libraries: both functions do nothing.

use std::time::Duration;

/// Idle this long after an execution, a process trims its allocator (and, after heavy work, releases its code
/// pages: [`crate::code_pages`]).
pub const IDLE_AFTER_WORK: Duration = Duration::from_secs(1);

/// An execution that ran at least this long (or, in the kernel, printed much) counts as heavy work.
pub const HEAVY_WORK: Duration = Duration::from_millis(50);

/// Bytes the allocator has handed out and not had back (`mallinfo2`: arenas and large mapped blocks).
/// Costs a walk over the free lists; 0 where the C library is not glibc.
pub fn in_use_bytes() -> usize {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 has no preconditions; it only reads the allocator's state under its locks.
        let info = unsafe { libc::mallinfo2() };
        info.uordblks.saturating_add(info.hblkhd)
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        0
    }
}

/// Caps the allocator at `arenas` arenas for the threads this process starts from now on. glibc gives each
/// thread that allocates while another holds an arena a new one (up to 8 per core), and memory freed in one
/// arena serves no other: a process whose threads take turns with the same data (the kernel's async runtime
/// passing messages between its threads) keeps one peak per arena. Measured on the kernel with two arenas: 0.7
/// MiB less right after a 100k-line cell, the same rate (bench/RESULTS.md). Call before starting threads.
pub fn limit_arenas(arenas: u16) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets an allocator parameter; M_ARENA_MAX takes any positive count.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, libc::c_int::from(arenas.max(1)));
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = arenas;
    }
}

/// Returns the allocator's free pages to the system. Returns whether any memory was released.
pub fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim has no preconditions; it takes each arena's lock while it works.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// Resident KiB of process `pid` (`VmRSS` in `/proc/PID/status`).
pub fn resident_kib(pid: u32) -> std::io::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .ok_or_else(|| std::io::Error::other("no VmRSS line"))
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// Freed memory below a block still in use stays resident until [`trim`] gives it back.
    #[test]
    fn trim_returns_freed_memory_below_a_live_block() {
        let me = std::process::id();
        // Many small blocks (below the mmap threshold, so they live in the heap), then one kept: the freed
        // ones cannot merge into the top of the heap, which the allocator would shrink on its own.
        let blocks: Vec<Vec<u8>> = (0..64 * 1024).map(|n| vec![n as u8; 512]).collect();
        let pin = vec![1u8; 512];
        drop(blocks);
        let before = resident_kib(me).unwrap();
        assert!(trim(), "nothing was released");
        let after = resident_kib(me).unwrap();
        assert!(
            after + 8 * 1024 < before,
            "{after} KiB resident after the trim, {before} KiB before"
        );
        assert!(in_use_bytes() > 0);
        assert_eq!(pin[0], 1);
    }
}
