"""litextract under Spark: RDD.pipe over a list of paths.

Spark splits the list into partitions; each partition's paths go, one per
line, to the standard input of one `litextract extract --files-from -
--format jsonl` process, whose standard output (one JSON record per line,
nothing else) becomes the partition's records. Spark itself writes them, as
JSON Lines part files or as Parquet. The binary must be on every worker
(`pip install litextract` gives it) and the paths readable there (a shared
file system).

    spark-submit examples/spark/litextract_spark.py paths.txt records/ --root /data/corpus
    python examples/spark/litextract_spark.py paths.txt records/ --format parquet   # local mode

A document that cannot be read is a record with "status": "failed", never
a failed task: litextract exits 1 then, which the command below accepts.
Exit 2 (fatal: bad arguments, the binary cannot run) fails the task, and
Spark retries it as for any crash.
"""

import argparse
import os
import shlex
import shutil
import sys
import time

from pyspark.sql import SparkSession


def command(binary, root=None, jobs=1):
    """The shell command each partition pipes its paths through."""
    # --shard 1/1: every path given, even where a Slurm array's variables
    # are set (litextract would otherwise read its shard of them).
    tool = [binary, "extract", "--files-from", "-", "--format", "jsonl", "--quiet",
            "--jobs", str(jobs), "--shard", "1/1"]
    if root:
        tool += ["--root", root]
    # `test $? -le 1`: 0 (all read) and 1 (some documents failed, each with
    # a failed record) are both a finished partition; with checkCode=True
    # anything else fails the task.
    return shlex.join(["sh", "-c", '"$@"; test $? -le 1', "sh", *tool])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", help="a text file: one input path per line (local or shared storage)")
    ap.add_argument("out", help="output folder Spark writes (JSON Lines part files, or Parquet)")
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--root", help="the folder the paths are under: records get paths relative to it")
    ap.add_argument("--bin", default="litextract", help="the litextract binary on the workers")
    ap.add_argument("--partitions", type=int, default=0, help="default: 4 per core")
    ap.add_argument("--jobs", type=int, default=1, help="threads per litextract process (Spark gives each task a core)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    spark = SparkSession.builder.appName("litextract").getOrCreate()
    t1 = time.perf_counter()
    sc = spark.sparkContext
    partitions = args.partitions or 4 * sc.defaultParallelism
    paths = sc.textFile(os.path.abspath(args.paths), minPartitions=partitions)
    binary = shutil.which(args.bin) or args.bin
    # PySpark runs the command with exactly `env` as its environment.
    env = {"PATH": os.environ.get("PATH", os.defpath)}
    records = paths.pipe(command(binary, args.root, args.jobs), env=env, checkCode=True)
    if args.format == "jsonl":
        records.saveAsTextFile(args.out)
    else:
        # Spark infers the record schema (litextract schema prints it as
        # JSON Schema) and writes it as Parquet.
        spark.read.json(records).write.parquet(args.out)
    t2 = time.perf_counter()
    spark.stop()
    print(f"litextract_spark: Spark session {t1 - t0:.1f} s, job {t2 - t1:.1f} s "
          f"({partitions} partitions)", file=sys.stderr)


if __name__ == "__main__":
    main()
