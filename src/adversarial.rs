//! A generated corpus of hostile and degenerate text (issue 17), for the
//! capped robustness test and `make bench`: each case is one short pattern
//! repeated to a given size, so that a stage whose cost grows faster than
//! the text shows up at once.
//!
//! Such text is not only hostile: tag-stripped reference lists glue DOIs
//! together, PDFs carry base64 blobs and dot leaders, tables flatten into
//! thousands of `(n = …)` cells. Nothing here is committed data: the cases
//! are made from the patterns below on demand
//! (`cargo run --release --example adversarial -- DIR`).

/// One generated case: a file name and its bytes.
pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// The repeated patterns, by case name. `{i}` in a pattern is replaced by
/// a counter, so that repeats are not identical where that matters
/// (distinct DOIs, growing numbers).
pub const PATTERNS: &[(&str, &str)] = &[
    // DOIs: a prefix with nothing after it, glued to the next one.
    ("doi_prefixes", "10.1000/"),
    ("doi_percent_encoded", "10.1000/%2F"),
    ("doi_url_paths", "https://doi.org/10.1000/x/"),
    ("doi_line_broken", "10.1000/abc-\ndef.{i} "),
    ("doi_glued_distinct", "10.{i}/j.x.{i}"),
    ("percent_encoding", "%2F%2f%3A"),
    // Prefixes of the forms a DOI may hold inside it (percent-encoded,
    // sub-prefix), so that a candidate cannot stop at the next one; a DOI
    // with a field glued on in a run without spaces; a DOI under a line
    // of a megabyte.
    ("doi_percent_prefixes", "10.1000%2F"),
    ("doi_sub_prefixes", "10.1000.5/"),
    (
        "doi_glued_fields",
        "doi:10.1371/journal.pone.0{i}PONE-D-15-{i}ResearchArticle",
    ),
    ("doi_glued_repeats", "10.3389/fneur.2021.{i}{i}Long-Term"),
    // Numbers.
    ("one_dot", "1."),
    ("digit_dot_runs", "0.1.2.3.4.5.6.7.8.9."),
    ("digits_only", "0123456789"),
    ("thousands_separators", "1,234,"),
    ("number_words", "twenty-four thirty-one one hundred and "),
    // Sample sizes.
    ("n_equals_cells", "(n = 27) "),
    ("n_equals_unclosed", "(n = {i} "),
    (
        "long_randomized_sentence",
        "{i} patients were randomized to group {i} and ",
    ),
    ("patients_list", "{i} patients, "),
    // Brackets glued without spaces: the word before each is the whole
    // text before it.
    ("glued_brackets", "(27)(n=27)"),
    // Brackets that never close, each after a count.
    ("whole_in_bracket", "Ninety patients (86 evaluable ("),
    // Distinct treatment names: each was searched for in the whole text.
    ("treatments_list", "{i} patients using drug{i} and "),
    // Arm sizes mentioned again next to an equal count.
    ("arm_sizes_again", "group {i} (n = 27) and 27 patients "),
    // p-values and statistics.
    ("p_equals_no_number", "p = "),
    ("p_values_many", "P < 0.001; "),
    ("t_statistics", "t(28) = 2.20, p = "),
    // EDSS and registry IDs.
    ("edss_runs", "EDSS 3.0-6.5 "),
    ("edss_word_only", "EDSS "),
    ("registry_prefixes", "NCT"),
    ("registry_ids_many", "NCT0{i} "),
    ("eudract_like", "2004-000123-45-"),
    // Brackets and layout.
    ("unbalanced_open", "(["),
    ("unbalanced_close", ")]"),
    ("nested_brackets", "(a (b [c "),
    ("dot_leaders", "Results ........ "),
    ("tiny_sentences", "A. "),
    (
        "one_long_line",
        "the patients were treated and the outcome was measured ",
    ),
    ("plus_minus_runs", "6.5 ± 1.2 ± "),
    (
        "base64_blob",
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5Ky8=",
    ),
    ("whitespace_only", " \t \n"),
    ("newlines_only", "\n"),
];

/// Every case at `size` bytes (the last repeat is cut at a char boundary).
pub fn corpus(size: usize) -> Vec<Case> {
    PATTERNS
        .iter()
        .map(|(name, pattern)| Case {
            name,
            bytes: repeat_to(pattern, size).into_bytes(),
        })
        .collect()
}

/// `pattern` repeated, with `{i}` counting up, to at most `size` bytes.
pub fn repeat_to(pattern: &str, size: usize) -> String {
    let mut out = String::with_capacity(size + pattern.len() + 16);
    let mut i: u64 = 1;
    while out.len() < size {
        if pattern.contains("{i}") {
            out.push_str(&pattern.replace("{i}", &i.to_string()));
        } else {
            out.push_str(pattern);
        }
        i += 1;
    }
    let mut end = size.min(out.len());
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_has_the_size_asked_for() {
        for case in corpus(1000) {
            assert!(
                case.bytes.len() <= 1000 && case.bytes.len() > 990,
                "{} is {} bytes",
                case.name,
                case.bytes.len()
            );
            assert!(std::str::from_utf8(&case.bytes).is_ok(), "{}", case.name);
        }
    }

    #[test]
    fn counters_make_repeats_distinct() {
        let s = repeat_to("NCT0{i} ", 40);
        assert!(s.starts_with("NCT01 NCT02 NCT03 "), "{s}");
    }

    #[test]
    fn case_names_are_unique() {
        let mut names: Vec<_> = PATTERNS.iter().map(|(n, _)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PATTERNS.len());
    }
}
