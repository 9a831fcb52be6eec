"""Build benchmark: time and peak memory of each pipeline stage at several sizes.

    .venv/bin/python bench/run.py [--sizes 1000,10000] [--full]

Prints records/s per stage and the ratio between sizes (1.0 per 10× means linear cost).
``--full`` also runs the whole ``portal build`` (render, scan, indexes) in a child process.
``opendata_s`` is the open-data step (generator/opendata: tables, CSV, JSON, SQLite with its
full-text index, datapackage.json), also shown as a share of the build with ``--full``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from demo.sample import write_sample
from generator import defaults
from generator.core.derive import derive
from generator.evaluation.plugin import compute as compute_evaluation
from generator.opendata.files import write_all
from generator.opendata.tables import tables
from generator.publish.pipeline import check

AS_OF = date(2026, 11, 28)


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def bench_size(n: int, workdir: Path, full: bool) -> dict[str, float]:
    content = workdir / f"content-{n}"
    _, t_sample = _timed(write_sample, content, n, 1)
    checked, t_check = _timed(check, content)
    assert not checked.problems, checked.problems[:5]
    portal, t_derive = _timed(derive, checked.content, AS_OF)
    row = {"records": n, "sample_s": t_sample, "load+validate_s": t_check, "derive_s": t_derive}
    features = {"evaluation": compute_evaluation(portal)}  # the build computes it anyway
    settings = {k: getattr(defaults, k) for k in dir(defaults) if k.isupper()}
    _, row["opendata_s"] = _timed(
        lambda: write_all(tables(portal, features), workdir / f"data-{n}", settings, AS_OF)
    )
    if full:
        out = workdir / f"out-{n}"
        cmd = [sys.executable, "-m", "generator.cli", "build", "--content", str(content), "--output", str(out), "--as-of", AS_OF.isoformat()]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        row["build_s"] = time.perf_counter() - start
        row["child_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        row["opendata_share"] = row["opendata_s"] / row["build_s"]
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            row = bench_size(n, Path(tmp), args.full)
            rows.append(row)
            rate = n / row["load+validate_s"]
            print(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), f"validate_rate={rate:.0f}/s")
    for a, b in zip(rows, rows[1:], strict=False):
        scale = b["records"] / a["records"]
        for key in ("load+validate_s", "derive_s", "opendata_s", "build_s"):
            if key in a and a[key] > 0:
                print(f"{key}: {b['records']}/{a['records']} records → time ×{b[key] / a[key]:.1f} (linear would be ×{scale:.0f})")


if __name__ == "__main__":
    main()
