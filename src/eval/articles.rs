//! Files that hold many articles (PubMed XML, MEDLINE, RIS, BibTeX, JATS
//! sets …), scored article by article against a gold line with `records`
//! (gold format, "Sets of multi-article files"; the records' layout is the
//! output contract's "Files that hold many articles").
//!
//! # Matching
//!
//! Every pair of a gold article and a record of the same file gets a score:
//! 8 when the PMIDs agree (the record's `metadata.pmid`, else its
//! `pmid-N` key), 4 when the DOIs agree (`summary.doi` or `metadata.doi`,
//! lower case), 2 when the record's `source.record.index` is the article's
//! `index` (its place in the list unless given), 1 when it is one of its
//! `index_alt`; so an article is matched by PMID, else DOI, else position.
//! Pairs are taken greedily, highest score first, the articles the reader
//! must emit before the tolerated ones (`tolerate_records`), each article
//! and each record at most once. A record left over that names an article
//! by PMID or DOI is a second record of that article; any other is extra.
//!
//! A whole-file record (no `source.record`) stands for index 0 in a file of
//! exactly one article (or of none and one tolerated article). In a file of two or more it is one record that
//! mixes them all (unless `tolerate_whole_file`); in a file of none it is
//! extra. A whole-file record that `failed` is never a false positive; its
//! articles are misses. A file with `tolerate_any` is counted, not scored.
//!
//! # Metrics (per set, per half, per expected `format`)
//!
//! * `articles`: gold articles; `one_record` of them got exactly one
//!   record, `missed` none, `split` more than one. `recall` =
//!   one_record / articles.
//! * `records`: records scored (not tolerated, not a failed whole-file
//!   record); `right` = matched to an article that has no other record,
//!   and not mixed; `precision` = right / records. `extra`: matched no
//!   article; `mixed`: a record whose PMID or DOI belongs to one article
//!   and whose other identifier or position belongs to another (an index
//!   that is neither the article's `index` nor an `index_alt`), or a
//!   whole-file record standing for several articles.
//! * `files_one_record`: files of two or more articles that gave a single
//!   record; `files_too_many`: files without any tolerance that gave more
//!   records than they have articles; `files_without_records`: files that
//!   gave none (skipped as unsupported, say).
//! * `pmid`, `doi`: over matched pairs whose gold article has the key:
//!   `accuracy` = pairs where the record states the same identifier (both
//!   none counts as agreement); TP a right identifier, FP a stated one
//!   that is wrong, FN a gold one not stated.
//! * `registry`: the article's `registry_ids` against the distinct IDs of
//!   the record's `metadata.registry_ids` and `summary.registry_ids`
//!   (case-insensitive), over matched pairs whose article has the key.
//! * `format`: records whose `source.format` is the line's `format`, of the
//!   records of files whose line has one.

use super::gold::{GoldArticle, GoldFile, Half};
use super::records::{ArticleRecord, FileRecords};
use super::score::{Kind, Metric, Scorer, Tally};
use serde::Serialize;

/// The plain counts of one set, half and format (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub files: usize,
    pub files_tolerated: usize,
    pub files_without_records: usize,
    pub files_one_record: usize,
    pub files_too_many: usize,
    pub articles: usize,
    pub one_record: usize,
    pub missed: usize,
    pub split: usize,
    pub records: usize,
    pub right: usize,
    pub extra: usize,
    pub mixed: usize,
    pub tolerated: usize,
    pub unreadable: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        let pairs = [
            (&mut self.files, o.files),
            (&mut self.files_tolerated, o.files_tolerated),
            (&mut self.files_without_records, o.files_without_records),
            (&mut self.files_one_record, o.files_one_record),
            (&mut self.files_too_many, o.files_too_many),
            (&mut self.articles, o.articles),
            (&mut self.one_record, o.one_record),
            (&mut self.missed, o.missed),
            (&mut self.split, o.split),
            (&mut self.records, o.records),
            (&mut self.right, o.right),
            (&mut self.extra, o.extra),
            (&mut self.mixed, o.mixed),
            (&mut self.tolerated, o.tolerated),
            (&mut self.unreadable, o.unreadable),
        ];
        for (a, b) in pairs {
            *a += b;
        }
    }
}

/// Everything counted for one set, half and format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleCounts {
    pub n: Counts,
    pub pmid: Tally,
    pub doi: Tally,
    pub registry: Tally,
    pub format: Tally,
}

impl ArticleCounts {
    pub fn add(&mut self, o: &ArticleCounts) {
        self.n.add(&o.n);
        self.pmid.add(&o.pmid);
        self.doi.add(&o.doi);
        self.registry.add(&o.registry);
        self.format.add(&o.format);
    }

    pub fn metrics(&self) -> ArticleMetrics {
        let ratio = super::score::ratio;
        ArticleMetrics {
            n: self.n,
            recall: ratio(self.n.one_record, self.n.articles),
            precision: ratio(self.n.right, self.n.records),
            pmid: self.pmid.metric(Kind::PrfAccuracy),
            doi: self.doi.metric(Kind::PrfAccuracy),
            registry: self.registry.metric(Kind::Prf),
            format: FormatAgreement {
                records: self.format.docs,
                agree: self.format.correct,
                accuracy: ratio(self.format.correct, self.format.docs),
            },
        }
    }
}

/// [`ArticleCounts`] with their ratios, as reported (the counts flattened
/// beside the ratios in JSON).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleMetrics {
    #[serde(flatten)]
    pub n: Counts,
    /// `one_record / articles`.
    pub recall: Option<f64>,
    /// `right / records`.
    pub precision: Option<f64>,
    pub pmid: Metric,
    pub doi: Metric,
    pub registry: Metric,
    pub format: FormatAgreement,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FormatAgreement {
    pub records: usize,
    pub agree: usize,
    pub accuracy: Option<f64>,
}

/// A gold article (or a tolerated one) as the matcher sees it.
struct Want<'a> {
    a: &'a GoldArticle,
    tolerated: bool,
}

/// The score of a (gold article, record) pair; see the module docs.
fn pair_score(a: &GoldArticle, r: &ArticleRecord, index: usize) -> u8 {
    let mut s = 0;
    if let (Some(Some(p)), Some(rp)) = (&a.pmid, r.pmid()) {
        s += 8 * (*p == rp) as u8;
    }
    if let Some(Some(d)) = &a.doi {
        s += 4 * r.dois().contains(d) as u8;
    }
    if a.index == Some(index) {
        s += 2;
    } else if a.index_alt.contains(&index) {
        s += 1;
    }
    s
}

fn show_article(a: &GoldArticle) -> String {
    let mut s = format!("#{}", a.index.unwrap_or(0));
    if let Some(p) = &a.pmid {
        s.push_str(&format!(" pmid={}", p.as_deref().unwrap_or("none")));
    }
    if let Some(d) = &a.doi {
        s.push_str(&format!(" doi={}", d.as_deref().unwrap_or("none")));
    }
    s
}

fn show_id(x: &Option<String>) -> &str {
    x.as_deref().unwrap_or("none")
}

/// One file's records, ready to match: each with the position it stands at.
struct Candidates<'a> {
    placed: Vec<(&'a ArticleRecord, usize)>,
    /// Whole-file records that stand for nothing in particular.
    whole: Vec<&'a ArticleRecord>,
}

fn candidates<'a>(g: &GoldFile, fr: &'a FileRecords) -> Candidates<'a> {
    let mut c = Candidates {
        placed: Vec::new(),
        whole: Vec::new(),
    };
    for r in &fr.records {
        match r.index() {
            Some(i) => c.placed.push((r, i)),
            // A failed whole-file record is never a false positive.
            None if r.failed() => {}
            // It may also be the one article a tolerant reader may give.
            None if g.articles.len() == 1 || (g.articles.is_empty() && g.tolerated.len() == 1) => {
                c.placed.push((r, 0))
            }
            None => c.whole.push(r),
        }
    }
    c
}

impl Scorer {
    /// Scores one multi-article file.
    pub fn articles(&mut self, g: &GoldFile, fr: &FileRecords) {
        let fmt = g.format.clone().unwrap_or_else(|| "unknown".into());
        let key = (self.half, fmt);
        let mut c = ArticleCounts::default();
        c.n.files = 1;
        for u in &fr.unreadable {
            c.n.unreadable += 1;
            self.problem(&g.doc, "articles", format!("unreadable record: {u}"));
        }
        if g.tolerate_any {
            c.n.files_tolerated = 1;
            self.article_counts.entry(key).or_default().add(&c);
            return;
        }
        let cand = candidates(g, fr);
        c.n.articles = g.articles.len();
        c.n.files_without_records = fr.records.is_empty() as usize;
        let live = fr.records.iter().filter(|r| !r.failed()).count();
        c.n.files_one_record = (g.articles.len() >= 2 && live == 1) as usize;
        self.whole_file_records(g, &cand.whole, &mut c);
        let (counts, scored) = self.match_records(g, &cand.placed, &mut c);
        for (i, a) in g.articles.iter().enumerate() {
            match counts[i] {
                0 => {
                    c.n.missed += 1;
                    let why = why_missed(g, fr, &cand);
                    self.push(&g.doc, "articles", "miss", show_article(a), &why);
                }
                1 => c.n.one_record += 1,
                n => {
                    c.n.split += 1;
                    let what = format!("{} ({n} records)", show_article(a));
                    self.push(&g.doc, "articles_split", "false_positive", what, "");
                }
            }
        }
        for (r, ai, mixed) in scored {
            c.n.right += (!mixed && counts[ai] == 1) as usize;
            self.agreement(g, &g.articles[ai], r, &mut c);
        }
        c.n.files_too_many = (!g.tolerate_whole_file
            && g.tolerated.is_empty()
            && c.n.records > g.articles.len()) as usize;
        self.format_agreement(g, fr, &mut c);
        self.article_counts.entry(key).or_default().add(&c);
    }

    /// Whole-file records in a file that is not one article.
    fn whole_file_records(
        &mut self,
        g: &GoldFile,
        whole: &[&ArticleRecord],
        c: &mut ArticleCounts,
    ) {
        for _ in whole {
            if g.tolerate_whole_file {
                c.n.tolerated += 1;
                continue;
            }
            c.n.records += 1;
            if g.articles.is_empty() {
                c.n.extra += 1;
                let what = "whole-file record in a file with no article".to_string();
                self.push(&g.doc, "records_extra", "false_positive", what, "");
            } else {
                c.n.mixed += 1;
                let what = format!("one whole-file record for {} articles", g.articles.len());
                self.push(&g.doc, "records_mixed", "false_positive", what, "");
            }
        }
    }

    /// Matches placed records to articles; returns the number of records
    /// per gold article and the (record, article, mixed) pairs to score.
    fn match_records<'r>(
        &mut self,
        g: &GoldFile,
        placed: &[(&'r ArticleRecord, usize)],
        c: &mut ArticleCounts,
    ) -> (Vec<usize>, Vec<(&'r ArticleRecord, usize, bool)>) {
        let wants: Vec<Want> = (g.articles.iter().map(|a| Want {
            a,
            tolerated: false,
        }))
        .chain(g.tolerated.iter().map(|a| Want { a, tolerated: true }))
        .collect();
        let mut pairs = Vec::new();
        for (wi, w) in wants.iter().enumerate() {
            for (ri, (r, idx)) in placed.iter().enumerate() {
                let s = pair_score(w.a, r, *idx);
                if s > 0 {
                    pairs.push((w.tolerated, std::cmp::Reverse(s), wi, ri));
                }
            }
        }
        pairs.sort();
        let mut of_record: Vec<Option<usize>> = vec![None; placed.len()];
        let mut taken = vec![false; wants.len()];
        for (_, _, wi, ri) in pairs {
            if !taken[wi] && of_record[ri].is_none() {
                taken[wi] = true;
                of_record[ri] = Some(wi);
            }
        }
        let mut counts = vec![0; g.articles.len()];
        let mut scored = Vec::new();
        for (ri, (r, idx)) in placed.iter().enumerate() {
            // A record left over counts for the article its PMID or DOI names.
            let wi = of_record[ri]
                .or_else(|| (0..wants.len()).find(|&wi| pair_score(wants[wi].a, r, *idx) >= 4));
            match wi {
                Some(wi) if wants[wi].tolerated => c.n.tolerated += 1,
                Some(wi) => {
                    c.n.records += 1;
                    counts[wi] += 1;
                    let mixed = self.mixed(g, wi, r, *idx);
                    c.n.mixed += mixed as usize;
                    if of_record[ri].is_some() {
                        scored.push((*r, wi, mixed));
                    }
                }
                None => {
                    c.n.records += 1;
                    c.n.extra += 1;
                    let what = format!(
                        "{} pmid={} doi={}",
                        r.label(),
                        show_id(&r.pmid()),
                        show_id(&r.doi())
                    );
                    self.push(&g.doc, "records_extra", "false_positive", what, "");
                }
            }
        }
        (counts, scored)
    }

    /// Does a record matched to article `ai` carry another article's PMID,
    /// DOI or (when matched by identifier) position?
    fn mixed(&mut self, g: &GoldFile, ai: usize, r: &ArticleRecord, idx: usize) -> bool {
        let a = &g.articles[ai];
        let by_id = pair_score(a, r, idx) >= 4;
        let (pmid, dois) = (r.pmid(), r.dois());
        let other = g.articles.iter().enumerate().find(|(bi, b)| {
            let pmid_of_b = matches!((&b.pmid, &pmid), (Some(Some(p)), Some(rp)) if p == rp)
                && b.pmid != a.pmid;
            let doi_of_b = matches!(&b.doi, Some(Some(d)) if dois.contains(d)) && b.doi != a.doi;
            let place_of_b = by_id
                && b.index == Some(idx)
                && a.index != Some(idx)
                && !a.index_alt.contains(&idx);
            *bi != ai && (pmid_of_b || doi_of_b || place_of_b)
        });
        if let Some((_, b)) = other {
            let what = format!(
                "{} (pmid={} doi={}) mixes {} and {}",
                r.label(),
                show_id(&pmid),
                show_id(&r.doi()),
                show_article(a),
                show_article(b)
            );
            self.push(&g.doc, "records_mixed", "false_positive", what, "");
        }
        other.is_some()
    }

    /// PMID, DOI and registry IDs of a matched pair.
    fn agreement(
        &mut self,
        g: &GoldFile,
        a: &GoldArticle,
        r: &ArticleRecord,
        c: &mut ArticleCounts,
    ) {
        if let Some(want) = &a.pmid {
            let got = r.pmid();
            if !agree(&mut c.pmid, want, &got) {
                let what = format!("{}: record says {}", show_article(a), show_id(&got));
                self.push(&g.doc, "article_pmid", miss_or_fp(&got), what, "");
            }
        }
        if let Some(want) = &a.doi {
            let got = r.doi();
            if !agree(&mut c.doi, want, &got) {
                let what = format!("{}: record says {}", show_article(a), show_id(&got));
                self.push(&g.doc, "article_doi", miss_or_fp(&got), what, "");
            }
        }
        if let Some(ids) = &a.registry_ids {
            let mut gold: Vec<String> = ids.iter().map(|s| s.to_uppercase()).collect();
            gold.sort();
            gold.dedup();
            let got = r.registry_ids();
            let t = &mut c.registry;
            t.docs += 1;
            for id in &gold {
                if got.contains(id) {
                    t.tp += 1;
                } else {
                    t.fn_ += 1;
                    let what = format!("{}: {id}", show_article(a));
                    self.push(&g.doc, "article_registry", "miss", what, "");
                }
            }
            for id in got.iter().filter(|id| !gold.contains(id)) {
                t.fp += 1;
                let what = format!("{}: {id}", show_article(a));
                self.push(&g.doc, "article_registry", "false_positive", what, "");
            }
        }
    }

    /// `source.format` of every live record against the line's `format`.
    fn format_agreement(&mut self, g: &GoldFile, fr: &FileRecords, c: &mut ArticleCounts) {
        let Some(want) = &g.format else { return };
        let live: Vec<&ArticleRecord> = fr.records.iter().filter(|r| !r.failed()).collect();
        let agree = live.iter().filter(|r| r.source.format == *want).count();
        c.format.docs += live.len();
        c.format.correct += agree;
        if agree < live.len() {
            let mut seen: Vec<&str> = live
                .iter()
                .map(|r| r.source.format.as_str())
                .filter(|f| f != want)
                .collect();
            seen.sort();
            seen.dedup();
            let what = format!(
                "expected {want}, {} of {} records say {}",
                live.len() - agree,
                live.len(),
                seen.join(", ")
            );
            self.push(&g.doc, "article_format", "miss", what, "");
        }
    }
}

/// Counts one identifier of a matched pair; true when the record agrees.
fn agree(t: &mut Tally, want: &Option<String>, got: &Option<String>) -> bool {
    t.docs += 1;
    let ok = want == got;
    t.correct += ok as usize;
    match (want, got) {
        (Some(_), Some(_)) if ok => t.tp += 1,
        (Some(_), Some(_)) => {
            t.fp += 1;
            t.fn_ += 1;
        }
        (Some(_), None) => t.fn_ += 1,
        (None, Some(_)) => t.fp += 1,
        (None, None) => {}
    }
    ok
}

/// A disagreeing identifier: a miss when the record states none, else a
/// false positive (a wrong identifier).
fn miss_or_fp(got: &Option<String>) -> &'static str {
    if got.is_none() {
        "miss"
    } else {
        "false_positive"
    }
}

/// Why an article got no record, in words for `--errors`.
fn why_missed(g: &GoldFile, fr: &FileRecords, cand: &Candidates) -> String {
    if let Some(reason) = &fr.skipped {
        return format!("skipped by extract: {reason}");
    }
    if fr.records.is_empty() {
        return "no record for this file".into();
    }
    if fr.records.iter().all(ArticleRecord::failed) {
        let err = fr.records.iter().find_map(|r| r.error.clone());
        return format!("the file's record failed: {}", err.unwrap_or_default());
    }
    if !cand.whole.is_empty() {
        return format!(
            "the file gave one whole-file record for its {} articles",
            g.articles.len()
        );
    }
    "no record of the file matches it by PMID, DOI or position".into()
}

/// The article counts of a half (or both), summed over formats.
pub(super) fn sum_counts<'a>(
    counts: impl Iterator<Item = (&'a (Half, String), &'a ArticleCounts)>,
    half: Option<Half>,
) -> ArticleCounts {
    let mut t = ArticleCounts::default();
    for ((h, _), c) in counts {
        if half.is_none_or(|x| x == *h) {
            t.add(c);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::gold::{parse_gold_line, GoldLine};

    fn file(line: serde_json::Value) -> GoldFile {
        match parse_gold_line(&line).unwrap() {
            GoldLine::Articles(f) => f,
            GoldLine::Doc(_) => panic!("not a file line"),
        }
    }

    /// A record at `index` with the given PMID and DOI.
    fn rec(index: usize, pmid: Option<&str>, doi: Option<&str>) -> ArticleRecord {
        serde_json::from_value(serde_json::json!({
            "status": "ok",
            "source": {"path": "f", "format": "bibtex", "record": {"index": index, "key": format!("index-{index}")}},
            "metadata": {"pmid": pmid, "doi": doi},
            "summary": {"doi": doi, "registry_ids": []}
        }))
        .unwrap()
    }

    fn score(g: &GoldFile, records: Vec<ArticleRecord>) -> ArticleCounts {
        let mut s = Scorer::new(true);
        let fr = FileRecords {
            records,
            ..Default::default()
        };
        s.articles(g, &fr);
        super::sum_counts(s.article_counts.iter(), None)
    }

    /// jabref's biblatex examples: a reader that keeps the two `@set`
    /// entries puts the article at 3; one that skips them, at 1 (its
    /// `index_alt`). Both are right; the sets are tolerated either way.
    #[test]
    fn index_alt_and_tolerated_entries_both_readers_are_right() {
        let g = file(serde_json::json!({"doc": "x.bib", "records": [
            {"index": 0, "pmid": null, "doi": null},
            {"index": 3, "pmid": null, "doi": null, "index_alt": [1]}],
            "tolerate_records": [{"index": 1}, {"index": 2}]}));
        let keeps = score(&g, (0..4).map(|i| rec(i, None, None)).collect());
        assert_eq!(
            (keeps.n.one_record, keeps.n.right, keeps.n.tolerated),
            (2, 2, 2)
        );
        assert_eq!((keeps.n.extra, keeps.n.mixed), (0, 0));
        let skips = score(&g, (0..2).map(|i| rec(i, None, None)).collect());
        assert_eq!(
            (skips.n.one_record, skips.n.right, skips.n.extra),
            (2, 2, 0)
        );
    }

    /// Two articles with one PMID: the later is current and expected; the
    /// earlier, tolerated, is told apart by its DOI and position.
    #[test]
    fn a_repeated_pmid_goes_to_the_article_whose_doi_and_place_agree() {
        let g = file(serde_json::json!({"doc": "b.xml",
            "records": [{"index": 1, "pmid": "21413195", "doi": null}],
            "tolerate_records": [{"index": 0, "pmid": "21413195", "doi": "10.3275/8949"}]}));
        let both = score(
            &g,
            vec![
                rec(0, Some("21413195"), Some("10.3275/8949")),
                rec(1, Some("21413195"), None),
            ],
        );
        assert_eq!(
            (both.n.one_record, both.n.right, both.n.tolerated),
            (1, 1, 1)
        );
        assert_eq!((both.n.split, both.n.mixed, both.n.extra), (0, 0, 0));
        assert_eq!(both.doi.correct, 1);
    }

    /// Identifiers win over position: a reader that numbers from 1 still
    /// finds its articles, and each record is flagged as sitting at
    /// another article's place.
    #[test]
    fn identifiers_win_over_position_and_a_wrong_place_is_mixing() {
        let g = file(serde_json::json!({"doc": "e.nbib", "records": [
            {"pmid": "1"}, {"pmid": "2"}, {"pmid": "3"}]}));
        let c = score(
            &g,
            vec![
                rec(1, Some("1"), None),
                rec(2, Some("2"), None),
                rec(3, Some("3"), None),
            ],
        );
        assert_eq!((c.n.one_record, c.pmid.correct), (3, 3));
        // #1 sits at article 2's place and #2 at article 3's; #3 at nobody's.
        assert_eq!((c.n.mixed, c.n.right), (2, 1));
    }
}
