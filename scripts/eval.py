#!/usr/bin/env python3
"""`make eval`: extract every shared set that has a gold file, and the
project's own blind sets under bench/ (their documents drawn from the shared
full texts), score each with `litextract eval`, print the tables (metric x
set, each half, per-rule precision, files of many articles) and write them
to docs/eval.md with the commit and date they were measured at.

    python3 scripts/eval.py [--shared ../shared] [--bin target/release/litextract]
                            [--out bench/out/eval] [--doc docs/eval.md]

Python 3.11, standard library only. The metrics are defined in the module
docs of src/eval/ (mod.rs, rules.rs, articles.rs); this script only runs the
binary and lays out its JSON. It never prints an error list: the check half
of each set is kept unread (see "Two halves" in the page it writes).
"""

import argparse
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (row label, metric, what to show): "prf" = precision / recall / F1.
ROWS = [
    ("DOI, own (`doi_self`)", "doi_self", "prf"),
    ("DOI, all (`doi_all`)", "doi_all", "prf"),
    ("registry ID, own (`registry_id`)", "registry_id", "prf"),
    ("registry ID, cited (`registry_id_cited`)", "registry_id_cited", "prf"),
    ("p-value (`p_value`)", "p_value", "prf"),
    ("sample size total, top-1 accuracy", "sample_size_total", "accuracy"),
    ("sample size total (`sample_size_total`)", "sample_size_total", "prf"),
    ("sample size, any-match recall", "sample_size_any", "recall"),
    ("sample size, arm recall", "sample_size_arms", "recall"),
    ("sample size, summary arms exact (documents)", "sample_size_summary_arms", "accuracy"),
    ("sample size, summary arms (`sample_size_summary_arms`)", "sample_size_summary_arms", "prf"),
    ("sample sizes reported, precision", "sample_size_reported", "precision"),
    ("EDSS (`edss`)", "edss", "prf"),
    ("EDSS range", "edss_range", "prf"),
    ("EDSS mean", "edss_mean", "prf"),
    ("EDSS median", "edss_median", "prf"),
    ("EDSS threshold", "edss_threshold", "prf"),
    ("EDSS value", "edss_value", "prf"),
    ("EDSS change", "edss_change", "prf"),
]

HALVES_DOC = """Every set is split in two halves, once and for all, by the rule in
`src/eval/gold.rs` (`half_of`): a gold line with a `pmid` goes by the
PMID's parity (odd: the **check** half, even: the **dev** half); a line
without one (the seeds, the files of `bibformats`) by the SHA-256 of its
`doc` string, check when the digest's first byte is odd
(`hashlib.sha256(doc.encode()).digest()[0] % 2` in Python). Read the
errors of the dev half only (`litextract eval --errors` shows nothing
else); the check half's figures say how the rules do on text nobody
tuned them on. A rule is worth keeping when the check column improves too."""


def num(x):
    return "–" if x is None else f"{x:.3f}"


def cell(fields, metric, show):
    m = fields.get(metric)
    if not m or m["docs"] == 0:
        return "—"
    if show == "prf":
        return f"{num(m['precision'])} / {num(m['recall'])} / {num(m['f1'])}"
    # The count the ratio divides by, so a reader sees how much it rests on.
    base = {
        "accuracy": m["docs"],
        "recall": m["tp"] + (m.get("fn") or 0),
        "precision": m["tp"] + (m.get("fp") or 0),
    }[show]
    return f"{num(m.get(show))} (n={base})"


def headline(fields, metric, show):
    """One number per half: the ratio the row shows (F1 for P/R/F1 rows)."""
    m = fields.get(metric)
    if not m or m["docs"] == 0:
        return None
    return m.get("f1" if show == "prf" else show)


def git(*args):
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def md(cells):
    return "| " + " | ".join(cells) + " |"


def md_table(head, rows):
    return "\n".join([md(head), md(["---"] * len(head)), *(md(r) for r in rows)])


def run_set(args, s, gold=None, name=None):
    """Extracts one folder of documents and scores it against its gold
    (`s/gold.jsonl` unless given); returns (report, seconds) or None."""
    name = name or s.name
    gold = gold or s / "gold.jsonl"
    out = Path(args.out) / name
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.monotonic()
    ext = subprocess.run(
        [args.bin, "extract", str(s), "--out", str(out), "--quiet", "--force"],
        capture_output=True,
        text=True,
    )
    secs = time.monotonic() - t0
    if ext.returncode not in (0, 1):
        sys.stderr.write(ext.stderr)
        print(f"make eval: extracting {name} failed (exit {ext.returncode})", file=sys.stderr)
        return None
    ev = subprocess.run(
        [args.bin, "eval", "--gold", str(gold), "--records", str(out), "--format", "json"],
        capture_output=True,
        text=True,
    )
    if ev.returncode != 0:
        sys.stderr.write(ev.stderr)
        print(f"make eval: scoring {name} failed (exit {ev.returncode})", file=sys.stderr)
        return None
    return json.loads(ev.stdout), secs


def gold_docs(gold):
    return [json.loads(line)["doc"] for line in gold.open(encoding="utf-8") if line.strip()]


def unpack(tar, members, dest):
    """Unpacks the named members of a shared tarball once (kept under --out)."""
    missing = [m for m in members if not (dest / m).is_file()]
    if missing:
        with tarfile.open(tar) as t:
            t.extractall(dest, members=[t.getmember(m) for m in missing], filter="data")


def bench_sets(args):
    """The project's own blind gold sets (`bench/<set>/gold*.jsonl`, see each
    README) over the shared full texts: yields (name, docs folder, gold).
    A document is a trialsieve abstract or a PMC text of the bench tarball;
    ms-edss is scored a second time on the same articles' JATS."""
    corpora = Path(args.shared) / "corpora"
    texts = Path(args.out) / "_shared_texts"
    text_tar, jats_tar = corpora / "bench/pmc-rct-text.tar.gz", corpora / "bench/pmc-rct-jats.tar.gz"
    for gold in sorted(ROOT.glob("bench/*/gold*.jsonl"), key=lambda g: (g.parent.name, g.stem != "gold", g.stem)):
        name = gold.parent.name + ("" if gold.stem == "gold" else "-" + gold.stem.removeprefix("gold-"))
        docs = gold_docs(gold)
        in_ts = all((corpora / "trialsieve" / d).is_file() for d in docs)
        if not in_ts:
            if not text_tar.is_file():
                print(f"make eval: {text_tar} is not here: bench set {name} skipped", file=sys.stderr)
                continue
            unpack(text_tar, [f"pmc-rct-text/{d}" for d in docs], texts)
        folder = Path(args.out) / "_docs" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for d in docs:
            src = corpora / "trialsieve" / d if in_ts else texts / "pmc-rct-text" / d
            (folder / d).symlink_to(src.resolve())
        yield name, folder, gold
        if name == "ms-edss" and jats_tar.is_file():
            nxml = [d.removesuffix(".txt") + ".nxml" for d in docs]
            unpack(jats_tar, [f"xml_files/{d}" for d in nxml], texts)
            folder = Path(args.out) / "_docs" / "ms-edss-jats"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for d in nxml:
                (folder / d).symlink_to((texts / "xml_files" / d).resolve())
            jgold = Path(args.out) / "_docs" / "ms-edss-jats.gold.jsonl"
            jgold.write_text(gold.read_text(encoding="utf-8").replace('.txt"', '.nxml"'), encoding="utf-8")
            yield "ms-edss-jats", folder, jgold


def doi_silver(args):
    """Own DOIs in all 4,470 bench texts, against a silver gold: the
    `article-id pub-id-type="doi"` of each article's JATS (read from the
    tarball). Yields (name, docs folder, gold) once, or nothing when the
    tarballs are absent. `pmid` is the PMC number, so the halves go by its
    parity like every other set. Texts whose JATS names no DOI are left out
    (their DOI, if any, is unknown)."""
    corpora = Path(args.shared) / "corpora"
    text_tar, jats_tar = corpora / "bench/pmc-rct-text.tar.gz", corpora / "bench/pmc-rct-jats.tar.gz"
    if not (text_tar.is_file() and jats_tar.is_file()):
        print("make eval: the bench tarballs are not here: the DOI silver set is skipped", file=sys.stderr)
        return
    base = Path(args.out) / "_silver"
    folder = base / "pmc-doi"
    lines = []
    with tarfile.open(jats_tar) as t:
        for m in t:
            if not (m.isfile() and m.name.endswith(".nxml")):
                continue
            head = t.extractfile(m).read(200_000).decode("utf-8", "replace")
            got = re.search(r'<article-id pub-id-type="doi">\s*([^<]+?)\s*</article-id>', head)
            if got:
                stem = Path(m.name).name.removesuffix(".nxml")
                lines.append({"doc": stem + ".txt", "pmid": stem.removeprefix("PMC"),
                              "doi": {"self": html.unescape(got.group(1)).lower()}})
    lines.sort(key=lambda g: g["doc"])
    texts = base / "texts"
    if len(list((texts / "pmc-rct-text").glob("*.txt"))) < len(lines):
        with tarfile.open(text_tar) as t:
            t.extractall(texts, filter="data")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    kept = []
    for g in lines:
        src = texts / "pmc-rct-text" / g["doc"]
        if src.is_file():
            (folder / g["doc"]).symlink_to(src.resolve())
            kept.append(g)
    gold = base / "pmc-doi.gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in kept), encoding="utf-8")
    yield "pmc-doi-silver", folder, gold


def field_table(results):
    """Metric x set, totals; the sets of single documents only."""
    docs = [(n, r, secs) for n, r, secs in results if r["documents"] > 0]
    if not docs:
        return "", ""
    head = ["metric"] + [f"{n} ({r['documents']} docs)" for n, r, _ in docs]
    rows = []
    for label, metric, show in ROWS:
        cells = [cell(r["fields"], metric, show) for _, r, _ in docs]
        if all(c == "—" for c in cells):
            continue
        rows.append([label] + cells)
    rows.append(
        ["exact offsets (findings)"]
        + [
            (f"{100 * r['offsets']['rate']:.2f}% of {r['offsets']['findings']}" if r["offsets"]["rate"] is not None else "no findings")
            for _, r, _ in docs
        ]
    )
    rows.append(["failed / missing records"] + [f"{r['failed']} / {r['missing'] + r['unreadable']}" for _, r, _ in docs])
    rows.append(
        ["`must_not` hits"]
        + [f"{r['must_not']['hits']} of {r['must_not']['checked']}" if r["must_not"]["checked"] else "—" for _, r, _ in docs]
    )
    rows.append(["extraction time"] + [f"{secs:.1f} s" for _, _, secs in docs])
    totals = md_table(head, rows)

    head = ["metric"] + [
        f"{n}: dev ({r['halves']['dev']['documents']}) / check ({r['halves']['check']['documents']})" for n, r, _ in docs
    ]
    rows = []
    for label, metric, show in ROWS:
        cells = []
        for _, r, _ in docs:
            dev = headline(r["halves"]["dev"]["fields"], metric, show)
            chk = headline(r["halves"]["check"]["fields"], metric, show)
            cells.append("—" if dev is None and chk is None else f"{num(dev)} / {num(chk)}")
        if all(c == "—" for c in cells):
            continue
        rows.append([f"{label}, F1" if show == "prf" else label] + cells)
    return totals, md_table(head, rows)


def rule_table(results):
    """Per-rule precision: (field, rule) x set, with each half."""
    docs = [(n, r) for n, r, _ in results if r.get("rules")]
    keys = sorted({(f, rule) for _, r in docs for f, rules in r["rules"].items() for rule in rules})
    if not keys:
        return ""
    head = ["field", "rule"] + [f"{n}: precision of n (dev / check)" for n, _ in docs]
    rows = []
    for f, rule in keys:
        cells = []
        for _, r in docs:
            m = r["rules"].get(f, {}).get(rule)
            if not m:
                cells.append("—")
                continue
            h = m["halves"]
            cells.append(
                f"{num(m['precision'])} of {m['findings']} "
                f"({num(h.get('dev', {}).get('precision'))} / {num(h.get('check', {}).get('precision'))})"
            )
        rows.append([f, f"`{rule}`"] + cells)
    return md_table(head, rows)


def article_table(results):
    """Files of many articles: the set, each half, each expected format."""
    sets = [(n, r["articles"]) for n, r, _ in results if r.get("articles")]
    if not sets:
        return ""
    head = [
        "set / part", "files", "files without records", "files of 2+ articles with one record",
        "articles", "with one record (recall)", "missed", "split", "records", "extra", "mixed",
        "precision", "PMID accuracy", "DOI accuracy", "registry IDs P / R / F1", "format agreement",
    ]
    rows = []

    def row(label, m):
        reg = m["registry"]
        rows.append([
            label, str(m["files"]), str(m["files_without_records"]), str(m["files_one_record"]),
            str(m["articles"]), f"{m['one_record']} ({num(m['recall'])})", str(m["missed"]), str(m["split"]),
            str(m["records"]), str(m["extra"]), str(m["mixed"]), num(m["precision"]),
            f"{num(m['pmid'].get('accuracy'))} (n={m['pmid']['docs']})",
            f"{num(m['doi'].get('accuracy'))} (n={m['doi']['docs']})",
            f"{num(reg.get('precision'))} / {num(reg.get('recall'))} / {num(reg.get('f1'))}",
            f"{m['format']['agree']} of {m['format']['records']}",
        ])

    for name, a in sets:
        row(f"**{name}**", a["total"])
        for h in ("dev", "check"):
            if h in a["halves"]:
                row(f"{name}, {h} half", a["halves"][h])
        for f, m in a["formats"].items():
            row(f"{name}, `{f}`", m)
    return md_table(head, rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--bin", default=str(ROOT / "target/release/litextract"))
    ap.add_argument("--out", default=str(ROOT / "bench/out/eval"))
    ap.add_argument("--doc", default=str(ROOT / "docs/eval.md"))
    args = ap.parse_args()

    corpora = Path(args.shared) / "corpora"
    if not corpora.is_dir():
        print(f"make eval: {corpora} is not here, so there is nothing to score (skipped).")
        return 0
    sets = sorted(p for p in corpora.iterdir() if (p / "gold.jsonl").is_file())
    # The hand-annotated seeds score every field: show them first.
    sets.sort(key=lambda p: (p.name != "seeds", p.name))
    if not sets:
        print(f"make eval: no set under {corpora} has a gold.jsonl (skipped).")
        return 0

    results = []
    for s in sets:
        got = run_set(args, s)
        if got is None:
            return 2
        report, secs = got
        results.append((s.name, report, secs))
        what = f"{report['documents']} documents" if report["documents"] else ""
        if report.get("articles"):
            a = report["articles"]["total"]
            what = f"{a['files']} files of many articles ({a['articles']} articles)"
        print(f"  {s.name}: {what} scored, extracted in {secs:.1f} s", file=sys.stderr)

    bench, silver = [], []
    for into, label, sets_of in ((bench, "bench/", bench_sets), (silver, "", doi_silver)):
        for name, folder, gold in sets_of(args):
            got = run_set(args, folder, gold, name)
            if got is None:
                return 2
            into.append((name, *got))
            print(f"  {label}{name}: {got[0]['documents']} documents scored, extracted in {got[1]:.1f} s", file=sys.stderr)

    totals, halves = field_table(results)
    silver_totals, silver_halves = field_table(silver)
    bench_totals, bench_halves = field_table(bench)
    rules = rule_table(results)
    articles = article_table(results)

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()

    for title, t in [
        ("totals", totals),
        ("halves (dev / check)", halves),
        ("bench sets, totals", bench_totals),
        ("bench sets, halves (dev / check)", bench_halves),
        ("own DOI, silver", silver_totals),
        ("own DOI, silver, halves (dev / check)", silver_halves),
        ("per-rule precision", rules),
        ("files of many articles", articles),
    ]:
        if t:
            print(f"\n{title}\n\n{t}")
    print()
    print(f"measured at commit {commit}, {date}")

    doc = f"""# Evaluation

`make eval` extracts every set under `../shared/corpora` that has a
`gold.jsonl` with the release binary, scores it with `litextract eval` and
writes this page. Measured at commit **{commit}** on {date} ({version}).

Cells are precision / recall / F1 unless the row says otherwise; `—` means
the set's gold does not annotate that field, `–` that the ratio is undefined
(nothing reported, or nothing to find). Counts are summed over documents
before dividing. Every metric is defined in the module docs of
[`src/eval/mod.rs`](../src/eval/mod.rs); `n` is the count the ratio divides by.

{totals}

## Two halves

{HALVES_DOC}

Each cell is dev / check: F1 for the P / R / F1 rows, else the row's ratio.

{halves}

## The project's blind sets on full texts (`bench/`)

Sets this project annotated itself, each written and committed before
litextract was run on its documents (each `bench/<set>/README.md` says how
they were drawn and what the gold means; the table's columns give how many
documents each holds): sample sizes in PMC RCT full texts drawn in rounds
(`fulltext-ss`, `fulltext-ss2`, …), sample sizes and EDSS in the 23
multiple-sclerosis trials among the full texts (`ms-ss`, `ms-edss`, and
`ms-edss-jats`: the same articles read from their JATS), texts where `edss`
appears only inside other words (`ms-edss-extra`: false positives only),
own and cited registry IDs in full texts (`registry-ft`,
`registry-ft-multi`, …: every `bench/<set>/gold-*.jsonl` is a set of its
own), and totals and arms in TrialSieve abstracts drawn in rounds
(`trialsieve-arms`, `trialsieve-arms2`, …). The texts come from
`../shared/corpora/bench/` and `../shared/corpora/trialsieve/`. `pmid` is a
position in the full-text sets and the PubMed ID in the `trialsieve-arms`
sets; either way the halves go by its parity. The first measurement of each
set, taken before any rule was fitted to it, is in its README: that is
the figure for papers nobody tuned on. The PDF renderings of the MS trials (`bench/ms-edss-pdf/`)
need chromium and are scored by their own script.

{bench_totals}

{bench_halves}

## Own DOIs in the 4,470 bench texts (silver)

Every PMC text of `../shared/corpora/bench/` whose JATS names the
article's DOI (`article-id pub-id-type="doi"`), scored for `doi_self`
against that DOI: a gold nobody annotated by hand, so it measures the own
DOI at scale on one layout (PMC's flattened front matter, where fields are
often glued together), not on PDF first pages. `pmid` is the PMC number.

{silver_totals}

{silver_halves}

## Per-rule precision

Of the findings each rule produced on documents whose gold scores its
field, the share that were right, in total and per half (definitions in
[`src/eval/rules.rs`](../src/eval/rules.rs)). For sample sizes, right means
the `n` is in a gold list of the study (for role `cited`, in the gold
`cited` list): no set annotates subgroups or outcome counts, so rules
that produce them read low by construction. A rule that reads low on
every set is a candidate for removal or repair.

{rules}

## Files of many articles

Articles are matched to records by PMID, else DOI, else position, and
scored as [`src/eval/articles.rs`](../src/eval/articles.rs) says. Recall:
articles with exactly one record; precision: records matched to an
article of their own, not mixed. Rows per expected format (the gold's
`format`).

{articles}

To see why, run one set with `--errors` (every miss and false positive of
the dev half, with its evidence):

```sh
make build
target/release/litextract extract ../shared/corpora/seeds --out bench/out/eval/seeds
target/release/litextract eval --gold ../shared/corpora/seeds/gold.jsonl \\
    --records bench/out/eval/seeds --errors
```

The sets: `seeds` (5 documents annotated for this project, all fields),
`pico-breast-cancer` (PICO-Corpus abstracts: totals and arms only),
`ebm-nlp-crowd` (EBM-NLP crowd labels: acceptable totals only),
`trialsieve` (TrialSieve RCT abstracts of many fields: sample-size spans as
acceptable totals, p-values where every one was labelled), `bibformats`
(files that hold many articles: PubMed XML, MEDLINE, RIS, BibTeX, WoS,
Ovid, JATS). See `../shared/corpora/SOURCES.md`.
"""
    Path(args.doc).parent.mkdir(parents=True, exist_ok=True)
    Path(args.doc).write_text(doc)
    print(f"written to {Path(args.doc).relative_to(ROOT) if Path(args.doc).is_relative_to(ROOT) else args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
