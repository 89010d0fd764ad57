//! Writes the generated adversarial corpus (issue 17) into a folder, one
//! `<case>.txt` per pattern of `litextract::adversarial`:
//!
//! ```sh
//! cargo run --release --example adversarial -- DIR [SIZE_BYTES]
//! ```
//!
//! `make bench` runs it (1 MB per case) and measures each file.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: adversarial DIR [SIZE_BYTES]");
        std::process::exit(2);
    };
    let size = match args.next().map(|s| s.parse::<usize>()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("adversarial: SIZE_BYTES must be a number: {e}");
            std::process::exit(2);
        }
    };
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("adversarial: cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    for case in litextract::adversarial::corpus(size) {
        let path = dir.join(format!("{}.txt", case.name));
        if let Err(e) = std::fs::write(&path, &case.bytes) {
            eprintln!("adversarial: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
    }
}
