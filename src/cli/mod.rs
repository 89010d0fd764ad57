//! Command-line interface: clap for arguments, indicatif for progress,
//! anyhow for fatal errors. Nothing else in the crate prints.

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use litextract::pipeline::{self, Event, Listed, Mode, Options, Reporter};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

mod review;
mod shard;

const EXIT_CODES: &str = "\
Exit codes:
  0  every document was processed (unsupported files are skipped, not failures),
     or the reader of the output closed it early (`… --format jsonl | head`)
  1  the run finished, but some documents failed, some files could be read only
     in part, or some paths could not be read (each has a record or a manifest
     entry saying why)
  2  fatal: bad arguments, an input that does not exist or cannot be read,
     an output folder that cannot be written, or another run holding its lock";

#[derive(Parser)]
#[command(
    name = "litextract",
    version,
    about = "Extract sample sizes, EDSS, p-values, trial registry IDs and DOIs from clinical-trial papers",
    long_about = "litextract reads a corpus of papers (plain text, PDF, PMC JATS XML) and library \
exports (PubMed XML and its baseline/update files, MEDLINE .nbib, RIS, Web of Science, Ovid, BibTeX, \
EndNote XML; one record per article) and writes one JSON record per document: every value it finds, \
normalized, with the exact characters it came from (offsets, page, sentence, rule, confidence).",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract every document under the inputs into records.
    #[command(after_help = EXIT_CODES)]
    Extract(ExtractArgs),
    /// Print the JSON Schema of a record.
    Schema,
    /// Score records against a gold file (precision, recall, F1 per field).
    Eval(EvalArgs),
    /// Review the values of an output folder in a local web page; every
    /// decision is appended to DIR/.review/decisions.jsonl.
    Review(review::ReviewArgs),
    /// Write reviewed records as CSV or JSON Lines (documents, values, or
    /// the agreement between two reviewers).
    Export(review::ExportArgs),
    /// Merge the manifest parts of shard runs (`extract --shard`) into
    /// DIR/manifest.json, so that the folder reads as one run's output.
    #[command(after_help = shard::MANIFEST_EXIT_CODES)]
    Manifest(shard::ManifestArgs),
    /// Print the licences of litextract and of the pdfium library the
    /// binary carries (with the libraries pdfium's build links in).
    Licenses,
    /// Internal: read one PDF from stdin, answer on stdout (the CLI runs
    /// each PDF in such a worker, under a time and memory limit).
    #[command(name = "__pdf-worker", hide = true)]
    PdfWorker,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON record per document under --out, plus manifest.json.
    Files,
    /// Records as JSON Lines on standard output, in input order.
    Jsonl,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files or folders to read (folders are walked in sorted order; hidden
    /// files and folders are left out).
    #[arg(default_value = "corpus")]
    inputs: Vec<PathBuf>,
    /// Read the files listed in FILE, one path per line, in that order,
    /// instead of INPUTs (`-`: standard input). A record's path is the
    /// listed path made relative (`./` and a leading `/` or `../` dropped),
    /// or relative to --root. A listed file that is missing gets a failed
    /// record; a path listed twice is read once.
    #[arg(long = "files-from", value_name = "FILE", conflicts_with = "inputs")]
    files_from: Option<PathBuf>,
    /// With --files-from: the folder the listed paths are relative to; an
    /// absolute listed path under it is made relative to it, so records
    /// get the paths `extract DIR` gives them.
    #[arg(long, value_name = "DIR", requires = "files_from")]
    root: Option<PathBuf>,
    /// Read only shard I of N (1 ≤ I ≤ N): the inputs whose relative path
    /// hashes to it (SHA-256), so that N runs started anywhere share the
    /// inputs with no gap and no overlap. In files mode, N shards may write into one --out at
    /// once; the last to finish merges their manifests (or run
    /// `litextract manifest`). Without --shard, Slurm's
    /// SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT set it, else a
    /// Kubernetes Indexed Job's JOB_COMPLETION_INDEX with --shards N;
    /// `--shard 1/1` reads everything.
    #[arg(long, value_name = "I/N", value_parser = litextract::ingest::shard::parse)]
    shard: Option<(u32, u32)>,
    /// The number of shards when the index comes from JOB_COMPLETION_INDEX
    /// (a Kubernetes Indexed Job: its `completions`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    shards: Option<u32>,
    /// Output folder for records and manifest.json.
    #[arg(short, long, default_value = "extracted")]
    out: PathBuf,
    /// Where records go.
    #[arg(long, value_enum, default_value = "files")]
    format: Format,
    /// Worker threads (default: all cores).
    #[arg(short, long, default_value_t = 0)]
    jobs: usize,
    /// Skip files larger than this many megabytes (a record says so).
    #[arg(long = "max-size", value_name = "MB", default_value_t = 256)]
    max_size_mb: u64,
    /// Reprocess every document, even those unchanged since the last run.
    #[arg(long)]
    force: bool,
    /// Time budget per document in seconds: a PDF whose reading takes
    /// longer is stopped and gets a failed record ("timed out"); extraction
    /// that takes longer stops, keeps what it found and says so in a
    /// warning on the record.
    #[arg(long, value_name = "SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Memory cap per PDF reader process in megabytes (0: no cap).
    #[arg(long = "max-memory", value_name = "MB", default_value_t = 2048)]
    max_memory_mb: u64,
    /// No progress bar (failures and the summary line are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// After the summary, print the time each stage took (reading,
    /// parsing, normalizing, each extractor, the summary, JSON, writing),
    /// summed over the worker threads.
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalFormat {
    /// One line per metric, for people.
    Table,
    /// `{"fields": {"p_value": {"precision": …, "recall": …, "f1": …}, …}, …}`.
    Json,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// Gold file: one JSON object per document (../shared/docs/gold-format.md).
    #[arg(long)]
    gold: PathBuf,
    /// Records: the --out folder of `extract` (`<doc>.json`), or a JSON
    /// Lines file written by `extract --format jsonl`.
    #[arg(long)]
    records: PathBuf,
    #[arg(long, value_enum, default_value = "table")]
    format: EvalFormat,
    /// List every miss and false positive with its document and evidence
    /// (of the dev half only: the check half is kept unread).
    #[arg(long)]
    errors: bool,
    /// Score one half of the set (odd PMIDs: check; even: dev; without a
    /// PMID, by a hash of the document name), or both.
    #[arg(long, value_enum, default_value = "all")]
    half: EvalHalf,
    /// With --errors, list the check half's errors too. For audits only:
    /// never while tuning rules, or the check half stops being a check.
    #[arg(long = "show-check-half-errors", requires = "errors")]
    show_check_half_errors: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalHalf {
    Dev,
    Check,
    All,
}

/// Scores records against a gold file; exit 0 once scored, 2 if the gold
/// or the records cannot be read.
fn eval(args: EvalArgs) -> Result<u8> {
    use litextract::eval;
    let gold = eval::read_gold(&args.gold)?;
    let records = eval::Records::open(&args.records)?;
    let opts = eval::Options {
        errors: args.errors,
        half: match args.half {
            EvalHalf::Dev => Some(eval::Half::Dev),
            EvalHalf::Check => Some(eval::Half::Check),
            EvalHalf::All => None,
        },
        show_check_half_errors: args.show_check_half_errors,
    };
    let report = eval::evaluate(&gold, &records, &opts);
    let text = match args.format {
        EvalFormat::Table => report.table(),
        EvalFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report.to_json())?),
    };
    print_stdout(&text)
}

/// Writes to standard output. A reader that closes the pipe early
/// (`litextract eval … | head`) has all it wants: that is a normal end,
/// exit 0 without a message, as ripgrep does.
fn print_stdout(text: &str) -> Result<u8> {
    write_stdout(text.as_bytes()).map(|_| 0)
}

/// Writes `bytes` to standard output; false when its reader closed the
/// pipe (a normal end for the caller, with nothing more to say).
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<bool> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context("writing to standard output"),
    }
}

pub fn main() -> ExitCode {
    // `extract --help` says which sharding this environment gives.
    let command = Cli::command().mut_subcommand("extract", |c| {
        c.after_help(format!(
            "{}

{EXIT_CODES}",
            shard::help_now()
        ))
    });
    let cli = match command
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("litextract: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Schema => {
            let schema = litextract::record_schema();
            print_stdout(&format!("{}\n", serde_json::to_string_pretty(&schema)?))
        }
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval(args),
        Command::Review(args) => review::review(args),
        Command::Export(args) => review::export(args),
        Command::Manifest(args) => shard::manifest(args),
        Command::Licenses => print_stdout(&licenses_text()),
        Command::PdfWorker => {
            let code = litextract::ingest::worker::serve(
                &mut io::stdin().lock(),
                &mut io::stdout().lock(),
            );
            Ok(code)
        }
    }
}

fn extract(args: ExtractArgs) -> Result<u8> {
    let mut opts = Options::new(args.inputs.clone(), args.out.clone());
    opts.shard = shard::resolve(args.shard, args.shards)?;
    if let Some(list) = &args.files_from {
        opts.listed = Some(Listed {
            paths: shard::read_list(list)?,
            root: args.root.clone(),
            from: list.display().to_string(),
        });
    }
    opts.jobs = args.jobs;
    // MB are 10^6 bytes, as `human_bytes` prints them, so the limit a
    // librarian sets is the limit the record quotes.
    opts.max_bytes = args.max_size_mb.saturating_mul(1_000_000);
    opts.force = args.force;
    // PDFs are read by a pool of worker processes of this same binary, so
    // a crash, a hang or a runaway allocation costs one record, not the
    // run. Without a path to ourselves, PDFs are read in-process (no time
    // limit). LITEXTRACT_NO_PDFIUM=1 reads them without pdfium.
    opts.pdf.worker = std::env::current_exe().ok();
    if std::env::var_os("LITEXTRACT_NO_PDFIUM").is_some_and(|v| !v.is_empty()) {
        opts.pdf.pdfium = false;
    }
    opts.pdf.timeout = Duration::from_secs(args.timeout);
    opts.pdf.max_memory_mb = args.max_memory_mb;
    opts.mode = match args.format {
        Format::Files => Mode::Files,
        Format::Jsonl => Mode::Jsonl,
    };
    if args.timings {
        litextract::timings::enable();
    }
    let show_bar = !args.quiet && io::stderr().is_terminal();
    if let Some(s) = &opts.shard {
        eprintln!("litextract: reading {s}");
    }
    let progress = Progress::new(show_bar);
    let mut stdout = io::BufWriter::new(io::stdout());
    let sink: Option<&mut (dyn Write + Send)> = match opts.mode {
        Mode::Jsonl => Some(&mut stdout),
        Mode::Files => None,
    };
    let result = pipeline::run(&opts, &progress, sink);
    // The PDF workers end with the run (and are counted as its children).
    litextract::ingest::worker::close_pools();
    let report = match result {
        Ok(r) => r,
        // `extract --format jsonl | head`: the reader has all it wants.
        Err(e) if e.is_broken_pipe() => {
            progress.bar.finish_and_clear();
            return Ok(0);
        }
        Err(e) => {
            return Err(e).with_context(|| match opts.mode {
                Mode::Files => format!("extracting into {}", opts.out.display()),
                Mode::Jsonl => "extracting to standard output".to_string(),
            })
        }
    };
    progress.bar.finish_and_clear();
    eprintln!("{}", summary_line(&report));
    shard::say_merged(&report, &opts.out);
    if args.timings {
        eprintln!("{}", litextract::timings::table());
    }
    Ok(report.exit_code())
}

/// The line that ends a run: counts, what else happened, findings, time.
fn summary_line(report: &pipeline::Report) -> String {
    let c = &report.counts;
    let findings = litextract::Field::ALL
        .iter()
        .map(|f| format!("{} {}", f, c.findings.get(f.as_str()).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut extra = String::new();
    if c.removed > 0 {
        extra.push_str(&format!(", {} removed (input gone)", c.removed));
    }
    if !report.problems.is_empty() {
        extra.push_str(&format!(", {} unreadable paths", report.problems.len()));
    }
    if c.empty > 0 {
        extra.push_str(&format!(", {} without text", c.empty));
    }
    if c.stopped > 0 {
        extra.push_str(&format!(
            ", {} files read only in part (see manifest.json)",
            c.stopped
        ));
    }
    if c.removed_articles > 0 {
        extra.push_str(&format!(
            ", {} records of articles no longer in their file removed",
            c.removed_articles
        ));
    }
    let who = match &report.shard {
        Some(s) => format!("shard {}/{}: ", s.index, s.count),
        None => String::new(),
    };
    format!(
        "litextract: {who}{} documents: {} ok, {} failed, {} skipped, {} unchanged{extra}; findings: {findings}; {:.1} s",
        c.documents, c.ok, c.failed, c.skipped, c.unchanged, report.seconds
    )
}

/// Progress on a terminal; plain lines for failures everywhere.
struct Progress {
    bar: ProgressBar,
}

impl Progress {
    fn new(visible: bool) -> Progress {
        let bar = if visible {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} docs  {rate}  ETA {eta}",
                )
                .expect("progress template")
                .with_key(
                    "rate",
                    |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.1} docs/s", s.per_sec());
                    },
                ),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b
        } else {
            ProgressBar::hidden()
        };
        Progress { bar }
    }

    fn line(&self, s: String) {
        if self.bar.is_hidden() {
            eprintln!("{s}");
        } else {
            self.bar.println(s);
        }
    }
}

impl Reporter for Progress {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    fn event(&self, event: &Event) {
        match event {
            Event::Failed {
                path,
                record: None,
                error,
            } => self.line(format!("failed: {path}: {error}")),
            Event::Failed {
                path,
                record: Some(r),
                error,
            } => self.line(format!("failed: {path}#{}: {error}", r.key)),
            Event::Problem { path, error } => self.line(format!("unreadable: {path}: {error}")),
            Event::Removed { path, key: None } => {
                self.line(format!("removed: {path} (input gone)"))
            }
            Event::Removed { path, key: Some(k) } => {
                self.line(format!("removed: {path}#{k} (no longer in its file)"))
            }
            Event::Stopped {
                path,
                error,
                articles,
            } => self.line(format!(
                "stopped: {path}: {error} (the {articles} articles before it have records)"
            )),
            _ => {}
        }
        // The bar counts records: one per one-document file, one per
        // article of a file that holds many.
        let (done, more) = event.progress();
        if more != 0 {
            let len = self.bar.length().unwrap_or(0) as i64;
            self.bar.set_length((len + more).max(0) as u64);
        }
        self.bar.inc(done);
    }
}

/// `litextract licenses`: ours, then the embedded pdfium's notices.
fn licenses_text() -> String {
    let mut out = format!(
        "litextract {}: {} (see the project's Cargo.toml).\n",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_LICENSE")
    );
    match litextract::ingest::pdfium::licenses() {
        Some(text) => {
            out.push_str(
                "\nThis binary carries pdfium (https://pdfium.googlesource.com/pdfium/), \
                 as built by the pypdfium2 project, under these licences:\n\n",
            );
            out.push_str(text);
        }
        None => out.push_str("This binary was built without pdfium.\n"),
    }
    out
}
