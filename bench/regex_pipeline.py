#!/usr/bin/env python3
"""The pipeline a user would write instead of litextract: the comparison
baseline of `make bench`.

    python3 bench/regex_pipeline.py INPUT... --out DIR [-j N]

Python 3.11, standard library only. Every file under the inputs is read
(PDFs through `pdftotext`, as such a script would), lightly normalized
(dashes, Lancet middle dots), scanned with regexes for DOIs, trial registry
IDs, p-values, sample sizes and EDSS statements, and written as one JSON
file per document with the text, each finding's value, offsets and sentence,
and a summary. Work is spread over all cores with multiprocessing.

It is deliberately a fair, competent script, not a straw man: patterns are
compiled once, files are processed in parallel in chunks, and it does the
same kinds of work as litextract (decode, normalize, match, parse numbers,
find the sentence, write JSON). It is not as careful (no sections, no roles
beyond a keyword look-up, no PDF isolation).
"""

import argparse
import json
import os
import re
import subprocess
import sys
from multiprocessing import Pool
from pathlib import Path

DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]")
MIDDOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")

# doi: 10.1186/s13287-024-03765-6
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
# NCT03355365, ISRCTN 49286846, ACTRN12610000123456, 2004-000123-45 …
REGISTRY = re.compile(
    r"\b(NCT\d{8}|ISRCTN\s?\d{8}|ACTRN\d{14}|DRKS\d{8}|ChiCTR[-A-Z]*\d{6,}|"
    r"IRCT\d{6,}N\d+|CTRI/\d{4}/\d{2,3}/\d{6}|NTR\d{3,5}|PACTR\d{15}|KCT\d{7}|"
    r"UMIN\d{9}|JPRN-[A-Za-z]+\d+|(?:EudraCT\s*(?:No\.?|number)?:?\s*)?\d{4}-\d{6}-\d{2})\b"
)
# p = 0.03, P<.001, p = 3 x 10-5, p-value = 0.2
PVALUE = re.compile(
    r"\b[pP]\s*(?:-?\s*values?)?\s*([<>=≤≥]=?|=<|=>)\s*"
    r"(\d*\.\d+(?:\s*[x×*]\s*10\s*-\s*\d+|e-\d+)?|\d\s*[x×*]\s*10\s*-\s*\d+|[01](?![\d.]))"
)
# (n = 27), N=54
N_EQUALS = re.compile(r"\b[nN]\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)")
# 120 patients were randomized; 24 women with …
COUNT_NOUN = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[A-Za-z-]+\s+){0,3}?"
    r"(patients|participants|subjects|people|individuals|women|men|children|adults|volunteers)\b",
    re.I,
)
# EDSS 3.0-6.5, EDSS score of 3.5 to 6, mean EDSS 6.75 ± 0.68, EDSS <= 5.5
EDSS = re.compile(
    r"\b(?:EDSS|Expanded Disability Status Scale)\b[^.;\n]{0,60}?"
    r"(?:(?P<cmp>[<>≤≥]=?)\s*(?P<t>\d+(?:\.\d)?)"
    r"|(?P<m>\d+(?:\.\d+)?)\s*(?:±|\+/-)\s*(?P<sd>\d+(?:\.\d+)?)"
    r"|(?P<lo>\d+(?:\.\d)?)\s*(?:-|to)\s*(?P<hi>\d+(?:\.\d)?)"
    r"|(?P<v>\d+(?:\.\d)?))"
)
RANDOMIZED = re.compile(r"randomi[sz]ed|randomly assigned|allocated", re.I)
ENROLLED = re.compile(r"enrol+(?:ed|ment)|included|recruited", re.I)
ANALYZED = re.compile(r"analy[sz]ed|evaluable|completed", re.I)
SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z(])|\n\s*\n")
CMP = {"≤": "<=", "≥": ">=", "=<": "<=", "=>": ">="}


def number(s):
    s = s.replace(" ", "")
    m = re.fullmatch(r"(\d*\.?\d+)[x×*]10-(\d+)", s)
    if m:
        return float(m.group(1)) * 10 ** -int(m.group(2))
    return float(s)


def sentence(text, starts, pos):
    """The sentence around pos, from the precomputed sentence starts."""
    import bisect

    i = bisect.bisect_right(starts, pos) - 1
    a = starts[i] if i >= 0 else 0
    b = starts[i + 1] if i + 1 < len(starts) else len(text)
    if b - a > 320:
        a, b = max(a, pos - 160), min(b, pos + 160)
    return " ".join(text[a:b].split())


def read(path):
    if path.suffix.lower() == ".pdf":
        r = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120)
        return r.stdout.decode("utf-8", "replace"), "pdf"
    return path.read_bytes().decode("utf-8", "replace"), "text"


def extract(text):
    fold = MIDDOT.sub(".", DASHES.sub("-", text))
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(fold)]
    findings = []

    def add(field, m, value, group=0):
        s, e = m.span(group)
        findings.append(
            {
                "field": field,
                "value": value,
                "text": text[s:e],
                "start": s,
                "end": e,
                "context": sentence(text, starts, s),
            }
        )

    for m in DOI.finditer(fold):
        doi = m.group(0).rstrip(".,;:)]}'").lower()
        doi = re.sub(r"/(full|pdf|abstract)$", "", doi)
        add("doi", m, {"doi": doi})
    for m in REGISTRY.finditer(fold):
        rid = re.sub(r"^EudraCT\s*(?:No\.?|number)?:?\s*", "", m.group(1)).replace(" ", "")
        add("registry_id", m, {"id": rid})
    for m in PVALUE.finditer(fold):
        try:
            v = number(m.group(2))
        except ValueError:
            continue
        if 0 <= v <= 1:
            add("p_value", m, {"comparator": CMP.get(m.group(1), m.group(1)), "value": v})
    for rx in (N_EQUALS, COUNT_NOUN):
        for m in rx.finditer(fold):
            n = int(m.group(1).replace(",", ""))
            ctx = sentence(fold, starts, m.start())
            role = (
                "arm"
                if rx is N_EQUALS
                else "randomized"
                if RANDOMIZED.search(ctx)
                else "enrolled"
                if ENROLLED.search(ctx)
                else "analyzed"
                if ANALYZED.search(ctx)
                else "total"
            )
            add("sample_size", m, {"n": n, "role": role})
    for m in EDSS.finditer(fold):
        g = m.groupdict()
        if g["t"]:
            v = {"kind": "threshold", "comparator": CMP.get(g["cmp"], g["cmp"]), "value": float(g["t"])}
        elif g["m"]:
            v = {"kind": "mean", "mean": float(g["m"]), "sd": float(g["sd"])}
        elif g["lo"]:
            v = {"kind": "range", "low": float(g["lo"]), "high": float(g["hi"])}
        else:
            v = {"kind": "value", "value": float(g["v"])}
        if all(0 <= x <= 10 for x in v.values() if isinstance(x, float)):
            add("edss", m, v)
    findings.sort(key=lambda f: (f["start"], f["field"]))
    return findings


def summarize(findings):
    s = {"doi": None, "registry_ids": [], "sample_size": None, "p_values": [], "edss": []}
    for f in findings:
        v = f["value"]
        if f["field"] == "doi" and s["doi"] is None:
            s["doi"] = v["doi"]
        elif f["field"] == "registry_id" and v["id"] not in s["registry_ids"]:
            s["registry_ids"].append(v["id"])
        elif f["field"] == "p_value" and v not in s["p_values"]:
            s["p_values"].append(v)
        elif f["field"] == "edss" and v not in s["edss"]:
            s["edss"].append(v)
    sizes = [f["value"] for f in findings if f["field"] == "sample_size"]
    for role in ("randomized", "enrolled", "analyzed", "total"):
        ns = [v["n"] for v in sizes if v["role"] == role]
        if ns:
            s["sample_size"] = max(ns)
            break
    return s


def process(job):
    path, rel, out = job
    try:
        text, fmt = read(path)
        findings = extract(text)
        rec = {"source": {"path": rel, "format": fmt}, "status": "ok", "text": text, "findings": findings, "summary": summarize(findings)}
    except Exception as e:  # one bad file must not stop the run
        rec = {"source": {"path": rel}, "status": "failed", "error": str(e), "findings": []}
    dest = Path(out) / (rel + ".json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(rec, ensure_ascii=False))
    os.replace(tmp, dest)
    return len(rec["findings"])


def jobs(inputs, out):
    for inp in inputs:
        root = Path(inp)
        if root.is_file():
            yield root, root.name, out
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    p = Path(dirpath) / name
                    yield p, str(p.relative_to(root)), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    args = ap.parse_args()
    docs = findings = 0
    with Pool(args.jobs) as pool:
        for n in pool.imap_unordered(process, jobs(args.inputs, args.out), chunksize=16):
            docs += 1
            findings += n
    print(f"regex_pipeline: {docs} documents, {findings} findings", file=sys.stderr)


if __name__ == "__main__":
    main()
