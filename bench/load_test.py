"""Load test of ``portal serve``: many keep-alive clients, a mix of API queries and pages.

    .venv/bin/python bench/load_test.py [--site output] [--clients 100] [--requests 2000]
        [--api-share 0.7] [--pythonpath DIR] [--json results.json]

Without ``--site`` the shipped demo content (300 records) is built into a temporary folder
first. The server runs in a child process on loopback (``search.server.serve``, as
``portal serve`` runs it, access log included, written to a file); the clients are threads
in this process, each with its own HTTP/1.1 keep-alive connection (``http.client``), all
started together, taking requests from one shuffled list until it is used up.

The list mixes API queries of several kinds — company names, 统一社会信用代码 and 文号 read
from the site's own index through the API, common words, fielded and range queries, filters,
date sorting, deeper pages, and a malformed query whose expected answer is 400 — with
pages, style sheets, scripts and Pagefind files of the site. An error is any answer other
than the expected status, or no answer within ``--timeout`` seconds.

The API keeps recent answers (``AnswerCache`` in search/api.py), and the list repeats its
queries as real users do (about 150 different ones), so most API answers come from that
cache; ``--no-cache`` makes the server search every query, which measures the searches.

``--pythonpath DIR`` serves with the ``search`` package found in DIR instead, e.g. the
http.server version from git, for a comparison that changes no file of the checkout::

    mkdir -p /tmp/old && git archive HEAD search | tar -x -C /tmp/old
    .venv/bin/python bench/load_test.py --pythonpath /tmp/old

Reported: p50/p95/p99/max latency (all, API, files, requests sent after the first second —
the first wave meets an empty answer cache and a hundred new connections at once — and each
kind), errors, throughput, answers cut by the API's time limit, the server's CPU time per
request, and the kernel's listen-queue overflows during the run (TcpExt ListenOverflows,
counted machine-wide). The clients share the machine with the server, so
on a small machine they take part of its CPU: the figures are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTAL = Path(sys.executable).with_name("portal")
DEMO_AS_OF = "2026-11-29"
SERVE = (
    "import json, sys; from search.server import serve; "
    "sys.exit(serve(sys.argv[1], '127.0.0.1', 0, **json.loads(sys.argv[2])))"
)
#: Words journalists type; each is in the demo data.
WORDS = ["罚款", "食品", "有限公司", "警告", "环境", "安全生产", "拖欠", "承诺", "示例区", "保质期"]
FIELDED = [
    "金额:>10",
    "金额:[1 TO 5]",
    "日期:[2025-01-01 TO 2025-06-30]",
    "类别:罚款",
    "违法事实:保质期",
    "文号:示环罚*",
    "处罚机关:市场监督管理局",
]


@dataclass
class Planned:
    """One request of the plan."""

    kind: str
    target: str
    expect: int = 200

    @property
    def api(self) -> bool:
        return self.target.startswith("/api/")


@dataclass
class Outcome:
    kind: str
    api: bool
    seconds: float
    ok: bool
    status: int | None = None
    timed_out: bool = False
    error: str = ""
    sent: float = 0.0
    """Seconds after the clients started."""


@dataclass
class Report:
    server: str
    site: str
    clients: int
    requests: int
    wall_seconds: float
    throughput: float
    errors: int
    error_examples: list[str]
    api_timed_out: int
    listen_overflows: int | None
    server_cpu_ms_per_request: float | None = None
    load_average_after: str = ""
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    machine: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- site and server


def build_demo(workdir: Path) -> Path:
    """Build the shipped demo content into ``workdir``; returns the live site path."""
    out = workdir / "output"
    subprocess.run(
        [str(PORTAL), "build", "--content", str(ROOT / "content"), "--output", str(out), "--as-of", DEMO_AS_OF],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    return out


class Server:
    """``serve()`` in a child process; its stderr (the access log) goes to a file."""

    def __init__(self, site: Path, log: Path, pythonpath: str | None, options: dict) -> None:
        env = dict(os.environ)
        if pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, str(ROOT)) if p)
        self.log = log
        self._log_file = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(site), json.dumps(options)],
            cwd=pythonpath or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self._log_file,
        )
        self.base = self._wait_for_address()

    def _wait_for_address(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", self.log.read_text("utf-8", "replace"))
            if found:
                return f"127.0.0.1:{found[1]}"
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited: {self.log.read_text('utf-8', 'replace')}")
            time.sleep(0.1)
        raise SystemExit("the server did not start")

    def cpu_seconds(self) -> float | None:
        """CPU time the server process has used (user + system), from /proc."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log_file.close()


def get(base: str, target: str) -> tuple[int, bytes]:
    host, port = base.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.request("GET", target)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- the plan


def api(q: str, **params: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": q, **params})


def api_requests(base: str) -> dict[str, list[Planned]]:
    """The API queries by kind; names, codes and 文号 are read from the site's index."""
    status, body = get(base, api("有限公司", per_page="100", type="penalty"))
    if status != 200:
        raise SystemExit(f"the API does not answer: {status} {body[:200]!r}")
    hits = json.loads(body)["results"]
    depts = sorted({h["dept"] for h in hits if h["dept"]})
    kinds = {
        "name": [Planned("name", api(h["subject"])) for h in hits if h["subject"]][:30],
        "uscc": [Planned("uscc", api(h["uscc"])) for h in hits if h["uscc"]][:30],
        "decision_no": [Planned("decision_no", api(h["decision_no"])) for h in hits if h["decision_no"]][:30],
        "words": [Planned("words", api(w)) for w in WORDS],
        "fielded": [Planned("fielded", api(q)) for q in FIELDED],
        "filtered": [
            Planned("filtered", api("有限公司", type="penalty", dept=d, sort="date")) for d in depts
        ] + [Planned("filtered", api("罚款", **{"from": "2025-01-01", "to": "2025-12-31"}))],
        "paged": [Planned("paged", api(w, page="2", per_page="50")) for w in ("有限公司", "示例区", "罚款")],
        "malformed": [Planned("malformed", api(q), 400) for q in ("foo:bar", "(有限公司", "*")],
    }
    return {k: v for k, v in kinds.items() if v}


def file_requests(site: Path) -> dict[str, list[Planned]]:
    """Pages (the home page and a sample of the others), style sheets, scripts, Pagefind files."""
    site = site.resolve()
    rng = random.Random(7)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assets = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".css", ".js"))
    pagefind = sorted(p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*") if p.is_file())
    return {
        "page": [Planned("page", "/" + p) for p in ["index.html", "search.html", *rng.sample(pages, min(60, len(pages)))]],
        "asset": [Planned("asset", "/" + p) for p in assets],
        "pagefind": [Planned("pagefind", "/" + p) for p in rng.sample(pagefind, min(20, len(pagefind)))],
    }


def plan(base: str, site: Path, total: int, api_share: float, seed: int) -> list[Planned]:
    """``total`` requests: ``api_share`` of them API queries (kinds in turn), the rest files."""
    rng = random.Random(seed)
    api_kinds, file_kinds = api_requests(base), file_requests(site)
    out = []
    for _ in range(total):
        kinds = api_kinds if rng.random() < api_share else file_kinds
        out.append(rng.choice(kinds[rng.choice(sorted(kinds))]))
    return out


# --------------------------------------------------------------------------- running


def listen_overflows() -> int | None:
    """The kernel's count of connections dropped because a listen queue was full."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:], strict=False))
            return int(table.get("ListenOverflows", 0))
    return None


def drive(base: str, todo: list[Planned], clients: int, timeout: float) -> tuple[list[Outcome], float]:
    """Run ``todo`` with ``clients`` keep-alive clients started together; outcomes and wall time."""
    host, port = base.split(":")
    lock = threading.Lock()
    queue = iter(todo)
    outcomes: list[Outcome] = []
    start = threading.Barrier(clients + 1)
    t0 = 0.0

    def client() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        mine = []
        start.wait()
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            began = time.perf_counter()
            try:
                conn.request("GET", item.target)
                resp = conn.getresponse()
                body = resp.read()
                seconds = time.perf_counter() - began
                ok = resp.status == item.expect
                mine.append(Outcome(item.kind, item.api, seconds, ok, resp.status, b'"timed_out": true' in body,
                                    "" if ok else f"{resp.status} for {item.target}", began - t0))
                if resp.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as e:
                mine.append(Outcome(item.kind, item.api, time.perf_counter() - began, False,
                                    error=f"{type(e).__name__}: {e} for {item.target}", sent=began - t0))
                conn.close()  # http.client reconnects on the next request
        conn.close()
        with lock:
            outcomes.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()  # read by the clients only after the barrier
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return outcomes, time.perf_counter() - began


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max, in milliseconds."""
    if not seconds:
        return {}
    cuts = statistics.quantiles(seconds, n=100, method="inclusive") if len(seconds) > 1 else seconds * 99
    return {
        "n": len(seconds),
        "p50": round(cuts[49] * 1000, 1),
        "p95": round(cuts[94] * 1000, 1),
        "p99": round(cuts[98] * 1000, 1),
        "max": round(max(seconds) * 1000, 1),
    }


def machine() -> dict[str, str]:
    """What the figures were measured on (the load average says how busy the machine was)."""
    model = ""
    try:
        model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")), "")
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def summarise(label: str, site: Path, outcomes: list[Outcome], wall: float, overflows: int | None,
              clients: int) -> Report:
    errors = [o for o in outcomes if not o.ok]
    report = Report(
        server=label, site=str(site), clients=clients, requests=len(outcomes), wall_seconds=round(wall, 2),
        throughput=round(len(outcomes) / wall, 1), errors=len(errors),
        error_examples=sorted({o.error for o in errors})[:10],
        api_timed_out=sum(o.timed_out for o in outcomes), listen_overflows=overflows,
    )
    report.latency_ms = {
        "all": percentiles([o.seconds for o in outcomes]),
        "api": percentiles([o.seconds for o in outcomes if o.api]),
        "files": percentiles([o.seconds for o in outcomes if not o.api]),
    }
    # The first wave (every client at once, the answer cache empty) makes most of the tail.
    report.latency_ms["sent after 1 s"] = percentiles([o.seconds for o in outcomes if o.sent > 1.0])
    for kind in sorted({o.kind for o in outcomes}):
        report.latency_ms[kind] = percentiles([o.seconds for o in outcomes if o.kind == kind])
    return report


def print_report(report: Report) -> None:
    print(f"\n{report.server}: {report.requests} requests, {report.clients} clients, site {report.site}")
    print(f"  wall {report.wall_seconds} s, {report.throughput} requests/s, errors {report.errors}, "
          f"API answers cut at the time limit {report.api_timed_out}, listen overflows {report.listen_overflows}")
    print(f"  server CPU {report.server_cpu_ms_per_request} ms a request; load average before "
          f"{report.machine.get('load average before')}, after {report.load_average_after}")
    print(f"  {'':15} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, row in report.latency_ms.items():
        if row:
            print(f"  {name:15} {row['n']:>5} {row['p50']:>8} {row['p95']:>8} {row['p99']:>8} {row['max']:>8}")
    for example in report.error_examples:
        print(f"  error: {example}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--site", type=Path, help="a built site (default: build the demo content)")
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--api-share", type=float, default=0.7, help="share of API queries (default 0.7)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before a request counts as unanswered")
    p.add_argument("--pythonpath", help="serve with the search package of this directory")
    p.add_argument("--no-cache", action="store_true", help="search every query (no answer cache)")
    p.add_argument("--label", help="name of the server in the report")
    p.add_argument("--json", type=Path, help="also write the report here")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="portal-load-") as tmp:
        site = (args.site or build_demo(Path(tmp))).absolute()
        about = machine()
        options = {"cache_bytes": 0} if args.no_cache else {}
        server = Server(site, Path(tmp) / "server.log", args.pythonpath, options)
        try:
            todo = plan(server.base, site, args.requests, args.api_share, args.seed)
            before, cpu_before = listen_overflows(), server.cpu_seconds()
            outcomes, wall = drive(server.base, todo, args.clients, args.timeout)
            after, cpu_after = listen_overflows(), server.cpu_seconds()
        finally:
            server.stop()
        label = args.label or (
            f"search/ from {args.pythonpath}" if args.pythonpath
            else "portal serve (waitress)" + (", no answer cache" if args.no_cache else "")
        )
        report = summarise(label, site, outcomes, wall, None if before is None else after - before, args.clients)
        report.machine = about
        report.load_average_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
        if cpu_before is not None and cpu_after is not None:
            report.server_cpu_ms_per_request = round((cpu_after - cpu_before) * 1000 / len(outcomes), 2)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
