#!/usr/bin/env python3
"""Writes corpus/trial_report.pdf: a small two-page PDF (Helvetica, WinAnsi)
in the shape of a trial report, so the demo corpus has a PDF without
shipping someone else's paper. Run from the repository root."""
import sys

PAGES = [
    [
        "Journal of Example Neurology 2024;12:101-108   doi:10.5555/jen.2024.0101",
        "",
        "Simvastatin in secondary progressive multiple sclerosis: a randomised,",
        "placebo-controlled pilot trial",
        "",
        "Abstract",
        "Background: Statins may slow brain atrophy in progressive MS.",
        "Methods: We randomly assigned 60 patients with an EDSS of 4.0-6.5 to",
        "simvastatin (n = 30) or placebo (n = 30) for 24 months.",
        "Results: Fifty-six patients completed the trial. The annualised atrophy",
        "rate was lower with simvastatin (0.29% vs 0.58%; P = 0.003).",
        "Trial registration: ISRCTN 82598726.",
    ],
    [
        "Results (continued)",
        "Baseline mean EDSS was 5.2 +/- 0.9. EDSS progression of at least 1.0 point",
        "occurred in 5 of 30 patients on simvastatin and 9 of 30 on placebo",
        "(p = 0.21). Median EDSS at month 24 was 5.5 (range 4.0-7.0).",
        "",
        "References",
        "1. Chataway J, et al. Lancet. 2014;383:2213-21. doi:10.5555/s0140-6736(13)62242-4",
    ],
]


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(pages):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        content = "BT /F1 10 Tf 13 TL 56 760 Td\n" + "".join(f"({esc(l)}) Tj T*\n" for l in lines) + "ET"
        objs.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        objs.append(f"<< /Length {len(content) + 1} >>\nstream\n{content}\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "corpus/trial_report.pdf"
    with open(target, "wb") as f:
        f.write(pdf(PAGES))
