"""Runs examples/spark/litextract_spark.py in local mode and checks that its
records equal the plain run's, then prints both wall times. `make
spark-demo` runs it with the release binary; the test suite
(tests/it/spark.rs) with the test build.

    python examples/spark/compare.py --bin target/release/litextract [--shared ../shared] [--texts 300]

The inputs: the demo corpus (corpus/) and, where ../shared is there, the
first N texts of the benchmark corpus (corpora/bench/pmc-rct-text.tar.gz),
copied into one temporary folder. The plain run is `litextract extract
FOLDER --format jsonl` (all cores); the Spark run pipes the list of the same
files through litextract in local mode (local[*], the same cores).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def build_corpus(folder, shared, texts):
    shutil.copytree(ROOT / "corpus", folder / "demo")
    tarball = Path(shared) / "corpora/bench/pmc-rct-text.tar.gz"
    if texts <= 0:
        return 0
    if not tarball.is_file():
        print(f"note: {tarball} is not here: the demo corpus only", file=sys.stderr)
        return 0
    n = 0
    with tarfile.open(tarball) as tar:
        for member in tar:
            if n >= texts:
                break
            if member.isfile() and member.name.endswith(".txt"):
                data = tar.extractfile(member).read()
                (folder / "bench").mkdir(exist_ok=True)
                (folder / "bench" / Path(member.name).name).write_bytes(data)
                n += 1
    return n


def listed(folder):
    """Every file a walk of `folder` reads (hidden ones left out), sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out += [os.path.join(dirpath, f) for f in sorted(filenames) if not f.startswith(".")]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--texts", type=int, default=300, help="bench texts to add to the demo corpus")
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    args = ap.parse_args()
    binary = str(Path(args.bin).resolve())

    with tempfile.TemporaryDirectory(prefix="litextract-spark-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        corpus.mkdir()
        texts = build_corpus(corpus, args.shared, args.texts)
        paths = listed(corpus)
        (tmp / "paths.txt").write_text("".join(p + "\n" for p in paths))
        print(f"inputs: {len(paths)} files ({texts} bench texts and the demo corpus)", flush=True)

        t0 = time.perf_counter()
        plain = subprocess.run(
            [binary, "extract", str(corpus), "--format", "jsonl", "--quiet", "--shard", "1/1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
        )
        plain_s = time.perf_counter() - t0
        if plain.returncode not in (0, 1):
            sys.exit(f"the plain run failed ({plain.returncode}): {plain.stderr.decode()}")

        out = tmp / "spark-out"
        t0 = time.perf_counter()
        spark = subprocess.run(
            [sys.executable, str(HERE / "litextract_spark.py"), str(tmp / "paths.txt"), str(out),
             "--root", str(corpus), "--bin", binary, "--format", args.format],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
            # Spark's Python workers run the same Python as the driver.
            env={**os.environ, "PYSPARK_PYTHON": sys.executable},
        )
        spark_s = time.perf_counter() - t0
        if spark.returncode != 0:
            sys.exit(f"the Spark job failed ({spark.returncode}):\n{spark.stderr.decode()[-4000:]}")

        want = sorted(plain.stdout.decode().splitlines())
        if args.format == "parquet":
            parquet = sorted(out.glob("*.parquet"))
            print(f"Parquet: {len(parquet)} files in {out}; {len(want)} records expected")
            got = None
        else:
            got = sorted(
                line for part in sorted(out.glob("part-*")) for line in part.read_text().splitlines()
            )
        print(f"plain run: {len(want)} records in {plain_s:.1f} s wall")
        print(f"Spark local[*] (RDD.pipe): {spark_s:.1f} s wall, JVM start included")
        for line in spark.stderr.decode("utf-8", "replace").splitlines():
            if line.startswith("litextract_spark:"):
                print(f"  of which {line.split(':', 1)[1].strip()}")
        if got is not None and got != want:
            missing = [l[:160] for l in want if l not in set(got)][:3]
            extra = [l[:160] for l in got if l not in set(want)][:3]
            sys.exit(
                f"the Spark records differ from the plain run's: {len(got)} vs {len(want)} lines; "
                f"missing {missing}; extra {extra}"
            )
        if got is not None:
            print(f"Spark's JSONL equals the plain run's records ({len(got)} lines)")


if __name__ == "__main__":
    main()
