#!/usr/bin/env python3
"""Fetches libpdfium, litextract's PDF backend, into target/pdfium/.

The library comes from the pinned `pypdfium2` wheel on PyPI (the wheel
carries a plain libpdfium.so built by the pdfium-binaries project), is
checked against the pinned SHA-256 and unpacked with its licences. The
build script (build.rs) embeds target/pdfium/libpdfium.so into the binary,
which loads it at run time: a user installs only the binary.

Never fails the build: without pip, PyPI or a pinned wheel for this
machine, it says so and the binary is built without pdfium (pdf-extract,
and pdftotext where installed, read PDFs as before).

Usage: scripts/fetch_pdfium.py [DEST]   (default: target/pdfium)
"""
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile

VERSION = "5.15.2"
# One wheel per machine kind; the hash is the wheel's as PyPI serves it.
WHEELS = {
    ("Linux", "x86_64"): (
        "manylinux_2_17_x86_64",
        "dc31aea5b0fb9fefc9b537a65f4113980b2c40798445736a7e6565bc85161e37",
    ),
    ("Linux", "aarch64"): (
        "manylinux_2_17_aarch64",
        "dd46e93c0c3a73f6cea8489baff6d77a5d0759dd53fbbce0aeb49c91830176fc",
    ),
}
LIB = "pypdfium2_raw/libpdfium.so"


def note(msg):
    print(f"note: {msg}: litextract is built without pdfium "
          "(pdf-extract, and pdftotext where installed, read PDFs)")
    return 0


def main():
    dest = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/pdfium")
    stamp = os.path.join(dest, "pdfium.json")
    lib = os.path.join(dest, "libpdfium.so")
    if os.path.isfile(lib) and os.path.isfile(stamp):
        with open(stamp) as f:
            if json.load(f).get("pypdfium2") == VERSION:
                return 0
    if os.environ.get("LITEXTRACT_NO_PDFIUM"):
        return note("LITEXTRACT_NO_PDFIUM is set")
    kind = (platform.system(), platform.machine())
    if kind not in WHEELS:
        return note(f"no pinned pdfium wheel for {kind[0]} {kind[1]}")
    plat, sha = WHEELS[kind]
    with tempfile.TemporaryDirectory() as tmp:
        req = os.path.join(tmp, "req.txt")
        with open(req, "w") as f:
            f.write(f"pypdfium2=={VERSION} --hash=sha256:{sha}\n")
        cmd = [sys.executable, "-m", "pip", "download", "--quiet",
               "--disable-pip-version-check", "--no-deps", "--only-binary=:all:",
               "--platform", plat, "--require-hashes", "-r", req, "-d", tmp]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as e:
            return note(f"pip could not run ({e})")
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            return note(f"pip could not download pypdfium2 {VERSION} ({last})")
        wheels = [w for w in os.listdir(tmp) if w.endswith(".whl")]
        if len(wheels) != 1:
            return note("pip downloaded no wheel")
        wheel = os.path.join(tmp, wheels[0])
        # pip checked the hash; check again, so that this script alone
        # vouches for what it unpacks.
        with open(wheel, "rb") as f:
            got = hashlib.sha256(f.read()).hexdigest()
        if got != sha:
            return note(f"the wheel's SHA-256 is {got}, not the pinned {sha}")
        os.makedirs(dest, exist_ok=True)
        with zipfile.ZipFile(wheel) as z:
            part = lib + ".part"
            with z.open(LIB) as src, open(part, "wb") as out:
                shutil.copyfileobj(src, out)
            os.replace(part, lib)
            lic = os.path.join(dest, "licenses")
            os.makedirs(lic, exist_ok=True)
            for name in z.namelist():
                if "/licenses/" in name and not name.endswith("/"):
                    target = os.path.join(lic, name.split("/licenses/", 1)[1])
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with z.open(name) as src, open(target, "wb") as out:
                        shutil.copyfileobj(src, out)
            raw = json.loads(z.read("pypdfium2_raw/version.json"))
    with open(stamp, "w") as f:
        json.dump({"pypdfium2": VERSION, "wheel_sha256": sha,
                   "pdfium_build": raw.get("build")}, f)
    print(f"pdfium {raw.get('build')} (pypdfium2 {VERSION}) is in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
