#!/usr/bin/env python3
"""Writes a PubMed baseline-style file (`PubmedArticleSet`, gzip when the
name ends in `.gz`) of N articles, for `make bench` and for measuring
memory on files as large as NLM's (a baseline file holds ~30,000
articles; `-n 3000000` gives about a 1 GB `.xml.gz` equivalent).

    python3 bench/pubmed_set.py OUT.xml.gz -n 30000

The articles are the project's own fixtures
(`tests/fixtures/pubmed_xml/efetch_rct.xml`), cycled, each with its own
PMID (from 50,000,001) and DOI, and the sample size of the first article
varied, so no two records are the same; a `DeleteCitation` of a few of
them ends the file, as in an update file. Nothing of ../shared is used.
Python 3 standard library only; memory is one article.
"""

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/pubmed_xml/efetch_rct.xml"
FIRST_PMID = 50_000_001


def articles():
    text = FIXTURE.read_text(encoding="utf-8")
    found = re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, flags=re.S)
    if not found:
        sys.exit(f"{FIXTURE}: no <PubmedArticle> in it")
    return found


def one(template, pmid, k):
    # The article's own PMID (MedlineCitation and ArticleIdList), not those
    # of its comments or references.
    s = re.sub(r'(<MedlineCitation[^>]*>\s*<PMID Version="1">)\d+', rf"\g<1>{pmid}", template, count=1)
    s = re.sub(r'(<ArticleId IdType="pubmed">)\d+(</ArticleId>\s*<ArticleId IdType="p)', rf"\g<1>{pmid}\g<2>", s, count=1)
    s = s.replace("10.1016/j.msard.2024.105612", f"10.1016/j.msard.2024.{pmid}")
    s = s.replace("Of 96 patients randomized", f"Of {40 + k % 400} patients randomized")
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=30_000, help="articles (default 30,000)")
    args = ap.parse_args()
    templates = articles()
    out = Path(args.out)
    opener = gzip.open if out.suffix == ".gz" else open
    with opener(out, "wt", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n')
        f.write('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
                '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n')
        for k in range(args.n):
            f.write(one(templates[k % len(templates)], FIRST_PMID + k, k))
            f.write("\n")
        f.write("<DeleteCitation>\n")
        for pmid in (FIRST_PMID - 3, FIRST_PMID - 2, FIRST_PMID - 1):
            f.write(f'<PMID Version="1">{pmid}</PMID>\n')
        f.write("</DeleteCitation>\n</PubmedArticleSet>\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
