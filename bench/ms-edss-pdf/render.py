#!/usr/bin/env python3
"""Render the 23 ms-edss JATS files as journal-like PDFs (the PDF proxy).

    python3 bench/ms-edss-pdf/render.py [--jats DIR] [--out DIR] [--chromium PATH]

For each `.nxml` under --jats (default /tmp/ms/jats/xml_files) writes
OUT/<layout>/html/<PMCID>.html and OUT/<layout>/pdf/<PMCID>.pdf for three
layouts: `one` (one column, tables across the page), `two` (two columns;
narrow tables stay in a column, wide ones span both) and `tight` (two
columns, every table kept in its column, so cells and labels wrap). The HTML
holds the title, abstract, body sections, figure captions, tables as real
<table>s with their label, caption and footnotes, acknowledgements and
references. Chromium prints it (`--headless --print-to-pdf`). Nothing it
writes belongs in the repository (see README.md).
"""

import argparse
import html
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

XLINK = "{http://www.w3.org/1999/xlink}"
MML = "{http://www.w3.org/1998/Math/MathML}"

CSS_COMMON = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { font-family: 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif;
       font-size: 9.5pt; line-height: 1.3; color: #000; margin: 0; }
.journal { font-family: sans-serif; font-size: 8pt; border-bottom: 1px solid #000;
           padding-bottom: 2pt; margin-bottom: 8pt; }
h1 { font-family: sans-serif; font-size: 15pt; line-height: 1.2; margin: 0 0 6pt 0; }
.authors { font-size: 9pt; margin-bottom: 8pt; }
.abstract { background: #eee; padding: 6pt 8pt; margin-bottom: 10pt; font-size: 9pt; }
.abstract h2 { margin-top: 0; }
h2 { font-family: sans-serif; font-size: 10.5pt; margin: 10pt 0 4pt 0; }
h3 { font-family: sans-serif; font-size: 9.5pt; font-style: italic; margin: 8pt 0 3pt 0; }
h4 { font-size: 9.5pt; font-style: italic; font-weight: normal; margin: 6pt 0 2pt 0; }
p { margin: 0 0 4pt 0; text-align: justify; text-indent: 1em; }
.tw { margin: 8pt 0; break-inside: avoid; font-family: sans-serif; font-size: 7.5pt; }
.tw .cap { margin-bottom: 3pt; text-align: left; text-indent: 0; }
.tw .cap b { margin-right: 0.5em; }
table { border-collapse: collapse; width: 100%; border-top: 1px solid #000;
        border-bottom: 1px solid #000; }
thead tr:last-child th, thead tr:last-child td { border-bottom: 0.5px solid #000; }
th, td { padding: 1.5pt 3pt; vertical-align: top; text-align: left; }
th { font-weight: bold; }
.foot { margin-top: 2pt; }
.foot p { text-indent: 0; margin: 0; font-size: 7pt; }
.fig { font-size: 8pt; margin: 6pt 0; border: 0.5px solid #999; padding: 4pt; }
.fig p { text-indent: 0; }
.refs { font-size: 7.5pt; }
.refs li { margin-bottom: 1pt; }
ul, ol { margin: 0 0 4pt 0; padding-left: 1.5em; }
"""

CSS_TWO = """
.cols { column-count: 2; column-gap: 7mm; }
.tw.wide { column-span: all; }
"""

# `tight`: two columns, and no table spans them: wide tables squeezed into a
# column wrap their cells and labels, as journals' tight tables do.
CSS_TIGHT = """
.tw.wide { column-span: none; }
"""


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(e):
    return "".join(e.itertext()) if e is not None else ""


def esc(s):
    return html.escape(s or "", quote=False)


class Renderer:
    def __init__(self):
        self.wide = 0

    def inline(self, e):
        """Mixed content of `e` as HTML (its text, children and tails)."""
        out = [esc(e.text)]
        for c in e:
            out.append(self.inline_el(c))
            out.append(esc(c.tail))
        return "".join(out)

    def inline_el(self, c):
        t = local(c.tag)
        if t in ("italic", "i"):
            return f"<i>{self.inline(c)}</i>"
        if t in ("bold", "b"):
            return f"<b>{self.inline(c)}</b>"
        if t == "sup":
            return f"<sup>{self.inline(c)}</sup>"
        if t == "sub":
            return f"<sub>{self.inline(c)}</sub>"
        if t in ("hr", "graphic", "inline-graphic", "object-id", "alternatives") and not len(c):
            return ""
        if t == "break":
            return "<br>"
        if t in ("math", "mml:math") or c.tag.startswith(MML):
            return esc(text_of(c))
        if t == "table-wrap":
            return self.table_wrap(c)
        if t == "list":
            return self.list_(c)
        if t == "p":
            return f"<p>{self.inline(c)}</p>"
        return self.inline(c)

    def list_(self, e):
        tag = "ol" if e.get("list-type") in ("order", "arabic", "alpha-lower") else "ul"
        items = []
        for it in e:
            if local(it.tag) == "list-item":
                items.append("<li>" + "".join(self.block(c) for c in it) + "</li>")
        return f"<{tag}>{''.join(items)}</{tag}>"

    def table_wrap(self, tw):
        label = tw.find("label")
        cap = tw.find("caption")
        parts = []
        if label is not None:
            parts.append(f"<b>{self.inline(label)}</b>")
        if cap is not None:
            parts.append(" ".join(self.inline(c) for c in cap))
        tables = tw.findall(".//table")
        if not tables:
            # A table printed as an image: its caption only.
            return f'<div class="tw"><p class="cap">{" ".join(parts)}</p></div>'
        ncols = max(
            sum(int(c.get("colspan", "1") or 1) for c in tr if local(c.tag) in ("td", "th"))
            for t in tables
            for tr in t.iter("tr")
        ) if any(True for t in tables for _ in t.iter("tr")) else 1
        cls = "tw wide" if ncols > 3 else "tw"
        body = "".join(self.table(t) for t in tables)
        foot = ""
        f = tw.find("table-wrap-foot")
        if f is not None:
            foot = '<div class="foot">' + "".join(
                f"<p>{self.inline(x)}</p>" for x in f.iter() if local(x.tag) in ("p",)
            ) + "</div>"
        return f'<div class="{cls}"><p class="cap">{" ".join(parts)}</p>{body}{foot}</div>'

    def table(self, t):
        out = ["<table>"]
        for sect in t:
            st = local(sect.tag)
            if st in ("thead", "tbody", "tfoot"):
                out.append(f"<{st}>")
                out.extend(self.row(tr) for tr in sect if local(tr.tag) == "tr")
                out.append(f"</{st}>")
            elif st == "tr":
                out.append(self.row(sect))
        out.append("</table>")
        return "".join(out)

    def row(self, tr):
        cells = []
        for c in tr:
            ct = local(c.tag)
            if ct not in ("td", "th"):
                continue
            attrs = "".join(
                f' {a}="{esc(c.get(a))}"' for a in ("colspan", "rowspan", "align") if c.get(a)
            )
            cells.append(f"<{ct}{attrs}>{self.inline(c)}</{ct}>")
        return "<tr>" + "".join(cells) + "</tr>"

    def block(self, e, depth=2):
        t = local(e.tag)
        if t == "sec":
            out = []
            title = e.find("title")
            if title is not None:
                h = min(depth, 4)
                out.append(f"<h{h}>{self.inline(title)}</h{h}>")
            for c in e:
                if local(c.tag) not in ("title", "label"):
                    out.append(self.block(c, depth + 1))
            return "".join(out)
        if t == "p":
            # Tables and lists inside a paragraph are set after it.
            inner, after = [esc(e.text)], []
            for c in e:
                if local(c.tag) in ("table-wrap", "list", "fig", "disp-formula"):
                    after.append(self.block(c, depth))
                else:
                    inner.append(self.inline_el(c))
                inner.append(esc(c.tail))
            return f"<p>{''.join(inner)}</p>" + "".join(after)
        if t == "table-wrap":
            return self.table_wrap(e)
        if t == "table-wrap-group":
            return "".join(self.table_wrap(c) for c in e if local(c.tag) == "table-wrap")
        if t == "fig":
            label = text_of(e.find("label"))
            cap = e.find("caption")
            body = " ".join(self.inline(c) for c in cap) if cap is not None else ""
            return f'<div class="fig"><p><b>{esc(label)}</b> {body}</p></div>'
        if t == "list":
            return self.list_(e)
        if t in ("disp-formula", "disp-quote", "boxed-text", "statement"):
            return f"<p>{self.inline(e)}</p>"
        if t in ("title", "label", "graphic", "media", "supplementary-material"):
            return ""
        return f"<p>{self.inline(e)}</p>" if (e.text or "").strip() or len(e) else ""


def authors(front):
    names = []
    for c in front.iter("contrib"):
        n = c.find("name")
        if n is not None:
            names.append(f"{text_of(n.find('given-names'))} {text_of(n.find('surname'))}".strip())
    return ", ".join(names)


def refs(back, r):
    items = []
    for ref in back.iter("ref"):
        label = text_of(ref.find("label"))
        cit = None
        for c in ref:
            if local(c.tag) in ("element-citation", "mixed-citation", "citation", "nlm-citation"):
                cit = c
                break
        if cit is None:
            continue
        words = " ".join(text_of(cit).split())
        items.append(f"<li>{esc(label + ' ' if label else '')}{esc(words)}</li>")
    return f'<h2>References</h2><ol class="refs">{"".join(items)}</ol>' if items else ""


def render(path, two, tight=False):
    tree = ET.parse(path)
    art = tree.getroot()
    r = Renderer()
    front = art.find("front")
    meta = front.find("article-meta") if front is not None else None
    journal = text_of(front.find(".//journal-title")) if front is not None else ""
    title = r.inline(meta.find(".//article-title")) if meta is not None else ""
    doi = ""
    if meta is not None:
        for a in meta.findall("article-id"):
            if a.get("pub-id-type") == "doi":
                doi = text_of(a)
    head = [f'<div class="journal">{esc(journal)}{" · doi:" + esc(doi) if doi else ""}</div>']
    head.append(f"<h1>{title}</h1>")
    if meta is not None:
        head.append(f'<div class="authors">{esc(authors(meta))}</div>')
    abstract = []
    if meta is not None:
        for ab in meta.findall("abstract"):
            if ab.get("abstract-type") in ("graphical", "teaser"):
                continue
            abstract.append('<div class="abstract"><h2>Abstract</h2>')
            abstract.extend(r.block(c, 3) for c in ab if local(c.tag) != "title")
            abstract.append("</div>")
    body = []
    b = art.find("body")
    if b is not None:
        body.extend(r.block(c) for c in b)
    floats = art.find("floats-group")
    if floats is not None:
        body.extend(r.block(c) for c in floats)
    back = art.find("back")
    if back is not None:
        for c in back:
            if local(c.tag) in ("ack", "sec", "fn-group", "app-group", "notes"):
                body.append(r.block(c if local(c.tag) != "ack" else c, 2))
        body.append(refs(back, r))
    css = CSS_COMMON + (CSS_TWO if two else "") + (CSS_TIGHT if tight else "")
    main = "".join(abstract) + "".join(body)
    if two:
        main = f'<div class="cols">{main}</div>'
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style></head>'
        f"<body>{''.join(head)}{main}</body></html>"
    )


def print_pdf(chromium, html_path, pdf_path, profile):
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path}",
        "file://" + os.path.abspath(html_path),
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jats", default="/tmp/ms/jats/xml_files")
    ap.add_argument("--out", default="/tmp/msp")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--html-only", action="store_true")
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.jats) if n.endswith(".nxml"))
    profile = os.path.join(a.out, ".profile")
    for layout, two, tight in (("one", False, False), ("two", True, False), ("tight", True, True)):
        os.makedirs(os.path.join(a.out, layout, "html"), exist_ok=True)
        os.makedirs(os.path.join(a.out, layout, "pdf"), exist_ok=True)
        for n in names:
            stem = n[: -len(".nxml")]
            h = os.path.join(a.out, layout, "html", stem + ".html")
            with open(h, "w", encoding="utf-8") as f:
                f.write(render(os.path.join(a.jats, n), two, tight))
            if not a.html_only:
                print_pdf(a.chromium, h, os.path.join(a.out, layout, "pdf", stem + ".pdf"), profile)
            print(layout, stem, file=sys.stderr)


if __name__ == "__main__":
    main()
