#!/usr/bin/env python3
"""Scores p-values and their statistics against statcheck's hand-coded
results (`inst/test_materials/manually_extracted_stats.csv` of
github.com/MicheleNuijten/statcheck: results coders copied out of real PDF
and HTML papers, with the p and the statistic they read).

The CSV is not part of this project: pass the path of a copy. The raw results
of each paper are joined into one text (so that document-level evidence of a
damaged font works as in the paper), extracted with the release binary, and
every coded result with a numeric p is matched to a found p-value of the same
value and comparator, preferring one whose statistic has the coded value.

    python3 scripts/statcheck_manual.py --csv manually_extracted_stats.csv \
        --bin target/release/litextract [--misses]

Prints p-values found and statistics linked with the right value (sign
aside), both out of the coded results with a numeric p.
"""

import argparse
import collections
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

LOOSE = {"<": "<=", ">": ">="}


def number(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def same(a, b):
    return a is not None and b is not None and abs(abs(a) - abs(b)) < 1e-9


def score(rows, findings):
    """(coded, p found, statistic right, misses) for one paper."""
    ps = [f["value"] for f in findings if f["field"] == "p_value"]
    used, misses = set(), []
    coded = found = right = 0

    def stat_of(i):
        st = ps[i].get("statistic")
        return st and st["value"]

    def fits(i, r):
        v = ps[i]
        cmp = r["p_comparison"].strip('"').strip()
        return abs(v["value"] - number(r["p"])) < 1e-9 and v["comparator"] in (cmp, LOOSE.get(cmp))

    keep = [r for r in rows if r["p_comparison"].strip('"').strip() in "<=>" and number(r["p"]) is not None]
    # First the results whose statistic is found with them, then the rest.
    chosen = {}
    for k, r in enumerate(keep):
        for i in range(len(ps)):
            if i not in used and fits(i, r) and same(stat_of(i), number(r["test_value"])):
                used.add(i)
                chosen[k] = i
                break
    for k, r in enumerate(keep):
        coded += 1
        if k not in chosen:
            free = [i for i in range(len(ps)) if i not in used and fits(i, r)]
            if not free:
                misses.append(("p missed", r["raw_result"]))
                continue
            chosen[k] = free[0]
            used.add(free[0])
        found += 1
        if same(stat_of(chosen[k]), number(r["test_value"])):
            right += 1
        else:
            misses.append((f"statistic {stat_of(chosen[k])}, coded {r['test_value']}", r["raw_result"]))
    return coded, found, right, misses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", required=True, type=Path)
    ap.add_argument("--bin", default="target/release/litextract")
    ap.add_argument("--misses", action="store_true", help="list every miss")
    a = ap.parse_args()
    if not a.csv.is_file():
        sys.exit(f"statcheck_manual: no file {a.csv}")
    papers = collections.defaultdict(list)
    with a.csv.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            papers[r["file_id"]].append(r)
    with tempfile.TemporaryDirectory() as tmp:
        docs, out = Path(tmp, "docs"), Path(tmp, "out")
        docs.mkdir()
        for name, rows in papers.items():
            text = "\n\n".join(r["raw_result"] for r in rows) + "\n"
            Path(docs, f"{name}.txt").write_text(text, encoding="utf-8")
        run = subprocess.run([a.bin, "extract", str(docs), "--out", str(out)], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"statcheck_manual: litextract failed: {run.stderr.strip()}")
        totals = [0, 0, 0]
        for name, rows in sorted(papers.items()):
            rec = json.loads(Path(out, f"{name}.txt.json").read_text(encoding="utf-8"))
            coded, found, right, misses = score(rows, rec["findings"])
            totals = [t + x for t, x in zip(totals, (coded, found, right))]
            if a.misses:
                for why, raw in misses:
                    print(f"{name} | {why} | {' '.join(raw.split())}")
    coded, found, right = totals
    print(f"p-values found {found}/{coded}; statistic linked with the coded value {right}/{coded}")


if __name__ == "__main__":
    main()
