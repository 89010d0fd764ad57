//! `litextract review` and `litextract export`: arguments in, the library's
//! review server or export out.

use anyhow::{bail, Context, Result};
use litextract::export::{self, Format, What};
use litextract::review::{Review, Server};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// The output folder of `extract` (its records are reviewed; decisions
    /// go to DIR/.review/decisions.jsonl).
    #[arg(short, long, default_value = "extracted", value_name = "DIR")]
    out: PathBuf,
    /// Your name as a reviewer, recorded with every decision (default: the
    /// login name). Each reviewer of a dual extraction uses their own.
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportWhat {
    /// One row per document: identifiers, total N, arms, EDSS, review status.
    Documents,
    /// One row per value with its evidence and decision.
    Values,
    /// Agreement between two reviewers per field (percent, Cohen's kappa).
    Agreement,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The output folder of `extract` (records plus the review journal).
    #[arg(short, long, default_value = "extracted", value_name = "DIR")]
    out: PathBuf,
    #[arg(long, value_enum)]
    format: ExportFormat,
    #[arg(long, value_enum, default_value = "documents")]
    what: ExportWhat,
    /// Write here (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The two reviewers to compare, `A,B` (default: the first two by name).
    #[arg(long, value_name = "A,B")]
    reviewers: Option<String>,
    /// Start the CSV with a byte-order mark, so Excel reads it as UTF-8
    /// (R's read.csv and Python read a file without one better).
    #[arg(long)]
    bom: bool,
}

fn default_reviewer() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "reviewer".into())
}

pub fn review(args: ReviewArgs) -> Result<u8> {
    let reviewer = args.reviewer.unwrap_or_else(default_reviewer);
    let server = Server::bind(&args.out, &reviewer, args.port)?;
    let r = &server.review;
    for w in r.warnings.iter().chain(&r.corpus.warnings) {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "litextract review: {} documents in {}, reviewer {reviewer}; decisions go to {}",
        r.corpus.docs.len(),
        args.out.display(),
        r.journal.path().display()
    );
    eprintln!("open this address in a browser on this computer (Ctrl-C stops the server; every decision is already saved):");
    println!("{}", server.url());
    std::io::stdout().flush()?;
    server.run();
    Ok(0)
}

pub fn export(args: ExportArgs) -> Result<u8> {
    let mut review =
        Review::open(&args.out).with_context(|| format!("reading {}", args.out.display()))?;
    if review.corpus.is_empty() {
        bail!(
            "{} holds no records; run `litextract extract --out {}` first",
            args.out.display(),
            args.out.display()
        );
    }
    for w in review.warnings.iter().chain(&review.corpus.warnings) {
        eprintln!("warning: {w}");
    }
    let pair = match &args.reviewers {
        Some(s) => match s.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Some((a.trim().to_string(), b.trim().to_string()))
            }
            _ => bail!("--reviewers wants two names: A,B"),
        },
        None => None,
    };
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
    };
    let what = match args.what {
        ExportWhat::Documents => What::Documents,
        ExportWhat::Values => What::Values,
        ExportWhat::Agreement => What::Agreement,
    };
    let table = export::table(&mut review, what, pair.clone());
    let mut bytes = Vec::new();
    if args.bom && format == Format::Csv {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    table.write(format, &mut bytes)?;
    match &args.output {
        Some(p) => litextract::output::atomic_write(p, &bytes)
            .with_context(|| format!("writing {}", p.display()))?,
        // `export | head`: the reader has all it wants.
        None => {
            if !super::write_stdout(&bytes)? {
                return Ok(0);
            }
        }
    }
    // Agreement goes to stderr with every export, so the kappa is seen.
    if what != What::Agreement {
        if let Some((a, b)) = pair.or_else(|| export::default_pair(&review)) {
            let t = export::table(&mut review, What::Agreement, Some((a.clone(), b.clone())));
            eprintln!(
                "agreement between {a} and {b} (values both judged; kappa on accept/reject):"
            );
            for r in &t.rows {
                let cell = |c: &export::Cell| match c {
                    export::Cell::Num(x) => format!("{x}"),
                    export::Cell::Text(s) => s.clone(),
                    export::Cell::Empty => "n/a".into(),
                };
                eprintln!(
                    "  {:<12} n {:>4}  agree {:>4}  {:>6}%  kappa {}",
                    cell(&r[2]),
                    cell(&r[3]),
                    cell(&r[4]),
                    cell(&r[5]),
                    cell(&r[6])
                );
            }
        }
    }
    eprintln!("litextract export: {} rows", table.rows.len());
    Ok(0)
}
