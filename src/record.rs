//! The output contract (`../shared/docs/output-contract.md`, schema v1) as
//! serde types. Everything a reviewer or a downstream script reads is defined
//! here, once; `litextract schema` prints the JSON Schema generated from these
//! types and a snapshot test keeps it from drifting.
//!
//! Fields may be added; nothing may be renamed or dropped without bumping
//! [`SCHEMA`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag every record carries.
pub const SCHEMA: &str = "litextract.record/1";

/// The five fields litextract extracts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Doi,
    RegistryId,
    PValue,
    SampleSize,
    Edss,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Doi,
        Field::RegistryId,
        Field::PValue,
        Field::SampleSize,
        Field::Edss,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Doi => "doi",
            Field::RegistryId => "registry_id",
            Field::PValue => "p_value",
            Field::SampleSize => "sample_size",
            Field::Edss => "edss",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One record per input document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// Always `litextract.record/1` for this version of the contract.
    pub schema: String,
    pub source: Source,
    /// What the file states outright about the article (PubMed, JATS, RIS
    /// … fields), as opposed to what the text says; absent for formats
    /// without structured fields (text, PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    pub status: Status,
    /// Why the document could not be read, in plain words; null when `ok`.
    pub error: Option<String>,
    /// Things a reviewer should know about this record (decoding fallbacks,
    /// empty text, inconsistent sample sizes …).
    pub warnings: Vec<String>,
    /// The normalized plain text that every `start`/`end` indexes, in
    /// Unicode code points.
    pub text: String,
    /// Page spans in `text` (PDF only; empty for formats without pages).
    pub pages: Vec<PageSpan>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// How the record was made: tool version and extractor versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<Producer>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Source {
    /// Path relative to its input root (a file given directly keeps its name).
    pub path: String,
    /// SHA-256 of the file's bytes, hex. For an article of a file that
    /// holds many: of the article as read (its text, sections, metadata),
    /// so that its record changes only when the article does; the file's
    /// own hash is in the manifest.
    pub sha256: String,
    /// The file's size in bytes; for an article of a file that holds many,
    /// the size of its text.
    pub bytes: u64,
    /// `text`, `pdf` or `unsupported`.
    pub format: String,
    /// Which text backend produced `text` for a PDF (`pdfium`, `pdf-extract`, `pdftotext`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// The text encoding the bytes were decoded from (`utf-8`, `utf-16le`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Which article of a file that holds many this record is; absent for
    /// files that hold one document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
}

/// An article's place in a file that holds many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordRef {
    /// 0-based position of the article in the file.
    pub index: usize,
    /// A key that stays the same when the file is exported again in another
    /// order: `pmid-31883240`, else `pmcid-…`, `doi-…`, the file's own record
    /// ID (`id-…`), or the position (`index-7`). The record's file name.
    pub key: String,
}

/// What a file states outright about an article; each field null or empty
/// where the file does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Metadata {
    pub pmid: Option<String>,
    pub pmcid: Option<String>,
    /// Lower case, without a `doi:` or URL prefix.
    pub doi: Option<String>,
    pub title: Option<String>,
    pub journal: Option<String>,
    pub year: Option<u16>,
    #[serde(default)]
    pub publication_types: Vec<String>,
    /// Trial registry IDs the file lists (PubMed `DataBankList`, MEDLINE
    /// `SI`), in canonical form.
    #[serde(default)]
    pub registry_ids: Vec<RegistryRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PageSpan {
    /// 1-based page number.
    pub page: u32,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Producer {
    pub tool: String,
    pub version: String,
    /// `field=version` for every extractor, plus the normalizer's version.
    pub extractors: String,
}

/// One extracted value with its evidence.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Finding {
    /// `<field>:<start>-<end>`, unique within a record.
    pub id: String,
    pub field: Field,
    pub value: Value,
    /// Exactly `text[start..end]` of the record (code points).
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// 1-based PDF page of the match; null for formats without pages.
    pub page: Option<u32>,
    /// The sentence around the match.
    pub context: String,
    /// The pattern that fired (`p_value.equals`, `doi.prefixed` …).
    pub rule: String,
    /// In [0, 1].
    pub confidence: f32,
}

/// Findings are read back by `litextract eval`: `value` is decoded according
/// to `field`, so the untagged value shapes never have to be guessed.
impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            id: String,
            field: Field,
            value: serde_json::Value,
            text: String,
            start: usize,
            end: usize,
            page: Option<u32>,
            #[serde(default)]
            context: String,
            #[serde(default)]
            rule: String,
            #[serde(default)]
            confidence: f32,
        }
        use serde::de::Error;
        let raw = Raw::deserialize(d)?;
        let value = match raw.field {
            Field::Doi => Value::Doi(serde_json::from_value(raw.value).map_err(D::Error::custom)?),
            Field::RegistryId => {
                Value::RegistryId(serde_json::from_value(raw.value).map_err(D::Error::custom)?)
            }
            Field::PValue => {
                Value::PValue(serde_json::from_value(raw.value).map_err(D::Error::custom)?)
            }
            Field::SampleSize => {
                Value::SampleSize(serde_json::from_value(raw.value).map_err(D::Error::custom)?)
            }
            Field::Edss => {
                Value::Edss(serde_json::from_value(raw.value).map_err(D::Error::custom)?)
            }
        };
        Ok(Finding {
            id: raw.id,
            field: raw.field,
            value,
            text: raw.text,
            start: raw.start,
            end: raw.end,
            page: raw.page,
            context: raw.context,
            rule: raw.rule,
            confidence: raw.confidence,
        })
    }
}

/// The value of a finding; its shape depends on the field.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Value {
    Doi(DoiValue),
    RegistryId(RegistryIdValue),
    PValue(PValue),
    SampleSize(SampleSizeValue),
    Edss(EdssValue),
}

impl Value {
    pub fn field(&self) -> Field {
        match self {
            Value::Doi(_) => Field::Doi,
            Value::RegistryId(_) => Field::RegistryId,
            Value::PValue(_) => Field::PValue,
            Value::SampleSize(_) => Field::SampleSize,
            Value::Edss(_) => Field::Edss,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DoiRole {
    /// The document's own DOI.
    #[serde(rename = "self")]
    Own,
    /// A DOI of another work (reference list, in-text citation, erratum …).
    Cited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DoiValue {
    /// Lower case, no `doi:`/URL prefix, no trailing punctuation or URL path.
    pub doi: String,
    pub role: DoiRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistryRole {
    /// The registration of the study the document reports.
    Own,
    /// Another trial named in the text.
    Cited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RegistryIdValue {
    /// The registry's name (`ClinicalTrials.gov`, `ISRCTN`, `EudraCT` …).
    pub registry: String,
    /// Canonical form (`NCT03355365`, `2004-000123-45`, `ACTRN12610000123456`).
    pub id: String,
    pub role: RegistryRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Comparator {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }

    /// Parses the comparators real text uses (`=`, `<`, `≤`, `<=`, `=<`, `⩽` …).
    pub fn parse(s: &str) -> Option<Comparator> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        Some(match s.as_str() {
            "=" | "==" | "：" | ":" => Comparator::Eq,
            "<" | "‹" | "〈" => Comparator::Lt,
            "<=" | "=<" | "≤" | "⩽" | "≦" | "<_" => Comparator::Le,
            ">" | "›" | "〉" => Comparator::Gt,
            ">=" | "=>" | "≥" | "⩾" | "≧" | ">_" => Comparator::Ge,
            _ => return None,
        })
    }
}

/// A reported p-value, with its test statistic where the text gives one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PValue {
    pub comparator: Comparator,
    pub value: f64,
    /// The test statistic reported with this p-value, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<TestStatistic>,
    /// Consistency flags: `inconsistent`, `decision_error`, `impossible`;
    /// and, where a PDF font damaged the comparator after a test statistic,
    /// `comparator_inferred` (taken from the recomputed p) or
    /// `comparator_unknown` (the statistic could not be recomputed either).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TestStatistic {
    /// `t`, `F`, `chi2`, `r`, `z` or `Q`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub df: Vec<f64>,
    pub value: f64,
    /// The p-value recomputed from the statistic (two-sided where applicable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed_p: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SampleRole {
    Total,
    Enrolled,
    Randomized,
    Analyzed,
    Completed,
    Arm,
    Subgroup,
    Cited,
    // A protocol's target size: `120 planned participants` (a plain
    // comment: a doc comment would split the schema's enum).
    Planned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SampleSizeValue {
    pub n: u64,
    pub role: SampleRole,
    /// The group's name, for arms and subgroups, where the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `20 in each of the two groups`: one count that states the size of
    /// each of `of` arms gives `of` findings on the same span, this one
    /// the `arm`-th (1-based). The first keeps the plain id
    /// (`sample_size:120-160`), the others add `#2` … `#k`. Absent when the
    /// count is one arm's, or when the text does not say how many arms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arm_of: Option<ArmOf>,
    /// What the extractor knew about the sentence, for the summary; never
    /// written (records read back have `None`).
    #[serde(skip)]
    #[schemars(skip)]
    pub statement: Option<Statement>,
}

/// Which of the arms one `each` count stands for (see
/// [`SampleSizeValue::arm_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ArmOf {
    /// This copy's place, 1 to `of`.
    pub arm: u64,
    /// How many arms the count is the size of.
    pub of: u64,
}

/// The sentence a sample size was stated in, as the extractor saw it: the
/// summary groups arms and reads their sentence from this, not from the
/// finding's `context`, which is cut at 320 chars (a long randomisation
/// sentence gave arms from two statements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Statement {
    /// The sentence's start (a byte of `fold`): arms with the same one were
    /// stated together.
    pub sentence: usize,
    /// The sentence near the count speaks of randomisation.
    pub randomization: bool,
    /// `27 in each of the three groups`: how many groups the count is for.
    pub groups: Option<u64>,
    /// `120 children were enrolled. Children were randomly allocated to one
    /// of the three equal groups`: the count was split into this many equal
    /// groups (set on a count of the study, not on an arm).
    pub equal_groups: Option<u64>,
    /// `Of the 120 enrolled, 60 were assigned to A and the rest to B`: the
    /// whole whose rest, less the arms stated with this one, is one more
    /// arm (set on an arm).
    pub rest_of: Option<u64>,
    /// The sentence names the trial's groups (`group`, `arm`, `placebo`,
    /// `treated with`): set on a denominator read as an arm.
    pub names_groups: bool,
    /// `96 smokers and 214 nonsmokers were randomized`: the count is one of
    /// several coordinated as the subject of one verb of taking part, whose
    /// sum is the whole; the start of the list's first count names the list.
    pub parts_of: Option<usize>,
    /// The arm is the object of an allocation in its sentence (`randomly
    /// assigned to either HIE (n = 12) or …`): set on an arm.
    pub allocated: bool,
    /// The arm's sentence states it as one of the trial's groups (an
    /// allocation's object, a label naming one group), and not as a
    /// calculation's, a cited trial's or a statistic's count: a lone arm
    /// smaller than the total is kept only so. Set on an arm.
    pub stated_as_group: bool,
}

/// One numeric statement about the Expanded Disability Status Scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdssValue {
    Range {
        low: f64,
        high: f64,
    },
    Mean {
        mean: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
    },
    Median {
        median: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        low: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<f64>,
    },
    Threshold {
        comparator: Comparator,
        value: f64,
    },
    Value {
        value: f64,
    },
    Change {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delta: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<f64>,
    },
}

/// The document-level answer a reviewer wants first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// The document's own DOI, or null; never a cited one.
    pub doi: Option<String>,
    /// The registry IDs of the study the document reports.
    pub registry_ids: Vec<RegistryRef>,
    pub sample_size: SampleSizeSummary,
    /// Distinct p-values in order of first appearance.
    pub p_values: Vec<PValueRef>,
    /// Distinct EDSS statements in order of first appearance.
    pub edss: Vec<EdssValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RegistryRef {
    pub registry: String,
    pub id: String,
    /// Where the ID was seen, for records with `metadata`: the file's
    /// structured fields, the text, or both. Absent when the record has no
    /// metadata to compare with.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub seen_in: Option<Vec<SeenIn>>,
}

impl RegistryRef {
    pub fn new(registry: impl Into<String>, id: impl Into<String>) -> RegistryRef {
        RegistryRef {
            registry: registry.into(),
            id: id.into(),
            seen_in: None,
        }
    }
}

/// Where a value was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeenIn {
    Metadata,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PValueRef {
    pub comparator: Comparator,
    pub value: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SampleSizeSummary {
    /// Randomized, else enrolled, else analyzed, else the sum of the arms.
    pub total: Option<u64>,
    pub enrolled: Option<u64>,
    pub randomized: Option<u64>,
    pub analyzed: Option<u64>,
    /// Per-arm sizes of this study, in order of appearance.
    pub arms: Vec<u64>,
}
