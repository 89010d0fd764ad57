//! Embeds libpdfium, when it is there, into the binary (see
//! `src/ingest/pdfium.rs`): `scripts/fetch_pdfium.py` (run by `make build`
//! and `make test`) puts it in `target/pdfium/`; `LITEXTRACT_PDFIUM_LIB`
//! names another copy. Without it, or without the `pdfium` feature, the
//! binary reads PDFs with pdf-extract (and pdftotext where installed), and
//! the build says so.

use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(litextract_pdfium)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=LITEXTRACT_PDFIUM_LIB");
    if env::var_os("CARGO_FEATURE_PDFIUM").is_none() {
        return;
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = manifest.join("target").join("pdfium");
    let lib = match env::var_os("LITEXTRACT_PDFIUM_LIB") {
        Some(p) => {
            println!("cargo:rerun-if-changed={}", PathBuf::from(&p).display());
            PathBuf::from(p)
        }
        None => {
            // Watched as a folder, so that the library's arrival rebuilds
            // the crate; a missing path would rerun this script every build.
            let _ = std::fs::create_dir_all(&dir);
            println!("cargo:rerun-if-changed={}", dir.display());
            dir.join("libpdfium.so")
        }
    };
    if !lib.is_file() {
        println!(
            "cargo:warning=libpdfium is not in {} (`make build` fetches it with scripts/fetch_pdfium.py): \
             this litextract reads PDFs with pdf-extract, and pdftotext where installed",
            lib.display()
        );
        return;
    }
    let build = std::fs::read_to_string(dir.join("pdfium.json"))
        .ok()
        .and_then(|s| {
            let at = s.find("\"pdfium_build\":")? + "\"pdfium_build\":".len();
            let n: String = s[at..]
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (!n.is_empty()).then_some(n)
        })
        .unwrap_or_else(|| "unknown".into());
    write_licenses(&dir.join("licenses"));
    println!("cargo:rustc-cfg=litextract_pdfium");
    println!("cargo:rustc-env=LITEXTRACT_PDFIUM_LIB={}", lib.display());
    println!("cargo:rustc-env=LITEXTRACT_PDFIUM_BUILD={build}");
}

/// The licence texts that came with the library (pdfium, and what its
/// build links in), gathered into one file that the binary carries and
/// `litextract licenses` prints: a binary that embeds pdfium ships its
/// notices with it.
fn write_licenses(dir: &std::path::Path) {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = String::new();
    for f in &files {
        // Some are Latin-1 (FreeType's): kept, with odd bytes replaced.
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let name = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        out.push_str(&format!("==> {name} <==\n{}\n\n", text.trim_end()));
    }
    if out.is_empty() {
        out.push_str("(the licence files of this pdfium build were not found at build time)\n");
    }
    let dest =
        PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("pdfium-licenses.txt");
    std::fs::write(&dest, out).expect("OUT_DIR is writable");
}
