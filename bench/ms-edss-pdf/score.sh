#!/bin/bash
# score.sh [BIN] [OUT] [MSP]: EDSS scores of the PDF proxy, dev and check,
# per layout (one, two) and per text source: litextract's own PDF reading
# (pdfium; pdf-extract with LITEXTRACT_NO_PDFIUM=1) and pdftotext's text
# (reading order, and -layout). Run from the repository root after
# render.py. Writes texts under MSP and records under OUT.
BIN=${1:-target/release/litextract}; OUT=${2:-/tmp/msp/out}; MSP=${3:-/tmp/msp}
GOLD=bench/ms-edss/gold.jsonl
mkdir -p "$OUT"
sed 's/\.txt"/.pdf"/' $GOLD > "$MSP/gold-pdf.jsonl"
for layout in one two tight; do
  for mode in raw layout; do
    d="$MSP/$layout/pdftotext-$mode"; mkdir -p "$d"
    for p in "$MSP/$layout"/pdf/*.pdf; do
      n=$(basename "$p" .pdf)
      [ -s "$d/$n.txt" ] || pdftotext -enc UTF-8 $([ $mode = layout ] && echo -layout) "$p" "$d/$n.txt"
    done
  done
  $BIN extract "$MSP/$layout/pdf" --out "$OUT/$layout-pdfium" --quiet --force --jobs 1 >/dev/null 2>&1
  LITEXTRACT_NO_PDFIUM=1 $BIN extract "$MSP/$layout/pdf" --out "$OUT/$layout-pdfextract" --quiet --force --jobs 1 >/dev/null 2>&1
  for mode in raw layout; do
    $BIN extract "$MSP/$layout/pdftotext-$mode" --out "$OUT/$layout-pdftotext-$mode" --quiet --force --jobs 1 >/dev/null 2>&1
  done
  for src in pdfium pdfextract pdftotext-raw pdftotext-layout; do
    g=$GOLD; case $src in pdfium|pdfextract) g="$MSP/gold-pdf.jsonl";; esac
    for h in dev check; do
      printf '%-4s %-17s %-5s ' $layout $src $h
      $BIN eval --gold "$g" --records "$OUT/$layout-$src" --half $h 2>/dev/null | grep -E "^edss +[0-9]" | head -1
    done
  done
done
