#!/usr/bin/env python3
"""`make bench`: litextract side by side with what else one could run, on
the shared benchmark corpora, then the extractor micro-benchmarks; prints
one table and writes docs/bench.md with the commit and the machine.

    python3 bench/run.py [--shared ../shared] [--bin target/release/litextract]
                         [--skip-micro] [--text-limit N]

Python 3.11, standard library only. Measured, per corpus, in one run:

* text: the 4,470 PMC full texts of `corpora/bench/pmc-rct-text.tar.gz`,
  unpacked to a temporary folder: litextract (release, all cores, fresh
  output folder, --quiet), bench/regex_pipeline.py (multiprocessing over
  all cores), and `rg` printing every candidate match (all cores), the
  near-limit reference for scanning text;
* JATS: the same 4,470 articles as PMC XML (`pmc-rct-jats.tar.gz`):
  litextract alone, its MB/s (of XML) beside the plain-text row's;
* PDF: `corpora/pdf-papers`: litextract, the Python pipeline (which calls
  pdftotext per file) and pdftotext alone over every PDF, in parallel, the
  reference for the PDF text stage;
* PubMed XML: a baseline-style `.xml.gz` of 30,000 articles written by
  `bench/pubmed_set.py` from the project's own fixtures (NLM's files hold
  ~30,000 each), through litextract (files mode, all cores): articles/s
  and peak memory; then one ten times as large (300,000 articles, about
  0.95 GB of XML), whose peak memory should be close to that of the
  small one (a file is streamed, a window of articles at a time, and its
  per-article state goes to disk; what stays is ~60-120 bytes a key);
* many small files: folders of 5,000 and 50,000 generated two-sentence
  text files: peak memory per input file (the run keeps each file's
  manifest entry until it ends);
* adversarial: every case of the generated corpus of degenerate text
  (`src/adversarial.rs`, 1 MB each: one pattern repeated) through
  litextract one file at a time, next to 1 MB of ordinary PMC text run the
  same way; the target (issue 17) is at least a tenth of the ordinary
  MB/s and under 200 MB peak memory for every case.

Wall time is taken around each command; peak memory is the "Maximum
resident set size" of `/usr/bin/time -v`, which for a command with child
processes is the largest single process (a Python pool's total is about
that times the number of workers; litextract is one process). The files are
read once before timing so every tool starts with a warm page cache.
"""

import argparse
import datetime as dt
import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPROC = os.cpu_count() or 1

# The candidates litextract looks for, as one rg scan: the floor for
# finding them in text, before any parsing, roles or JSON. Word boundaries
# and digits are ASCII ((?-u:\b), [0-9]), as someone tuning rg would write
# them: a Unicode \b makes the regex engine leave its DFA on the first
# non-ASCII byte, which costs this scan about 50x on PMC text (measured).
RG_PATTERNS = [
    r'(?-u:\b)10\.[0-9]{4,9}/[^\s"<>]+',
    r"(?-u:\b)(?:NCT[0-9]{8}|ISRCTN\s?[0-9]{8}|ACTRN[0-9]{14}|DRKS[0-9]{8}|ChiCTR[-A-Z]*[0-9]{6,}|IRCT[0-9]{6,}N[0-9]+|[0-9]{4}-[0-9]{6}-[0-9]{2})(?-u:\b)",
    r"(?-u:\b)[pP]\s*(?:-?\s*values?)?\s*(?:[<>=≤≥]=?)\s*[0-9]*[.·]?[0-9]+",
    r"(?-u:\b)[nN]\s*=\s*[0-9][0-9,]*",
    r"(?i)(?-u:\b)[0-9][0-9,]*\s+(?:[a-z-]+\s+){0,3}?(?:patients|participants|subjects|people|individuals|women|men|children|adults|volunteers)(?-u:\b)",
    r"(?-u:\b)EDSS(?-u:\b)|Expanded Disability Status Scale",
]


def say(msg):
    print(msg, file=sys.stderr, flush=True)


def ensure_tools():
    """ripgrep, pdftotext and GNU time: installed with apt-get when missing
    and running as root; otherwise the missing references are skipped."""
    need = {"rg": "ripgrep", "pdftotext": "poppler-utils"}
    missing = [pkg for tool, pkg in need.items() if not shutil.which(tool)]
    if not Path("/usr/bin/time").exists():
        missing.append("time")
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"make bench: installing {' '.join(missing)} with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, capture_output=True)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, capture_output=True)
    still = [pkg for tool, pkg in need.items() if not shutil.which(tool)]
    if not Path("/usr/bin/time").exists():
        still.append("time")
    if still:
        say(
            f"make bench: {' '.join(still)} not installed and cannot install them here "
            f"(run `sudo apt-get install -y {' '.join(still)}`); the rows that need them are skipped."
        )


def corpus_stats(folder, suffix=None):
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and (suffix is None or p.suffix.lower() == suffix)]
    return files, sum(p.stat().st_size for p in files)


def warm(files):
    for p in files:
        with open(p, "rb") as f:
            while f.read(1 << 20):
                pass


def measure(name, cmd, docs, nbytes, stdout=subprocess.DEVNULL, shell=False):
    """Runs cmd under /usr/bin/time -v; returns a result row."""
    timefile = tempfile.NamedTemporaryFile(prefix="time-", suffix=".txt", delete=False)
    timefile.close()
    wrapped = cmd
    have_time = Path("/usr/bin/time").exists()
    if have_time:
        wrapped = ["/usr/bin/time", "-v", "-o", timefile.name] + (["sh", "-c", cmd] if shell else cmd)
    elif shell:
        wrapped = ["sh", "-c", cmd]
    say(f"  running {name} …")
    t0 = time.monotonic()
    r = subprocess.run(wrapped, stdout=stdout, stderr=subprocess.PIPE, text=True)
    secs = time.monotonic() - t0
    rss = cpu = None
    if have_time:
        report = Path(timefile.name).read_text()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        rss = int(m.group(1)) / 1024 if m else None
        m = re.search(r"Percent of CPU this job got: (\d+)%", report)
        cpu = int(m.group(1)) if m else None
    os.unlink(timefile.name)
    note = ""
    if r.returncode not in (0, 1):
        note = f"exit {r.returncode}: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ''}"
        say(f"    {name}: {note}")
    lines = r.stderr.strip().splitlines()
    # The summary line, not the `--timings` table printed after it.
    said = [l for l in lines if l.startswith("litextract: ") and " documents: " in l]
    tail = said[-1] if said else (lines[-1] if lines else "")
    return {
        "name": name,
        "secs": secs,
        "mbs": nbytes / 1e6 / secs,
        "docs": docs / secs,
        "rss": rss,
        "cpu": cpu,
        "note": note,
        "stderr_tail": tail,
        "stages": stage_table(lines),
    }


def stage_table(lines):
    """The rows of `litextract extract --timings`' table: (stage, seconds, share)."""
    rows = []
    for line in lines:
        m = re.match(r"\s+(.+?)\s+([0-9.]+) s\s+([0-9.]+)%$", line)
        if m:
            rows.append((m.group(1), float(m.group(2)), float(m.group(3))))
    return rows


def stage_lines(row):
    """Markdown for where one litextract run's time went, from --timings."""
    stages = row.get("stages") or []
    if not stages:
        return []
    total = sum(s for _, s, _ in stages)
    out = [
        "",
        f"Where litextract's time went (`--timings` of this run: each stage's time summed over the worker threads, {total:.1f} s in all):",
        "",
        "| stage | s | share |",
        "| --- | --- | --- |",
    ]
    out += [f"| {name} | {s:.2f} | {share:.1f}% |" for name, s, share in stages]
    return out


def rss_cpu(r):
    """A measured row's peak-RSS and CPU cells, `–` where /usr/bin/time gave none."""
    rss = "–" if r["rss"] is None else f"{r['rss']:.0f}"
    cpu = "–" if r.get("cpu") is None else f"{r['cpu']}%"
    return rss, cpu


def fmt_row(r):
    return [r["name"], f"{r['secs']:.1f}", f"{r['mbs']:.2f}", f"{r['docs']:.1f}", *rss_cpu(r)]


def md(cells):
    return "| " + " | ".join(cells) + " |"


def table(rows):
    head = ["tool", "wall s", "MB/s", "docs/s", "peak RSS MB", "CPU"]
    return "\n".join([md(head), md(["---"] * len(head)), *(md(fmt_row(r)) for r in rows)])


def ratio_lines(rows, corpus):
    by = {r["name"].split(" ")[0]: r for r in rows}
    lit = by.get("litextract")
    if not lit:
        return []
    out = []
    py = by.get("python")
    if py:
        x = py["secs"] / lit["secs"]
        goal = " (target ≥ 20×)" if corpus == "text" else ""
        out.append(f"- litextract throughput is **{x:.1f}×** the Python pipeline's{goal}")
    rg = by.get("rg")
    if rg:
        x = lit["secs"] / rg["secs"]
        out.append(f"- litextract takes **{x:.1f}×** the time of the ripgrep scan (target ≤ 3×)")
    pt = by.get("pdftotext")
    if pt:
        x = lit["secs"] / pt["secs"]
        out.append(f"- litextract takes **{x:.1f}×** the time of pdftotext alone")
    if lit["rss"] is not None:
        out.append(f"- litextract peak memory **{lit['rss']:.0f} MB** (target < 200 MB)")
    return out


def git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()
        err = subprocess.run(cmd, capture_output=True, text=True).stderr.strip().splitlines()
        return (out or err or ["?"])[0]
    except OSError:
        return "not installed"


def machine():
    cpu = "unknown"
    mem = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{NPROC} cores ({cpu}), {mem} RAM, {platform.system()} {platform.release()}; load average at start {load}"


def micro_benches(text=None):
    what = f" on {text.name}" if text else ""
    say(f"  running the extractor micro-benchmarks (cargo bench --bench extractors){what} …")
    env = dict(os.environ)
    if text:
        env["LITEXTRACT_BENCH_TEXT"] = str(text)
    r = subprocess.run(
        ["cargo", "bench", "--locked", "--bench", "extractors", "--", "--sample-count", "20", "--min-time", "0.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if r.returncode != 0:
        return f"(micro-benchmarks failed: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else r.returncode})"
    return r.stdout.strip()


UNITS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}


def where_time_goes(micro):
    """One line from divan's table: each stage's median in ms per MB and
    its share of normalize + all extractors."""
    med = {}
    for line in micro.splitlines():
        m = re.search(
            r"(normalize|all_extractors|doi|edss|p_value|registry_id|sample_size)\s+"
            r"[\d.]+ \S+\s+│\s+[\d.]+ \S+\s+│\s+([\d.]+) (ns|µs|us|ms|s)\b",
            line,
        )
        if m:
            med[m.group(1)] = float(m.group(2)) * UNITS[m.group(3)]
    total = med.get("normalize", 0) + med.get("all_extractors", 0)
    if not total:
        return ""
    parts = sorted(
        ((k, v) for k, v in med.items() if k != "all_extractors"), key=lambda kv: -kv[1]
    )
    shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in parts)
    return (
        f"Where the time goes: on one core, normalizing this text and running all extractors "
        f"takes {total:.0f} ms (medians); each stage's share of that (measured alone, so the "
        f"shares add up to about 100%): {shares}."
    )


ADVERSARIAL_SIZE = 1_000_000


def adversarial_bench(bin_path, work, size=ADVERSARIAL_SIZE):
    """Each generated adversarial case (1 MB) through litextract, one file
    per run, next to 1 MB of ordinary PMC text run the same way. Returns a
    markdown section."""
    say("make bench: generating the adversarial corpus (cargo run --example adversarial)")
    adv = work / "adversarial"
    r = subprocess.run(
        ["cargo", "run", "--release", "--locked", "--quiet", "--example", "adversarial", "--", str(adv), str(size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        say(f"make bench: the adversarial corpus could not be generated: {r.stderr.strip()}")
        return ""
    ordinary = work / "ordinary"
    ordinary.mkdir()
    sample = work / "pmc-sample.txt"
    if sample.is_file():
        data = sample.read_bytes()[:size]
        what = f"{size / 1e6:g} MB of PMC full texts (the text bench's articles, concatenated)"
    else:
        demo = b"\n\n".join(p.read_bytes() for p in sorted((ROOT / "corpus").glob("*.txt")))
        data = (demo * (size // max(len(demo), 1) + 1))[:size]
        what = f"the demo corpus's texts repeated to {size / 1e6:g} MB"
    (ordinary / "ordinary_text.txt").write_bytes(data)
    cases = [ordinary / "ordinary_text.txt"] + sorted(adv.glob("*.txt"))
    warm(cases)
    rows = []
    for path in cases:
        out = work / "out-adv"
        shutil.rmtree(out, ignore_errors=True)
        row = measure(path.stem, [bin_path, "extract", str(path), "--out", str(out), "--quiet"], 1, path.stat().st_size)
        rec = out / f"{path.name}.json"
        row["record"] = rec.is_file()
        row["warnings"] = ""
        if rec.is_file():
            import json

            warnings = json.loads(rec.read_text()).get("warnings", [])
            row["warnings"] = "; ".join(w.split(":")[0] for w in warnings)
        rows.append(row)
    base = rows[0]["mbs"]
    lines = [
        f"### Adversarial text: {len(rows) - 1} generated cases of {size / 1e6:g} MB\n",
        f"Each case is one pattern of `src/adversarial.rs` repeated to {size / 1e6:g} MB, run alone",
        f"(`litextract extract FILE`); the first row is {what}, run the same",
        "way. Target (issue 17): every case at least a tenth of the ordinary MB/s and",
        "under 200 MB peak memory.\n",
        "| case | wall s | MB/s | vs ordinary | peak RSS MB | record | warnings | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    missed = 0
    for r in rows:
        ok = r["record"] and r["mbs"] >= base / 10 and (r["rss"] or 0) < 200
        missed += 0 if ok else 1
        rss, _ = rss_cpu(r)
        lines.append(
            f"| {r['name']} | {r['secs']:.2f} | {r['mbs']:.2f} | {r['mbs'] / base:.2f} | {rss} | "
            f"{'yes' if r['record'] else '**no**'} | {r['warnings'] or '–'} | {'met' if ok else '**missed**'} |"
        )
    lines.append("")
    lines.append(f"- {len(rows) - missed} of {len(rows)} rows meet the target; slowest case: "
                 f"{min(rows[1:], key=lambda r: r['mbs'])['name']} ({min(r['mbs'] for r in rows[1:]):.2f} MB/s); "
                 f"largest peak memory: {max(r['rss'] or 0 for r in rows):.0f} MB")
    lines.append("")
    return "\n".join(lines)


def pubmed_bench(bin_path, work, sizes):
    """PubMed XML files of `sizes` articles (bench/pubmed_set.py) through
    litextract; returns a markdown section."""
    rows = []
    for n in sizes:
        path = work / f"pubmed-{n}.xml.gz"
        say(f"make bench: writing a PubMed XML file of {n:,} articles (bench/pubmed_set.py)")
        r = subprocess.run([sys.executable, str(ROOT / "bench/pubmed_set.py"), str(path), "-n", str(n)], capture_output=True, text=True)
        if r.returncode != 0:
            say(f"make bench: bench/pubmed_set.py failed: {r.stderr.strip()}")
            continue
        with gzip.open(path, "rb") as f:
            xml_bytes = sum(len(b) for b in iter(lambda: f.read(1 << 20), b""))
        warm([path])
        # A folder per size, removed with the work folder: a run right
        # after the deletion of the last one's records creates its own
        # several times slower (ext4).
        out = work / f"out-pubmed-{n}"
        row = measure(f"litextract, {n:,} articles", [bin_path, "extract", str(path), "--out", str(out), "--quiet"], n, xml_bytes)
        row["gz"] = path.stat().st_size
        row["xml"] = xml_bytes
        row["records"] = sum(1 for p in (out / path.name).glob("*.json") if not p.name.startswith("."))
        rows.append(row)
        path.unlink()
    if not rows:
        return ""
    lines = [
        "### PubMed XML: baseline-style `.xml.gz` files (bench/pubmed_set.py)\n",
        "One file per row, written from `tests/fixtures/pubmed_xml/efetch_rct.xml` (its two",
        "articles cycled with their own PMIDs and DOIs); `litextract extract FILE --out DIR`,",
        "all cores. MB/s are of the uncompressed XML; the generated files compress far better",
        "than NLM's (their articles repeat), so the `.gz` size is no guide to a real file's.\n",
        "| file | articles | records | XML MB | .gz MB | wall s | articles/s | XML MB/s | peak RSS MB | CPU |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        rss, cpu = rss_cpu(r)
        lines.append(
            f"| {r['name'].split(', ')[1]} | {int(r['docs'] * r['secs']):,} | {r['records']:,} | {r['xml'] / 1e6:.0f} | "
            f"{r['gz'] / 1e6:.1f} | {r['secs']:.1f} | {r['docs']:.0f} | {r['mbs']:.2f} | {rss} | {cpu} |"
        )
    if len(rows) > 1 and all(r["rss"] for r in rows):
        a, b = rows[0], rows[-1]
        na, nb = round(a["docs"] * a["secs"]), round(b["docs"] * b["secs"])
        per = (b["rss"] - a["rss"]) * 1e3 / max(nb - na, 1)
        lines.append("")
        lines.append(
            f"- peak memory {a['rss']:.0f} MB for {na:,} articles ({a['xml'] / 1e6:.0f} MB of XML), "
            f"{b['rss']:.0f} MB for {nb:,} ({b['xml'] / 1e6:.0f} MB): {per:.1f} KB more per article of the file. "
            "The text is held a window of articles at a time and the per-article reuse state is streamed "
            "to disk; what grows is the repeated-key check's index of the file's keys (a 128-bit hash and "
            "a few numbers, 56 bytes a key, in a hash table that doubles as it fills)"
        )
    lines.append("")
    return "\n".join(lines)


def many_files_bench(bin_path, work, sizes):
    """Folders of `sizes` small text files (a few generated sentences each)
    through litextract: what a run costs per input file, which the run
    keeps (its manifest entry) until it ends; returns a markdown section."""
    rows = []
    for n in sizes:
        src = work / f"files-{n}"
        say(f"make bench: writing {n:,} small text files")
        for i in range(n):
            d = src / f"d{i % 100:02d}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"paper-{i:06d}.txt").write_text(
                f"A total of {20 + i % 500} patients were randomized (P = 0.0{1 + i % 9}). "
                f"Trial registration: NCT{i:08d}. doi:10.1000/bench.{i}\n"
            )
        files = sorted(p for p in src.rglob("*.txt"))
        warm(files)
        nbytes = sum(p.stat().st_size for p in files)
        out = work / f"out-files-{n}"
        row = measure(f"litextract, {n:,} files", [bin_path, "extract", str(src), "--out", str(out), "--quiet"], n, nbytes)
        row["n"] = n
        rows.append(row)
        shutil.rmtree(src, ignore_errors=True)
    if not rows:
        return ""
    lines = [
        "### Many small files: what a run holds per input file\n",
        "One folder per row of generated two-sentence text files; `litextract extract DIR --out OUT`, all cores.",
        "A run keeps each input's manifest entry until it ends (to write the manifest and its checkpoints).\n",
        "| files | wall s | files/s | peak RSS MB | CPU |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        rss, cpu = rss_cpu(r)
        lines.append(f"| {r['n']:,} | {r['secs']:.1f} | {r['docs']:.0f} | {rss} | {cpu} |")
    if len(rows) > 1 and all(r["rss"] for r in rows):
        a, b = rows[0], rows[-1]
        per = (b["rss"] - a["rss"]) * 1e3 / max(b["n"] - a["n"], 1)
        lines.append("")
        lines.append(
            f"- peak memory {a['rss']:.0f} MB for {a['n']:,} files, {b['rss']:.0f} MB for {b['n']:,}: "
            f"{per:.1f} KB more per input file"
        )
    lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--bin", default=str(ROOT / "target/release/litextract"))
    ap.add_argument("--doc", default=str(ROOT / "docs/bench.md"))
    ap.add_argument("--skip-micro", action="store_true", help="leave out cargo bench")
    ap.add_argument("--text-limit", type=int, default=0, help="use only the first N text files (quick trial; the doc is not written)")
    ap.add_argument("--adversarial-size", type=int, default=ADVERSARIAL_SIZE, help="bytes per adversarial case (default 1 MB)")
    ap.add_argument(
        "--pubmed-articles",
        default="30000,300000",
        help="comma-separated article counts of the generated PubMed XML files (default 30000,300000)",
    )
    ap.add_argument(
        "--many-files",
        default="5000,50000",
        help="comma-separated counts of the generated small text files (default 5000,50000)",
    )
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated subset of text,jats,pdf,pubmed,files,adversarial,micro (quick trial; the doc is not written)",
    )
    args = ap.parse_args()

    corpora = Path(args.shared) / "corpora"
    tarball = corpora / "bench/pmc-rct-text.tar.gz"
    pdfs = corpora / "pdf-papers"
    if not corpora.is_dir():
        print(f"make bench: {corpora} is not here, so there is nothing to measure (skipped).")
        return 0
    ensure_tools()
    machine_line = machine()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    lit_version = version([args.bin, "--version"])

    only = {x.strip() for x in args.only.split(",") if x.strip()}
    def want(part):
        return not only or part in only

    work = Path(tempfile.mkdtemp(prefix="litextract-bench-"))
    sections = []
    adversarial = pubmed = many_files = ""
    try:
        if tarball.is_file() and (want("text") or want("micro") or want("adversarial")):
            say(f"make bench: unpacking {tarball.name} into {work}")
            with tarfile.open(tarball) as t:
                t.extractall(work / "text", filter="data")
            text_root = work / "text"
            if args.text_limit:
                keep = set(sorted(p for p in text_root.rglob("*") if p.is_file())[: args.text_limit])
                for p in list(text_root.rglob("*")):
                    if p.is_file() and p not in keep:
                        p.unlink()
            files, nbytes = corpus_stats(text_root)
            warm(files)
            # About 1 MB of real articles for the micro-benchmarks, which
            # otherwise measure the demo corpus.
            sample = work / "pmc-sample.txt"
            with open(sample, "wb") as out:
                for p in files:
                    out.write(p.read_bytes() + b"\n\n")
                    if out.tell() >= 1 << 20:
                        break
            rows = [] if not want("text") else [
                measure(
                    "litextract",
                    [args.bin, "extract", str(text_root), "--out", str(work / "out-lit-text"), "--quiet", "--timings"],
                    len(files),
                    nbytes,
                ),
                measure(
                    f"python regex pipeline ({NPROC} processes)",
                    [sys.executable, str(ROOT / "bench/regex_pipeline.py"), str(text_root), "--out", str(work / "out-py-text"), "-j", str(NPROC)],
                    len(files),
                    nbytes,
                ),
            ]
            if shutil.which("rg") and want("text"):
                with open(work / "rg-matches.txt", "w") as sink:
                    rg = ["rg", "-o", "-n", "--no-heading", "-j", str(NPROC)]
                    for p in RG_PATTERNS:
                        rg += ["-e", p]
                    # Output goes to a real file: rg stops at the first match
                    # when it sees /dev/null.
                    rows.append(measure("rg (candidate patterns)", rg + [str(text_root)], len(files), nbytes, stdout=sink))
            if rows:
                sections.append(("text", f"{len(files):,} files, {nbytes / 1e6:.1f} MB (pmc-rct-text)", rows))
            # The output folders stay until the end (the work folder is
            # removed whole): thousands of files deleted just before a run
            # make ext4 slower to create that run's files (the JATS run's
            # `write record` measured 2.6 s after no deletion, 13.6 s right
            # after deleting the text run's 4,470 records).
        elif not tarball.is_file():
            say(f"make bench: {tarball} is missing; text bench skipped")

        jats_tarball = corpora / "bench/pmc-rct-jats.tar.gz"
        if jats_tarball.is_file() and want("jats"):
            # The same articles as JATS XML: the reader's cost beside the
            # plain-text row (MB here are XML bytes, markup included).
            say(f"make bench: unpacking {jats_tarball.name}")
            with tarfile.open(jats_tarball) as t:
                t.extractall(work / "jats", filter="data")
            files, nbytes = corpus_stats(work / "jats")
            if args.text_limit:
                files = files[: args.text_limit]
                keep = set(files)
                for p in list((work / "jats").rglob("*")):
                    if p.is_file() and p not in keep:
                        p.unlink()
                nbytes = sum(p.stat().st_size for p in files)
            warm(files)
            rows = [measure("litextract", [args.bin, "extract", str(work / "jats"), "--out", str(work / "out-lit-jats"), "--quiet", "--timings"], len(files), nbytes)]
            text_row = next((r for c, _, rs in sections if c == "text" for r in rs if r["name"] == "litextract"), None)
            if text_row:
                rows[0]["note"] = f"{rows[0]['mbs']:.1f} MB/s of XML beside {text_row['mbs']:.1f} MB/s of the same articles as plain text"
            sections.append(("jats", f"{len(files):,} files, {nbytes / 1e6:.1f} MB (pmc-rct-jats)", rows))

        if pdfs.is_dir() and want("pdf"):
            files, nbytes = corpus_stats(pdfs, ".pdf")
            warm(files)
            rows = [
                measure("litextract", [args.bin, "extract", str(pdfs), "--out", str(work / "out-lit-pdf"), "--quiet"], len(files), nbytes)
            ]
            if shutil.which("pdftotext"):
                rows.append(
                    measure(
                        f"python regex pipeline ({NPROC} processes, pdftotext)",
                        [sys.executable, str(ROOT / "bench/regex_pipeline.py"), str(pdfs), "--out", str(work / "out-py-pdf"), "-j", str(NPROC)],
                        len(files),
                        nbytes,
                    )
                )
                (work / "out-pdftotext").mkdir()
                cmd = (
                    f"find '{pdfs}' -name '*.pdf' -print0 | xargs -0 -P {NPROC} -I{{}} "
                    f"sh -c 'pdftotext -enc UTF-8 \"$1\" \"{work}/out-pdftotext/$(basename \"$1\").txt\" 2>/dev/null; true' _ {{}}"
                )
                rows.append(measure(f"pdftotext ({NPROC} in parallel)", cmd, len(files), nbytes, shell=True))
            sections.append(("pdf", f"{len(files)} PDFs, {nbytes / 1e6:.1f} MB (pdf-papers)", rows))
        elif not pdfs.is_dir():
            say(f"make bench: {pdfs} is missing; PDF bench skipped")
        if want("pubmed"):
            sizes = [int(x) for x in args.pubmed_articles.split(",") if x.strip()]
            pubmed = pubmed_bench(args.bin, work, sizes)
        if want("files"):
            sizes = [int(x) for x in args.many_files.split(",") if x.strip()]
            many_files = many_files_bench(args.bin, work, sizes)
        if want("adversarial"):
            adversarial = adversarial_bench(args.bin, work, args.adversarial_size)
        micro = micro_pmc = ""
        if not args.skip_micro and want("micro"):
            micro = micro_benches()
            if (work / "pmc-sample.txt").is_file():
                micro_pmc = micro_benches(work / "pmc-sample.txt")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report = []
    for corpus, what, rows in sections:
        report.append(f"### {dict(text='Text', jats='JATS XML', pdf='PDF').get(corpus, corpus)}: {what}\n")
        report.append(table(rows))
        report.append("")
        report.extend(ratio_lines(rows, corpus))
        notes = [f"- {r['name']}: {r['note']}" for r in rows if r["note"]]
        lit = next((r for r in rows if r["name"] == "litextract"), None)
        if lit and lit["stderr_tail"]:
            notes.append(f"- litextract said: `{lit['stderr_tail']}`")
        report.extend(notes)
        if lit:
            report.extend(stage_lines(lit))
        report.append("")
    body = "\n".join(report)
    print()
    print(body)
    for m in (pubmed, many_files, adversarial, micro, micro_pmc):
        if m:
            print(m)

    if args.text_limit or only:
        say("make bench: --text-limit or --only given, so docs/bench.md is left alone")
        return 0
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tools = "; ".join(
        [
            lit_version,
            f"Python {platform.python_version()}",
            version(["rg", "--version"]),
            version(["pdftotext", "-v"]),
        ]
    )
    doc = f"""# Benchmark

`make bench` measured these figures at commit **{commit}** on {date}.

- Machine: {machine_line}.
- Tools: {tools}.

Every tool uses all cores and writes into a fresh folder (no run follows
the deletion of another's output: ext4 is then several times slower to
create files); the input files are read once beforehand so that all start from a warm page cache. MB are
10^6 bytes of input; peak RSS is `/usr/bin/time -v`'s maximum resident set
size, which for the Python pool and the parallel pdftotext runs is the
largest single process, not their sum; CPU is its "percent of CPU this job
got" ({NPROC} cores = {NPROC}00%). The machine is shared, so the
absolute figures move with its load; the ratios, measured minutes apart in
one run, are the comparison. Targets are measured here, never asserted in
tests.

{body}
{pubmed}
{many_files}
{adversarial}
## Extractor micro-benchmarks

`cargo bench --bench extractors` (divan; `benches/extractors.rs`): each
extractor alone on the same normalized document, plus normalization and
all extractors together, one core; the throughput rows are the cost per
byte of text. First on the demo corpus (`corpus/*.txt` repeated to 1 MB):

```text
{micro or '(not run: --skip-micro)'}
```

Then on about 1 MB of the PMC articles of the text bench
(`LITEXTRACT_BENCH_TEXT`), where the share of each extractor is the one
the text bench pays:

```text
{micro_pmc or '(not run)'}
```

{where_time_goes(micro_pmc) if micro_pmc else ''}
"""
    Path(args.doc).parent.mkdir(parents=True, exist_ok=True)
    Path(args.doc).write_text(doc)
    say(f"make bench: written to {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
