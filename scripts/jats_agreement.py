#!/usr/bin/env python3
"""The JATS reader against the plain text of the same articles (issue 11,
part C): the 4,470 PMC full texts of `corpora/bench/pmc-rct-jats.tar.gz`
and their text version `pmc-rct-text.tar.gz`, both extracted, then

* records: one per `.nxml` (and how many failed, with their reasons);
* DOI: `summary.doi` against the front-matter DOI
  (`front/article-meta/article-id[@pub-id-type="doi"]`, read here with the
  standard library's XML parser, independently of the reader);
* reference DOIs: every `doi` finding whose value is a DOI of the
  article's reference list (`back//ref-list//pub-id[@pub-id-type="doi"]`)
  must be `cited`; also how many of those reference DOIs were found;
* agreement per field between the JATS record and the text record of the
  same article (matched by the PMCID in the file name): the sets of values
  found (sample sizes: `n`; p-values: comparator and value; registry IDs:
  the ID; EDSS: the whole value), as the mean Jaccard index over the
  articles where either side found something, and the share of all
  articles whose two sets are identical (both empty included);
* a sample of the differences, with the text each side matched, to read.

    python3 scripts/jats_agreement.py [--shared ../shared]
        [--bin target/release/litextract] [--limit N] [--samples 12]
        [--work DIR] [--json FILE]

Python 3.11, standard library only. It measures; it asserts nothing.
"""

import argparse
import json
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["sample_size", "p_value", "registry_id", "edss"]


def value_key(field, v):
    if field == "sample_size":
        return v.get("n")
    if field == "p_value":
        return (v.get("comparator"), v.get("value"))
    if field == "registry_id":
        return v.get("id")
    return json.dumps(v, sort_keys=True)


def values(record):
    out = {f: {} for f in FIELDS}
    for f in record.get("findings", []):
        if f["field"] in out:
            out[f["field"]].setdefault(value_key(f["field"], f["value"]), f["text"])
    # A registry ID the file states in its metadata (a JATS trial-registry
    # custom-meta) is found by the record even where the text lacks it.
    for r in (record.get("summary") or {}).get("registry_ids") or []:
        out["registry_id"].setdefault(r["id"], "(metadata)")
    return out


def norm_doi(d):
    d = d.strip().lower()
    for p in ("https://doi.org/", "http://dx.doi.org/", "http://doi.org/", "doi:"):
        if d.startswith(p):
            d = d[len(p):]
    # `10.2337/dc12-2258.`: publishers' trailing periods are not the DOI's
    # (the extractor drops them too).
    return d.strip().rstrip(".")


def xml_ids(path):
    """(front-matter DOI or None, set of reference-list DOIs), from the XML."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return None, set()
    doi = None
    meta = root.find("front/article-meta")
    if meta is not None:
        for a in meta.findall("article-id"):
            if a.get("pub-id-type") == "doi" and (a.text or "").strip():
                doi = norm_doi(a.text)
                break
    refs = set()
    back = root.find("back")
    if back is not None:
        for rl in back.iter("ref-list"):
            for p in rl.iter("pub-id"):
                if p.get("pub-id-type") == "doi" and (p.text or "").strip():
                    refs.add(norm_doi(p.text))
    return doi, refs


def unpack(tarball, into, limit, names=None):
    with tarfile.open(tarball) as t:
        members = [m for m in t.getmembers() if m.isfile()]
        if names is not None:
            members = [m for m in members if Path(m.name).stem in names]
        elif limit:
            members = sorted(members, key=lambda m: m.name)[:limit]
        t.extractall(into, members=members, filter="data")
    return sorted(p for p in Path(into).rglob("*") if p.is_file())


def extract(binary, src, out):
    t0 = time.time()
    subprocess.run([binary, "extract", str(src), "--out", str(out), "--quiet"], check=False)
    return time.time() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--bin", default=str(ROOT / "target/release/litextract"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (quick trial)")
    ap.add_argument("--samples", type=int, default=12, help="differences to print per field")
    ap.add_argument("--work", help="folder to unpack and extract into (kept); default: a temporary one, removed")
    ap.add_argument("--json", help="write the figures to this file as JSON")
    args = ap.parse_args()

    bench = Path(args.shared) / "corpora/bench"
    jats_tar, text_tar = bench / "pmc-rct-jats.tar.gz", bench / "pmc-rct-text.tar.gz"
    if not jats_tar.is_file() or not text_tar.is_file():
        print(f"jats_agreement: {bench} lacks the two tarballs; nothing to measure (skipped).")
        return 0
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="litextract-jats-"))
    try:
        xml_files = unpack(jats_tar, work / "jats", args.limit)
        stems = {p.stem for p in xml_files}
        text_files = unpack(text_tar, work / "text", 0, stems)
        for out in ("out-jats", "out-text"):
            shutil.rmtree(work / out, ignore_errors=True)
        mb = sum(p.stat().st_size for p in xml_files) / 1e6
        secs = extract(args.bin, work / "jats", work / "out-jats")
        print(f"JATS: {len(xml_files):,} files, {mb:.1f} MB, extracted in {secs:.1f} s ({mb / secs:.1f} MB/s)")
        tmb = sum(p.stat().st_size for p in text_files) / 1e6
        tsecs = extract(args.bin, work / "text", work / "out-text")
        print(f"text: {len(text_files):,} files, {tmb:.1f} MB, extracted in {tsecs:.1f} s ({tmb / tsecs:.1f} MB/s)")

        jats_records = {p.name[: -len(".nxml.json")]: p for p in (work / "out-jats").rglob("*.nxml.json")}
        text_records = {p.name[: -len(".txt.json")]: p for p in (work / "out-text").rglob("*.txt.json")}
        failed = []
        doi_with = doi_equal = 0
        doi_wrong = []
        ref_found = ref_total = ref_not_cited = 0
        ref_bad = []
        missing_refs = []
        jacc = {f: [] for f in FIELDS}
        same = {f: 0 for f in FIELDS}
        diffs = {f: [] for f in FIELDS}
        paired = 0
        for p in xml_files:
            stem = p.stem
            rp = jats_records.get(stem)
            if rp is None:
                failed.append((stem, "no record"))
                continue
            r = json.loads(rp.read_text())
            if r["status"] != "ok":
                failed.append((stem, r.get("error")))
            front_doi, ref_dois = xml_ids(p)
            if front_doi:
                doi_with += 1
                got = (r.get("summary") or {}).get("doi")
                if got == front_doi:
                    doi_equal += 1
                else:
                    doi_wrong.append((stem, front_doi, got))
            found = set()
            for f in r.get("findings", []):
                if f["field"] != "doi":
                    continue
                d = f["value"]["doi"]
                if d in ref_dois and d != front_doi:
                    found.add(d)
                    if f["value"].get("role") != "cited":
                        ref_not_cited += 1
                        ref_bad.append((stem, d, f["value"].get("role")))
            missing_refs.extend((stem, d) for d in sorted(ref_dois - {front_doi} - found))
            ref_total += len(ref_dois - {front_doi})
            ref_found += len(found)
            tp = text_records.get(stem)
            if tp is None:
                continue
            paired += 1
            t = json.loads(tp.read_text())
            jv, tv = values(r), values(t)
            for f in FIELDS:
                a, b = set(jv[f]), set(tv[f])
                if a == b:
                    same[f] += 1
                if a or b:
                    jacc[f].append(len(a & b) / len(a | b))
                if a != b:
                    diffs[f].append((stem, {k: jv[f][k] for k in a - b}, {k: tv[f][k] for k in b - a}))

        n = len(xml_files)
        print(f"records: {len(jats_records):,} for {n:,} .nxml files; not ok: {len(failed)}")
        for stem, why in failed[:20]:
            print(f"  {stem}: {why}")
        print(f"summary.doi = front-matter DOI: {doi_equal:,} of {doi_with:,} articles with one")
        for stem, want, got in doi_wrong[:20]:
            print(f"  {stem}: front matter {want}, summary {got}")
        print(f"reference-list DOIs: {ref_found:,} of {ref_total:,} found in the text; not cited: {ref_not_cited}")
        for stem, d, role in ref_bad[:20]:
            print(f"  {stem}: {d} role {role}")
        for stem, d in missing_refs[:20]:
            print(f"  not found: {stem}: {d}")
        print(f"\nagreement with the plain-text records ({paired:,} articles paired):")
        print(f"{'field':<12} {'mean Jaccard':>12} {'(articles)':>10} {'identical sets':>15}")
        figures = {
            "files": n,
            "records": len(jats_records),
            "not_ok": len(failed),
            "doi_with": doi_with,
            "doi_equal": doi_equal,
            "ref_dois": ref_total,
            "ref_dois_found": ref_found,
            "ref_dois_not_cited": ref_not_cited,
            "jats_mb_s": mb / secs,
            "text_mb_s": tmb / tsecs,
            "fields": {},
        }
        for f in FIELDS:
            mj = sum(jacc[f]) / len(jacc[f]) if jacc[f] else None
            share = same[f] / paired if paired else None
            figures["fields"][f] = {"mean_jaccard": mj, "articles": len(jacc[f]), "identical": share}
            fmt = lambda x: "-" if x is None else f"{x:.3f}"
            print(f"{f:<12} {fmt(mj):>12} {len(jacc[f]):>10} {fmt(share):>15}")
        rng = random.Random(11)
        for f in FIELDS:
            if not diffs[f]:
                continue
            print(f"\n{f}: {len(diffs[f])} articles differ; a sample (JATS only / text only, value: matched text):")
            for stem, only_j, only_t in rng.sample(diffs[f], min(args.samples, len(diffs[f]))):
                show = lambda d: "; ".join(f"{k}: {v!r}" for k, v in list(d.items())[:4]) or "-"
                print(f"  {stem}\n    JATS only: {show(only_j)}\n    text only: {show(only_t)}")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
