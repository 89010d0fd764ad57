#!/usr/bin/env bash
# The wheel test (`make test` runs it after cargo test): builds the Python
# wheel with maturin, installs it into a fresh virtual environment, and
# checks that its `litextract --version` runs and is the crate's version,
# and that the module extracts a text. Prints SKIPPED and exits 0 when
# python3 -m venv or maturin (from PyPI) cannot be had.
#
# The wheel is built with Cargo's dev profile, which `cargo test` has just
# built: only the litextract crate is compiled again, not a release build
# of everything (CI has 2 cores). `make wheel` builds the release wheel.
set -uo pipefail
cd "$(dirname "$0")/.."
venv=target/venv-wheel
check=target/venv-wheel-check
out=target/wheels-test

skip() { echo "SKIPPED wheel test: $1"; exit 0; }
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
if [ ! -x "$venv/bin/maturin" ]; then
  python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv does not work (python3-venv missing?)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.5,<2' >/dev/null 2>&1 ||
    skip "maturin could not be installed from PyPI"
fi
set -e
rm -rf "$out" "$check"
log=target/wheel-test-build.log
"$venv/bin/maturin" build --profile dev --locked --out "$out" >"$log" 2>&1 ||
  { cat "$log"; echo "FAILED wheel test: maturin build failed"; exit 1; }
wheel=$(ls "$out"/litextract-*.whl 2>/dev/null | head -1)
[ -n "$wheel" ] || { echo "FAILED wheel test: maturin built no wheel"; exit 1; }
python3 -m venv "$check"
"$check/bin/pip" install --quiet --disable-pip-version-check "$wheel"
want=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
got=$("$check/bin/litextract" --version)
[ "$got" = "litextract $want" ] || { echo "FAILED wheel test: litextract --version says '$got', not 'litextract $want'"; exit 1; }
# The module: a text in, the record out, with the evidence offsets.
"$check/bin/python" - <<'PY'
import litextract
text = "Forty-two patients were randomized (n = 21 per arm); relapse rate fell (P = 0.03)."
r = litextract.extract(text)
assert r["schema"] == "litextract.record/1", r["schema"]
p = [f for f in r["findings"] if f["field"] == "p_value"]
assert p and r["text"][p[0]["start"]:p[0]["end"]] == p[0]["text"], p
PY
echo "wheel test: $(basename "$wheel") installs; '$got' runs; the module extracts"
