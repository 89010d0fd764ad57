#!/usr/bin/env python3
"""`make eval`: extract every shared set that has a gold file, score it with
`litextract eval`, print one table (metric x set) and write it to
docs/eval.md with the commit and date it was measured at.

Python 3.11, standard library only. The metrics are defined in the module
docs of src/eval.rs; this script only runs the binary and lays out its JSON.
"""

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
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
    ("sample sizes reported, precision", "sample_size_reported", "precision"),
    ("EDSS (`edss`)", "edss", "prf"),
    ("EDSS range", "edss_range", "prf"),
    ("EDSS mean", "edss_mean", "prf"),
    ("EDSS median", "edss_median", "prf"),
    ("EDSS threshold", "edss_threshold", "prf"),
    ("EDSS value", "edss_value", "prf"),
    ("EDSS change", "edss_change", "prf"),
]


def num(x):
    return "–" if x is None else f"{x:.3f}"


def cell(report, metric, show):
    m = report["fields"].get(metric)
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


def git(*args):
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


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
        out = Path(args.out) / s.name
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
            print(f"make eval: extracting {s.name} failed (exit {ext.returncode})", file=sys.stderr)
            return 2
        ev = subprocess.run(
            [args.bin, "eval", "--gold", str(s / "gold.jsonl"), "--records", str(out), "--format", "json"],
            capture_output=True,
            text=True,
        )
        if ev.returncode != 0:
            sys.stderr.write(ev.stderr)
            print(f"make eval: scoring {s.name} failed (exit {ev.returncode})", file=sys.stderr)
            return 2
        report = json.loads(ev.stdout)
        results.append((s.name, report, secs, out))
        print(f"  {s.name}: {report['documents']} documents scored, extracted in {secs:.1f} s", file=sys.stderr)

    head = ["metric"] + [f"{name} ({r['documents']} docs)" for name, r, _, _ in results]
    rows = []
    for label, metric, show in ROWS:
        cells = [cell(r, metric, show) for _, r, _, _ in results]
        if all(c == "—" for c in cells):
            continue
        rows.append([label] + cells)
    rows.append(
        ["exact offsets (findings)"]
        + [
            (f"{100 * r['offsets']['rate']:.2f}% of {r['offsets']['findings']}" if r["offsets"]["rate"] is not None else "no findings")
            for _, r, _, _ in results
        ]
    )
    rows.append(["failed / missing records"] + [f"{r['failed']} / {r['missing'] + r['unreadable']}" for _, r, _, _ in results])
    rows.append(
        ["`must_not` hits"]
        + [f"{r['must_not']['hits']} of {r['must_not']['checked']}" if r["must_not"]["checked"] else "—" for _, r, _, _ in results]
    )
    rows.append(["extraction time"] + [f"{secs:.1f} s" for _, _, secs, _ in results])

    def md(cells):
        return "| " + " | ".join(cells) + " |"

    table = "\n".join([md(head), md(["---"] * len(head)), *(md(r) for r in rows)])

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()

    print()
    print(table)
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
[`src/eval.rs`](../src/eval.rs); `n` is the count the ratio divides by.

{table}

To see why, run one set with `--errors` (every miss and false positive with
its evidence):

```sh
make build
target/release/litextract extract ../shared/corpora/seeds --out bench/out/eval/seeds
target/release/litextract eval --gold ../shared/corpora/seeds/gold.jsonl \\
    --records bench/out/eval/seeds --errors
```

The sets: `seeds` (5 documents annotated for this project, all fields),
`pico-breast-cancer` (PICO-Corpus abstracts: totals and arms only),
`ebm-nlp-crowd` (EBM-NLP crowd labels: acceptable totals only). See
`../shared/corpora/SOURCES.md`.
"""
    Path(args.doc).parent.mkdir(parents=True, exist_ok=True)
    Path(args.doc).write_text(doc)
    print(f"written to {Path(args.doc).relative_to(ROOT) if Path(args.doc).is_relative_to(ROOT) else args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
