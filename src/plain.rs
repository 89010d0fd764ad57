//! Plain words for the messages every stage writes: sizes as a librarian
//! reads them (`12.3 MB`) and I/O errors without the `(os error 13)` tail.
//!
//! A leaf module: it uses nothing else of the crate, so ingest, isolation,
//! output and the pipeline can all use it without an import circle.

use std::io;

/// An I/O error in words, without the `(os error 13)` tail.
pub fn plain_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// `12.3 MB`, in units of 1000 as `--max-size` counts them.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_errors_in_words() {
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(1_000_001), "1.0 MB");
        assert_eq!(human_bytes(268_435_456), "268.4 MB");
        let e = io::Error::from_raw_os_error(13);
        assert_eq!(plain_io(&e), "permission denied");
        let e = io::Error::other("disk full (os error 28)");
        assert_eq!(plain_io(&e), "disk full");
    }
}
