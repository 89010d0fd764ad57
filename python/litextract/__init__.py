"""litextract from Python: the facts of clinical-trial papers, with evidence.

The wheel installs the ``litextract`` command (the Rust binary); this module
runs it. ``extract`` takes a text or a path and returns the record as a
dict (``litextract.record/1``, see ``litextract schema``); ``extract_paths``
streams the records of many files through one process, which is what a
Spark or Dask task should call for a partition.

Why a process and not an extension module: the wheel ships the one binary
the command line uses (maturin cannot put a binary and a native module in
one wheel), the PDF reader needs that binary anyway (each PDF is read in a
child process under a time and memory limit), and a child process cannot
hold the GIL, start threads at import or break after ``fork``. Importing
this module starts nothing; each call runs the binary and waits for it
(the wait releases the GIL, so threads extract in parallel).
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

__all__ = ["extract", "extract_paths", "find_binary"]


def find_binary():
    """The path of the ``litextract`` binary this package was installed with."""
    exe = "litextract" + (".exe" if sys.platform == "win32" else "")
    for scheme_dir in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        path = os.path.join(scheme_dir, exe)
        if os.path.isfile(path):
            return path
    found = shutil.which(exe)
    if found:
        return found
    raise FileNotFoundError("the litextract binary is not installed next to this Python")


def _run(args, stdin):
    proc = subprocess.run(
        [find_binary(), "extract", "--format", "jsonl", "--quiet", *args],
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    # 0: all read; 1: some documents failed, each with a failed record.
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip())
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def extract_paths(paths, root=None, jobs=None):
    """Records of the files at ``paths`` (a list), in their order.

    A file that holds many articles gives one record per article; a file
    that cannot be read gives a record with ``status: "failed"``. With
    ``root``, each record's ``source.path`` is relative to it.
    """
    args = ["--files-from", "-"]
    if root is not None:
        args += ["--root", os.fspath(root)]
    if jobs is not None:
        args += ["--jobs", str(int(jobs))]
    listing = "".join(os.fspath(p) + "\n" for p in paths)
    return _run(args, os.fsencode(listing))


def extract(text_or_path):
    """The record of one document: a path (``str`` naming an existing
    file, or ``os.PathLike``), else the text itself (``str``), whose
    record's ``source.path`` is ``"text"``.

    A file that holds many articles gives its first record; use
    ``extract_paths`` for all of them.
    """
    if isinstance(text_or_path, os.PathLike) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and os.path.isfile(text_or_path)
    ):
        records = extract_paths([text_or_path], jobs=1)
    else:
        with tempfile.TemporaryDirectory(prefix="litextract-") as tmp:
            path = os.path.join(tmp, "text")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text_or_path)
            records = extract_paths([path], root=tmp, jobs=1)
    if not records:
        raise ValueError("litextract returned no record")
    return records[0]
