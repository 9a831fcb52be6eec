"""``make bench``: issue 10's targets at district scale, measured in one run.

    .venv/bin/python bench/run.py                # 20k / 50k / 100k / 200k records (about 10 min)
    BENCH_QUICK=1 .venv/bin/python bench/run.py  # 2k / 20k: the same measurements, for development
    .venv/bin/python bench/run.py --sizes 20000,200000 [--workdir DIR] [--no-results]

Content: ``portal sample --seed 7`` with 60 bodies, 10 years of decisions, and promises, cases
and press updates in proportion (3,000 promises, 2,000 cases, 100 updates at 200,000 records).
Every build runs ``portal build`` in a child process with CI=1 (plain stage lines, parsed for
the stage table); the peak memory is the whole process tree's (the build, Pagefind, Whoosh's
writers), sampled every 0.1 s with psutil. At the largest size it also measures:

* a no-change rebuild (same content, same as-of date);
* a day's publish: 450 records added, 50 changed, 50 withdrawn (撤销), same as-of date;
* the Whoosh index's query latency per query kind (bench/search_bench.py's mix), unbounded;
* what Chromium fetches for typical queries on search.html (``portal serve``'s server);
* the output's files and bytes.

The baseline is plain Pelican in the same run: 2,000 one-record Markdown pages with its
default theme; our rate (records per second of a cold build) is printed as a ratio to it.
The results go to bench/RESULTS.md between the ``bench:start`` / ``bench:end`` markers
(the analysis around them is written by hand), with the machine's details and load.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generator.opendata.plugin import OPEN_DATA_NOTE  # noqa: E402 - after the path

BIN = Path(sys.executable).parent
PORTAL = str(BIN / "portal")
AS_OF = date(2026, 11, 28)
SEED = 7
FULL_SIZES = [20000, 50000, 100000, 200000]
QUICK_SIZES = [2000, 20000]
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
#: Queries typed into search.html besides a firm's name and a 文号 taken from the index.
BROWSER_QUERIES = ["有限公司", "食品 安全", "罚款"]


# --------------------------------------------------------------------------- running things


class TreeWatch:
    """Peak memory of a process and all its descendants, and their CPU time.

    ``peak_rss`` adds up their RSS (shared pages counted once per process), sampled every 0.1 s:
    cheap (``/proc/PID/statm``). ``peak`` adds up their PSS (proportional set size: a page shared
    by the build and its forked child counts once, split between them), the memory the tree
    really holds. PSS means walking every page table (``smaps``: about 25 ms per GB of process),
    so it is sampled only once a second, and at once when the RSS sum has grown 5 % since:
    sampled every 0.1 s, four processes of a gigabyte would cost the sampler about half a core's
    worth of page-table walks (measured: 24 ms per sample of a 1 GB process), taken from the
    build it measures.
    """

    #: Seconds between RSS samples, and between PSS samples below a new RSS high.
    RSS_EVERY, PSS_EVERY = 0.1, 1.0

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _procs(self) -> list[psutil.Process]:
        return [self.root, *self.root.children(recursive=True)]

    def _run(self) -> None:
        last_pss, rss_at_pss = 0.0, 0
        while not self._stop.is_set():
            try:
                procs = self._procs()
            except psutil.Error:
                break
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            now = time.monotonic()
            # at once when the tree has grown 5 % since the last PSS sample (a new high)
            if rss > rss_at_pss * 1.05 or now - last_pss >= self.PSS_EVERY:
                self.peak = max(self.peak, self._pss(procs))
                last_pss, rss_at_pss = now, rss
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.RSS_EVERY)

    @staticmethod
    def _pss(procs: list[psutil.Process]) -> int:
        total = 0
        for p in procs:
            try:
                info = p.memory_full_info()
                total += getattr(info, "pss", info.rss)
            except psutil.Error:
                pass
        return total

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(cmd: list[str], env: dict | None = None) -> dict[str, Any]:
    """Run a command; wall time, peak RSS of its tree (MB), CPU seconds, stdout+stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})}
    )
    watch = TreeWatch(proc.pid)
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    watch.stop()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")
    return {
        "wall": wall, "peak_mb": watch.peak / 1e6, "peak_rss_mb": watch.peak_rss / 1e6,
        "cpu": sum(watch.cpu.values()), "log": out,
    }  # fmt: skip


def stages(log: str) -> list[tuple[str, float]]:
    """The build's stage lines: ``portal: NAME 1.2 s``."""
    return [(m[1], float(m[2])) for m in re.finditer(r"^portal: (.+?) ([\d.]+) s", log, re.M)]


def open_data_seconds(log: str) -> float | None:
    """Seconds the open-data files took, from the note on the render stage's line."""
    m = re.search(OPEN_DATA_NOTE + r" ([\d.]+) s", log)
    return float(m[1]) if m else None


#: The settings file builds use (``settings_file``): the checkout's pelicanconf.py and the engine.
SETTINGS: Path | None = None


def settings_file(work: Path, engine: str) -> Path:
    """pelicanconf.py of this checkout with ``PORTAL_SEARCH_ENGINE = engine``."""
    path = work / f"benchconf-{engine}.py"
    base = (ROOT / "pelicanconf.py").read_text("utf-8")
    path.write_text(f"{base}\nPORTAL_SEARCH_ENGINE = {engine!r}\n", "utf-8")
    return path


def build(content: Path, out: Path, as_of: date = AS_OF) -> dict[str, Any]:
    cmd = [PORTAL, "build", "--content", str(content), "--output", str(out), "--as-of", as_of.isoformat()]
    if SETTINGS is not None:
        cmd += ["--settings", str(SETTINGS)]
    result = run(cmd, env={"CI": "1"})
    result["stages"] = stages(result["log"])
    return result


def sample(n: int, dest: Path) -> float:
    """``portal sample`` at district scale for ``n`` records; seconds taken."""
    if dest.exists():
        shutil.rmtree(dest)
    args = [
        PORTAL, "sample", "--records", str(n), "--seed", str(SEED), "--out", str(dest),
        "--departments", "60", "--years", "10", "--updates", "100",
        "--promises", str(max(30, round(3000 * n / 200000))),
        "--cases", str(max(20, round(2000 * n / 200000))),
    ]  # fmt: skip
    return run(args)["wall"]


def output_size(out: Path) -> dict[str, Any]:
    """Files and bytes of the live release: the site, and the Whoosh index beside it."""
    site = out.resolve()
    files = [p for p in site.rglob("*") if p.is_file()]
    search = site.with_name("site.search")
    pagefind = [p for p in files if "pagefind" in p.relative_to(site).parts]
    return {
        "files": len(files),
        "site_mb": sum(p.stat().st_size for p in files) / 1e6,
        "pagefind_files": len(pagefind),
        "pagefind_mb": sum(p.stat().st_size for p in pagefind) / 1e6,
        "index_mb": sum(p.stat().st_size for p in search.rglob("*") if p.is_file()) / 1e6,
    }


# --------------------------------------------------------------------------- a day's publish


def _csv_files(content: Path) -> list[tuple[Path, str]]:
    """The CSV exports written in UTF-8 with the national Chinese headers (others are left alone)."""
    out = []
    for dataset in ("penalties", "licenses", "other-acts"):
        for path in sorted((content / "data" / dataset).glob("*.csv")):
            head = path.read_bytes()[:3]
            if head == b"\xef\xbb\xbf":
                out.append((path, dataset))
    return out


def day_of_changes(content: Path, added: int = 450, changed: int = 50, withdrawn: int = 50) -> dict[str, int]:
    """Edit the exports as a day's publish does: new decisions, corrections, withdrawals (撤销)."""
    from generator.core.load import CSV_DATASETS

    rng = random.Random(11)
    files = _csv_files(content)
    recent = [(p, d) for p, d in files if p.name.endswith("-2026.csv")]
    tables: dict[Path, tuple[list[str], list[list[str]], str]] = {}
    for path, dataset in files:
        rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
        model = CSV_DATASETS[dataset][0]
        if model.model_fields["decision_no"].json_schema_extra["header"] in rows[0]:
            tables[path] = (rows[0], rows[1:], dataset)  # national Chinese headers (not pinyin codes)
    recent = [(p, d) for p, d in recent if p in tables]

    def col(path: Path, field: str) -> int:
        header, _, dataset = tables[path]
        model = CSV_DATASETS[dataset][0]
        if field not in model.model_fields:
            return -1
        name = model.model_fields[field].json_schema_extra["header"]
        return header.index(name) if name in header else -1

    day = AS_OF - timedelta(days=1)
    # A new decision's dates, coherent with its decision day (empty columns stay empty).
    dates = {
        "decided_on": day, "published_on": day, "valid_from": day,
        "valid_until": day + timedelta(days=3 * 365), "publicity_until": day + timedelta(days=365),
        "revoked_on": None, "repaired_on": None,
    }  # fmt: skip
    def plain(header: list[str], row: list[str]) -> bool:
        """A row with nothing about repair, revocation or cancellation: a model for a new decision."""
        return not any(cell for h, cell in zip(header, row, strict=False) if any(w in h for w in ("修复", "撤销", "注销")))

    for i in range(added):
        path, _ = recent[i % len(recent)]
        header, rows, _ = tables[path]
        row = list(rng.choice([r for r in rows if plain(header, r)] or rows))
        no = row[col(path, "decision_no")]
        # A number no department reached this year: unique whatever row was copied.
        row[col(path, "decision_no")] = re.sub(r"\d+号$", f"{900000 + i}号", no)
        for field, value in dates.items():
            at = col(path, field)
            if at >= 0 and (row[at] or field in ("decided_on", "published_on")):
                row[at] = value.strftime("%Y/%m/%d") if value else ""
        rows.append(row)
    active = [(p, n) for p in tables for n, r in enumerate(tables[p][1]) if not r[col(p, "revoked_on")]]
    picks = rng.sample(active, changed + withdrawn)
    for path, n in picks[:changed]:
        row = tables[path][1][n]
        row[col(path, "content")] += "（更正）"
    for path, n in picks[changed:]:
        tables[path][1][n][col(path, "revoked_on")] = day.strftime("%Y/%m/%d")
    for path, (header, rows, _) in tables.items():
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([header, *rows])
    return {"added": added, "changed": changed, "withdrawn": withdrawn}


# --------------------------------------------------------------------------- baselines and queries


def plain_pelican(workdir: Path, pages: int = 2000) -> dict[str, Any]:
    """Plain Pelican, default theme: one Markdown page per record; pages per second."""
    content = workdir / "pelican-content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    rng = random.Random(5)
    for i in range(pages):
        day = date(2017, 1, 1) + timedelta(days=rng.randrange(3600))
        (content / f"r{i:05d}.md").write_text(
            f"Title: 示例区某有限公司行政处罚决定 {i}\nDate: {day.isoformat()} 10:00\nCategory: 行政处罚\n\n"
            f"违法事实：当事人经营超过保质期的食品，货值金额{rng.randrange(1000, 60000)}元。\n\n"
            f"处罚依据：《中华人民共和国食品安全法》第一百二十四条。\n\n处罚内容：罚款人民币{rng.randrange(5, 500) * 100}元。\n",
            encoding="utf-8",
        )
    conf = workdir / "pelicanconf-plain.py"
    conf.write_text("SITENAME = 'plain'\nTIMEZONE = 'Asia/Shanghai'\nDEFAULT_LANG = 'zh'\n", encoding="utf-8")
    out = workdir / "pelican-out"
    shutil.rmtree(out, ignore_errors=True)
    result = run([str(BIN / "pelican"), str(content), "-o", str(out), "-s", str(conf), "-q"])
    return {"pages": pages, "wall": result["wall"], "rate": pages / result["wall"], "peak_mb": result["peak_mb"]}


def stored_documents(index_dir: Path) -> list[dict[str, Any]]:
    """The documents an index stores (either engine): what the query mix draws names and codes from."""
    from search.engine import engine_of, open_index

    if engine_of(index_dir) == "tantivy":
        import tantivy

        from search.tantivy_engine import SUBDIR

        searcher = tantivy.Index.open(str(index_dir / SUBDIR)).searcher()
        hits = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs, count=False).hits
        return [json.loads(bytes(searcher.doc(a)["stored"][0])) for _, a in hits]
    idx = open_index(index_dir)
    try:
        with idx._searcher() as searcher:
            return [dict(stored) for stored in searcher.all_stored_fields()]
    finally:
        idx.close()


def query_latency(index_dir: Path, count: int = 300) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """p50 / p95 in ms per query kind on the built index (search_bench's mix, unbounded), and
    two queries for the browser: a firm's name and a 文号."""
    from search_bench import percentile, query_mix, run_queries

    from search.schema import SearchDocument

    docs = [
        SearchDocument(
            type=d.get("type", ""), id=d["id"], url="", title=d.get("title", ""), body=d.get("body", ""),
            subject=d.get("subject", ""), uscc=d.get("uscc", ""), decision_no=d.get("decision_no", ""),
        )
        for d in stored_documents(index_dir)
    ]  # fmt: skip
    queries = query_mix(docs, count)
    run_queries(index_dir, queries[:30], None)  # warm jieba and the OS cache
    lat = run_queries(index_dir, queries, None)
    lat.pop("timeouts", None)
    picks = [text for kind, text in queries if kind in ("name", "decision_no")][:2]
    return {k: (statistics.median(v), percentile(v, 95)) for k, v in lat.items()}, picks


def browser_bytes(site: Path, queries: list[str]) -> dict[str, Any]:
    """Bytes Chromium fetches for search.html and one query (all files, and Pagefind's alone)."""
    try:
        from playwright.sync_api import sync_playwright

        from search.server import make_server
        from tests.browserkit import CHROMIUM, CHROMIUM_ARGS
    except ImportError as e:
        return {"error": str(e)}
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} missing"}
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, Any] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for q in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: list[tuple[str, int]] = []

                def done(response, sizes=sizes) -> None:
                    body = response.body() if response.ok else b""
                    # As sent: portal serve compresses text with gzip (as nginx's gzip does,
                    # docs/deployment.md); Pagefind's own data files are gzip already.
                    sent = response.request.sizes().get("responseBodySize", len(body))
                    sizes.append((response.url, len(body), sent))

                page.on("response", done)
                from urllib.parse import quote

                page.goto(base + "search.html?q=" + quote(q))
                page.locator(".pagefind-ui__message").first.wait_for(timeout=30000)
                page.wait_for_timeout(2000)  # the results' fragments
                results = page.locator(".pagefind-ui__result-link").count()
                out[q] = {
                    "requests": len(sizes),
                    "total_kb": sum(n for _, n, _ in sizes) / 1024,
                    "pagefind_kb": sum(n for u, n, _ in sizes if "/pagefind/" in u) / 1024,
                    "sent_kb": sum(g for _, _, g in sizes) / 1024,
                    "shown": results,
                }
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def machine() -> str:
    """nproc, lscpu | head, memory, load, Python: as RESULTS.md shows them."""

    def sh(cmd: str) -> str:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.rstrip()

    return "\n".join(
        [
            "$ nproc", sh("nproc"), "$ lscpu | head", sh("lscpu | head"),
            "$ free -m | head -2", sh("free -m | head -2"), "$ uptime", sh("uptime"),
            f"$ python --version\nPython {sys.version.split()[0]}",
        ]
    )  # fmt: skip


# --------------------------------------------------------------------------- the run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", help="comma-separated record counts (default: 20k,50k,100k,200k; BENCH_QUICK=1: 2k,20k)")
    ap.add_argument("--workdir", help="keep the trees here (default: a temporary directory)")
    ap.add_argument("--no-results", action="store_true", help="print only; leave bench/RESULTS.md alone")
    ap.add_argument(
        "--engine",
        default=os.environ.get("BENCH_ENGINE", "tantivy"),
        choices=["whoosh", "tantivy"],
        help="PORTAL_SEARCH_ENGINE for the builds (default tantivy: the engine for a district this size)",
    )
    args = ap.parse_args()
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if quick else FULL_SIZES)
    if args.workdir:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
        report = measure(sizes, work, args.engine)
    else:
        with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
            report = measure(sizes, Path(tmp), args.engine)
    text = render(report)
    print(text)
    if not args.no_results:
        write_results(text)


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def measure(sizes: list[int], work: Path, engine: str) -> dict[str, Any]:
    global SETTINGS
    SETTINGS = settings_file(work, engine)
    report: dict[str, Any] = {
        "date": date.today().isoformat(), "machine_before": machine(), "sizes": [], "engine": engine,
    }  # fmt: skip
    say("plain Pelican baseline (2,000 pages)")
    report["pelican"] = plain_pelican(work)
    for n in sizes:
        content, out = work / f"content-{n}", work / f"out-{n}"
        say(f"{n:,} records: portal sample")
        took = sample(n, content)
        for path in work.glob(f"out-{n}*"):  # a cold build: no live release, no ledger
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        say(f"{n:,} records: cold build")
        cold = build(content, out)
        row = {"records": n, "sample_s": took, "cold": cold, "output": output_size(out)}
        report["sizes"].append(row)
        say(f"{n:,} records: cold {cold['wall']:.1f} s, peak {cold['peak_mb']:.0f} MB")
    largest = report["sizes"][-1]
    n = largest["records"]
    content, out = work / f"content-{n}", work / f"out-{n}"
    say("no-change rebuild")
    largest["nochange"] = build(content, out)
    say("a day's publish")
    largest["day_edit"] = day_of_changes(content)
    largest["day"] = build(content, out)
    largest["day_output"] = output_size(out)
    say("query latency")
    largest["queries"], picks = query_latency(out.resolve().with_name("site.search"))
    say("browser bytes")
    largest["browser"] = browser_bytes(out, BROWSER_QUERIES + picks)
    report["machine_after"] = machine()
    return report


def _stage_table(rows: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for row in rows:
        for name, _ in row["cold"]["stages"]:
            if name not in names:
                names.append(name)
    head = "| stage | " + " | ".join(f"{r['records']:,}" for r in rows) + " |"
    lines = [head, "|---" * (len(rows) + 1) + "|"]
    for name in names:
        cells = []
        for r in rows:
            values = [t for s, t in r["cold"]["stages"] if s == name]
            cells.append(f"{sum(values):.1f}" if values else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def render(report: dict[str, Any]) -> str:
    """The results as Markdown (printed, and written into RESULTS.md)."""
    pel = report["pelican"]
    rows = report["sizes"]
    big = rows[-1]
    lines = [
        f"Measured {report['date']} by `make bench` (bench/run.py), search engine "
        f"`PORTAL_SEARCH_ENGINE = {report['engine']!r}`.",
        "",
        "```",
        report["machine_before"],
        "```",
        "",
        f"Plain Pelican (default theme, one Markdown page per record): {pel['pages']:,} pages in "
        f"{pel['wall']:.2f} s = **{pel['rate']:.0f} pages/s** (peak {pel['peak_mb']:.0f} MB).",
        "",
        "| records | sample | cold build | records/s | × plain Pelican | CPU s | peak memory, tree (PSS / RSS sum) | files | site MB (Pagefind MB, files) | index MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c, o = r["cold"], r["output"]
        rate = r["records"] / c["wall"]
        lines.append(
            f"| {r['records']:,} | {r['sample_s']:.0f} s | {c['wall']:.1f} s | {rate:.0f} | "
            f"**{rate / pel['rate']:.1f}×** | {c['cpu']:.0f} | {c['peak_mb']:.0f} / {c['peak_rss_mb']:.0f} MB | {o['files']:,} | "
            f"{o['site_mb']:.0f} ({o['pagefind_mb']:.0f}, {o['pagefind_files']:,} files) | {o['index_mb']:.0f} |"
        )
    if len(rows) > 1:
        lines += ["", "Growth (time per record against the smallest size; 1.0 = linear): " + ", ".join(
            f"{r['records']:,}: {(r['cold']['wall'] / r['records']) / (rows[0]['cold']['wall'] / rows[0]['records']):.2f}"
            for r in rows
        )]  # fmt: skip
    lines += ["", "Cold build stages (seconds; Whoosh and Pagefind overlap, see below):", "", *_stage_table(rows)]
    lines += ["", "Open data files (CSV, JSON, SQLite, datapackage; part of rendering; target ≤ 10 % of the build): " + ", ".join(
        f"{r['records']:,}: {od:.1f} s = {od / r['cold']['wall']:.0%}"
        for r in rows if (od := open_data_seconds(r["cold"]["log"])) is not None
    )]  # fmt: skip
    nc, day = big["nochange"], big["day"]
    lines += [
        "",
        f"At {big['records']:,} records:",
        "",
        f"- **No-change rebuild**: {nc['wall']:.1f} s (peak {nc['peak_mb']:.0f} MB).",
        f"- **A day's publish** ({big['day_edit']['added']} added, {big['day_edit']['changed']} changed, "
        f"{big['day_edit']['withdrawn']} withdrawn, same as-of date): {day['wall']:.1f} s = "
        f"{day['wall'] / big['cold']['wall']:.2f} of the cold build (peak {day['peak_mb']:.0f} MB).",
        "",
        "  " + "; ".join(f"{s} {t:.1f} s" for s, t in day["stages"]),
        "",
        f"Queries through search.engine ({report['engine']}; bench/search_bench.py's mix, no time limit, after a warm-up), ms:",
        "",
        "| kind | p50 | p95 |",
        "|---|---|---|",
        *[f"| {k} | {p50:.0f} | {p95:.0f} |" for k, (p50, p95) in big["queries"].items()],
        "",
        "Static search in Chromium (`portal serve`, which sends text gzip-compressed; search.html?q=…, everything the page fetched):",
        "",
    ]
    browser = big["browser"]
    if "error" in browser:
        lines.append(f"not measured: {browser['error']}")
    else:
        lines += [
            "| query | results shown | requests | **KB sent** | KB decoded | of which Pagefind KB, decoded |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {q} | {v['shown']} | {v['requests']} | **{v['sent_kb']:.0f}** | {v['total_kb']:.0f} | {v['pagefind_kb']:.0f} |"
            for q, v in browser.items()
        ]
    lines += ["", "Load after the run: `" + report["machine_after"].split("$ uptime\n")[1].splitlines()[0].strip() + "`"]
    return "\n".join(lines)


def write_results(text: str) -> None:
    """Put ``text`` between the markers in RESULTS.md (a section of its own above the others)."""
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{START}\n{text}\n{END}"
    if START in current and END in current:
        new = current[: current.index(START)] + block + current[current.index(END) + len(END) :]
    else:
        heading = "## District scale (issue 10): `make bench`\n\n"
        anchor = "## Search API under load"
        at = current.index(anchor) if anchor in current else len(current)
        new = current[:at] + heading + block + "\n\n" + current[at:]
    RESULTS.write_text(new, "utf-8")


if __name__ == "__main__":
    main()
