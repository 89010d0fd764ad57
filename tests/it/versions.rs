//! A forgotten version bump means stale records survive a refresh: the
//! incremental key (`extract::key_parts`) says which extractor versions made
//! a record, and only a bump makes a refresh redo it.
//!
//! `tests/it/key_versions.tsv` holds, for every part of the key, its version
//! and a hash of its source files. The hash leaves out what cannot change a
//! record (comment lines, `#[cfg(test)]` items, layout), so editing docs or
//! unit tests needs nothing, while a change of code fails here until the
//! part's version is bumped and the table rewritten:
//! `LITEXTRACT_UPDATE_VERSIONS=1 cargo test --test it versions::`.
//! A refactor that provably changes no output may rewrite the table without
//! a bump; the commit then says why (the fixture snapshots show it).

use litextract::extract::key_parts;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Which source files make each part of the key (paths under `src/`; a
/// folder means every `.rs` in it, recursively; a path that does not exist
/// is skipped, so a module can become a folder).
const PARTS: &[(&str, &[&str])] = &[
    ("doi", &["extract/doi"]),
    (
        "registry_id",
        &["extract/registry_id.rs", "extract/registry_id"],
    ),
    (
        "p_value",
        &[
            "extract/p_value.rs",
            "extract/p_value",
            "extract/statcheck.rs",
        ],
    ),
    (
        "sample_size",
        &["extract/sample_size.rs", "extract/sample_size"],
    ),
    ("edss", &["extract/edss.rs", "extract/edss"]),
    (
        "extract",
        &[
            "extract/mod.rs",
            "extract/budget.rs",
            "extract/text.rs",
            "extract/attribution.rs",
            "extract/prefilter.rs",
            "extract/rx.rs",
        ],
    ),
    ("numbers", &["extract/numbers.rs"]),
    ("sections", &["sections.rs", "sections_unpunctuated.rs"]),
    ("normalize", &["normalize.rs"]),
];

/// Source files that hold only tests (`#[cfg(test)] mod x;` elsewhere).
fn test_only(p: &Path) -> bool {
    p.file_stem()
        .is_some_and(|s| s.to_string_lossy().ends_with("_tests"))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn table_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/key_versions.tsv")
}

fn rs_files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in fs::read_dir(p).unwrap() {
            rs_files(&e.unwrap().path(), out);
        }
    } else if p.is_file() && p.extension().is_some_and(|x| x == "rs") && !test_only(p) {
        out.push(p.to_path_buf());
    }
}

fn files_of(paths: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        rs_files(&src().join(p), &mut out);
    }
    out.sort();
    out
}

/// Net `{` minus `}` on a line, outside string and char literals (regex
/// strings hold braces: `\d{1,3}`).
fn brace_depth(line: &str) -> i64 {
    let b = line.as_bytes();
    let (mut i, mut depth) = (0, 0i64);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => break,
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 2,
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let from = i + 2 + hashes;
                match line.get(from..).and_then(|r| r.find(&close)) {
                    Some(k) => i = from + k + close.len() - 1,
                    None => break,
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    depth
}

/// The code of a source file as far as it can change a record: no comment
/// lines, no `#[cfg(test)]` items, whitespace runs as one space.
fn code_of(source: &str) -> String {
    let mut out = String::new();
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t == "#[cfg(test)]" {
            // Skip the item: up to a `;` before any brace, or until its
            // braces close.
            let mut depth = 0;
            let mut opened = false;
            for l in lines.by_ref() {
                let d = brace_depth(l);
                opened |= l.contains('{');
                depth += d;
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        for w in t.split_whitespace() {
            out.push_str(w);
            out.push(' ');
        }
        out.push('\n');
    }
    out
}

fn hash_of(files: &[PathBuf]) -> String {
    let mut h = Sha256::new();
    for f in files {
        let rel = f
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        h.update(rel.as_bytes());
        h.update([0]);
        h.update(code_of(&fs::read_to_string(f).unwrap()).as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..16].to_string()
}

fn read_table() -> BTreeMap<String, (u32, String)> {
    let text = fs::read_to_string(table_path()).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), (f[1].parse().unwrap(), f[2].to_string()))
        })
        .collect()
}

#[test]
fn every_code_change_comes_with_a_version_bump() {
    let versions: BTreeMap<String, u32> = key_parts().into_iter().collect();
    let mut rows = Vec::new();
    for (part, paths) in PARTS {
        let v = *versions
            .get(*part)
            .unwrap_or_else(|| panic!("{part} is not in the incremental key"));
        let files = files_of(paths);
        assert!(!files.is_empty(), "{part}: no source files at {paths:?}");
        rows.push((part.to_string(), v, hash_of(&files)));
    }
    if std::env::var_os("LITEXTRACT_UPDATE_VERSIONS").is_some() {
        let mut text = String::from(
            "# part\tversion\thash of its code (tests/it/versions.rs says how to rewrite)\n",
        );
        for (p, v, h) in &rows {
            text.push_str(&format!("{p}\t{v}\t{h}\n"));
        }
        fs::write(table_path(), text).unwrap();
        return;
    }
    let table = read_table();
    let mut problems = Vec::new();
    for (part, v, h) in &rows {
        match table.get(part) {
            None => problems.push(format!("{part}: not in the table yet")),
            Some((tv, th)) if v < tv => {
                problems.push(format!("{part}: version {v} is below the table's {tv}"))
            }
            Some((tv, th)) if th != h && tv == v => problems.push(format!(
                "{part}: its code changed but its version is still {v}: bump it so a refresh \
                 rebuilds old records"
            )),
            Some((tv, th)) if th != h || tv != v => {
                problems.push(format!("{part}: bumped to {v}, the table is not rewritten"))
            }
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{problems:#?}\nthen rewrite the table: LITEXTRACT_UPDATE_VERSIONS=1 cargo test --test it \
         versions:: (only a change that cannot alter any record may skip the bump)"
    );
}

/// Every source file an extractor runs is in some part of the key (a new
/// module would otherwise change records unnoticed), and in one only.
#[test]
fn every_extraction_source_file_is_in_one_part() {
    let mut all = Vec::new();
    rs_files(&src().join("extract"), &mut all);
    all.push(src().join("sections.rs"));
    all.push(src().join("normalize.rs"));
    let mut owners: BTreeMap<PathBuf, Vec<&str>> = BTreeMap::new();
    for (part, paths) in PARTS {
        for f in files_of(paths) {
            owners.entry(f).or_default().push(part);
        }
    }
    let bad: Vec<String> = all
        .iter()
        .filter(|f| owners.get(*f).map_or(0, Vec::len) != 1)
        .map(|f| format!("{} in {:?}", f.display(), owners.get(f)))
        .collect();
    assert!(bad.is_empty(), "files not in exactly one part: {bad:#?}");
    let key: Vec<String> = key_parts().into_iter().map(|(k, _)| k).collect();
    let listed: Vec<String> = PARTS.iter().map(|(p, _)| p.to_string()).collect();
    let (mut a, mut b) = (key.clone(), listed.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "the key's parts and this test's PARTS differ");
}

#[test]
fn the_hash_ignores_comments_tests_and_layout_but_not_code() {
    let base = "//! docs\nfn f() -> u32 {\n    let r = \"\\\\d{1,3}\";\n    1\n}\n";
    let commented = "//! other docs\n\n// why\nfn f() ->   u32 {\n  let r = \"\\\\d{1,3}\";\n 1\n}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { assert!(true); }\n}\n";
    let changed = "//! docs\nfn f() -> u32 {\n    let r = \"\\\\d{1,3}\";\n    2\n}\n";
    assert_eq!(code_of(base), code_of(commented));
    assert_ne!(code_of(base), code_of(changed));
    // Code after a test item still counts, braces in its strings or not.
    let after = "#[cfg(test)]\nfn helper() -> &'static str { \"{\" }\nfn g() {}\n";
    assert!(code_of(after).contains("fn g()"), "{}", code_of(after));
    let after_mod = "#[cfg(test)]\n#[path = \"x_tests.rs\"]\nmod x_tests;\nfn g() {}\n";
    assert_eq!(code_of(after_mod), "fn g() {} \n");
}
