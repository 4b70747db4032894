//! Process CPU time (all threads, user + system), peak and current RSS, as the JS runners read them.

pub fn cpu_micros() -> u64 {
    let usage = rusage();
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    micros(usage.ru_utime) + micros(usage.ru_stime)
}

pub fn peak_rss_mb() -> f64 {
    rusage().ru_maxrss as f64 / 1024.0
}

/// Resident set size now, from /proc/self/statm (pages).
pub fn current_rss_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    // SAFETY: sysconf only reads a system constant.
    let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as f64;
    pages * page_size / (1024.0 * 1024.0)
}

fn rusage() -> libc::rusage {
    // SAFETY: rusage is plain data (all-zero is valid) and getrusage only writes into it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage for the call.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage
}
