"""Search benchmark: Whoosh index build rate, incremental update, query p50/p95, Pagefind bundle.

    .venv/bin/python bench/search_bench.py [--sizes 10000,100000] [--procs 2] [--queries 300] [--no-pagefind]

Documents come from ``portal sample`` content (``write_sample``, validated and derived as
``portal build`` does), so they have realistic names, codes, 文号 and 违法事实. Sizes are
双公示 record counts; the document count (records + cases, promises, departments) is printed.
Queries are a mix of the kinds journalists send: company names, 统一社会信用代码, 文号,
words from 违法事实, common words, and fielded queries with amount or date ranges.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.sample import write_sample  # noqa: E402
from generator.core.derive import derive  # noqa: E402
from generator.publish.pipeline import check  # noqa: E402
from search.documents import SearchDocument, documents  # noqa: E402
from search.engine import SearchRequest, build_index, open_index  # noqa: E402
from search.static_index import write_bundle  # noqa: E402

AS_OF = date(2026, 11, 28)
COMMON = ["有限公司", "罚款", "食品", "安全", "许可", "示例区"]


def sample_documents(n: int, workdir: Path) -> list[SearchDocument]:
    """Search documents of a ``portal sample`` tree with ``n`` records."""
    content = workdir / f"content-{n}"
    write_sample(content, n, 1)
    checked = check(content)
    assert not checked.problems, checked.problems[:5]
    return documents(derive(checked.content, AS_OF))


def _words(text: str, rng: random.Random) -> str:
    """Two adjacent Chinese runs from a document's body: what a reader might remember."""
    runs = [r for r in re.findall(r"[\u4e00-\u9fff]{2,6}", text) if not r.startswith(("违法", "处罚", "行政"))]
    if len(runs) < 2:
        return runs[0] if runs else "罚款"
    i = rng.randrange(len(runs) - 1)
    return f"{runs[i]} {runs[i + 1]}"


def query_mix(docs: list[SearchDocument], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the documents."""
    rng = random.Random(seed)
    records = [d for d in docs if d.type in ("penalty", "license", "act")]
    with_code = [d for d in records if d.uscc]
    out: list[tuple[str, str]] = []
    kinds = ["name", "uscc", "decision_no", "facts", "common", "fielded"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        doc = rng.choice(records)
        if kind == "name":
            out.append((kind, doc.subject))
        elif kind == "uscc":
            out.append((kind, rng.choice(with_code).uscc if with_code else doc.decision_no))
        elif kind == "decision_no":
            out.append((kind, doc.decision_no))
        elif kind == "facts":
            out.append((kind, _words(doc.body, rng)))
        elif kind == "common":
            out.append((kind, rng.choice(COMMON)))
        else:
            year = rng.randrange(2023, 2027)
            word = rng.choice(COMMON)
            out.append((kind, rng.choice([f"{word} 金额:>5", f"{word} 日期:[{year}-01-01 TO {year}-06-30]"])))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_queries(path: Path, queries: list[tuple[str, str]], time_limit: float | None) -> dict[str, list[float]]:
    """Latency in ms per query kind (and 'all'), searching as the API does (20 a page)."""
    idx = open_index(path)
    lat: dict[str, list[float]] = {"all": []}
    timeouts = 0
    try:
        for kind, text in queries:
            start = time.perf_counter()
            res = idx.search(SearchRequest(text, per_page=20, time_limit=time_limit))
            ms = (time.perf_counter() - start) * 1000
            timeouts += res.timed_out
            lat.setdefault(kind, []).append(ms)
            lat["all"].append(ms)
    finally:
        idx.close()
    lat["timeouts"] = [float(timeouts)]
    return lat


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench(n: int, workdir: Path, procs: int, n_queries: int, pagefind: bool) -> None:
    t0 = time.perf_counter()
    docs = sample_documents(n, workdir)
    print(f"\n== {n} records → {len(docs)} documents (sample+validate+derive {time.perf_counter() - t0:.1f} s)")

    ix1 = workdir / f"ix-{n}"
    start = time.perf_counter()
    build_index(docs, ix1, procs=procs)
    built = time.perf_counter() - start
    print(f"Whoosh full build: {built:.1f} s, {len(docs) / built:.0f} docs/s (procs={procs}), index {_dir_mb(ix1):.0f} MB")

    rng = random.Random(3)
    changed = {d.id for d in rng.sample(docs, max(1, len(docs) // 100))}
    dropped = {d.id for d in rng.sample(docs, max(1, len(docs) // 200))} - changed
    new_docs = [
        dataclasses.replace(d, body=d.body + "\n更正说明：已补充材料") if d.id in changed else d
        for d in docs
        if d.id not in dropped
    ]
    start = time.perf_counter()
    stats = build_index(new_docs, workdir / f"ix-{n}-b", previous=ix1)
    print(
        f"Whoosh incremental: {time.perf_counter() - start:.1f} s "
        f"({stats.updated} changed, {stats.deleted} withdrawn; copy of the live index included)"
    )

    queries = query_mix(docs, n_queries)
    run_queries(ix1, queries[:20], None)  # warm jieba and the OS cache
    for label, limit in (("unbounded", None), ("API bound 1 s", 1.0)):
        lat = run_queries(ix1, queries, limit)
        timeouts = int(lat.pop("timeouts")[0])
        print(f"queries ({label}, {len(queries)}, {timeouts} timed out):")
        for kind, values in lat.items():
            print(
                f"  {kind:12} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms"
                f"   max {max(values):7.1f} ms"
            )

    if pagefind:
        site = workdir / f"site-{n}"
        site.mkdir()
        took, peak_kb = _bundle_in_child(docs, site)
        print(
            f"Pagefind bundle: {took:.1f} s, {len(docs) / took:.0f} docs/s, {_dir_mb(site / 'pagefind'):.0f} MB, "
            f"peak RSS of the pagefind process {peak_kb / 1024:.0f} MB"
        )


def _bundle_child(docs: list[SearchDocument], site: Path, out: Any) -> None:
    start = time.perf_counter()
    write_bundle(docs, site)
    # This process's only child was pagefind: its peak memory, not Whoosh's writers'.
    out.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))


def _bundle_in_child(docs: list[SearchDocument], site: Path) -> tuple[float, int]:
    """Build the Pagefind bundle in a forked process; (seconds, peak RSS of pagefind in kB)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_bundle_child, args=(docs, site, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated record counts, e.g. 10000,100000")
    ap.add_argument("--procs", type=int, default=1, help="Whoosh writer processes for the full build")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--no-pagefind", action="store_true")
    ap.add_argument("--workdir", help="keep files here (default: a temporary directory)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
        for n in sizes:
            bench(n, Path(args.workdir), args.procs, args.queries, not args.no_pagefind)
        return
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        for n in sizes:
            bench(n, Path(tmp), args.procs, args.queries, not args.no_pagefind)


if __name__ == "__main__":
    main()
