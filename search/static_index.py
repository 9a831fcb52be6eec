"""The in-browser search bundle: Pagefind (extended build, Chinese segmentation) fed from the documents.

Pages are not crawled: the search documents already say what each result is. The bundle
lands in ``pagefind/`` of the staging site, beside the pages that its URLs point to.

Records (双公示 and other acts: nine in ten documents) go in **grouped**: the records of one
listing page, ``GROUP_SIZE`` at a time, make one small Pagefind page (``AddFile`` with our own
HTML, never a file of the site), each record a ``<h2 id=anchor>`` section, so Pagefind
keeps one sub-result per record at its permalink anchor. Pagefind writes one fragment file
per page and keeps per-page metadata the browser loads with every search, so one page per
record cost 122,700 files, a 490 MB bundle and 5.6 GB of memory at 200,000 records; grouped,
it is about 7,000 files (bench/RESULTS.md). The search page shows each group's best-matching
record as the result (search/static/portal-search.js). Cases, promises, departments and
updates stay one compact record each (``AddRecord``).

Escaping: every value is HTML-safe at the source (``as_html``). An ``AddRecord`` value is
stored as given; ``AddFile`` HTML is parsed and its entities decoded, so values written into
the group HTML are escaped twice and arrive in the bundle escaped once, as records' are.

We speak Pagefind's service protocol (``pagefind_extended --service``: base64 JSON
messages separated by commas, the protocol of the ``pagefind`` Python package)
ourselves: the package's asyncio client polls for each answer with a 0.1 s sleep, which
caps it at ten records a second. Requests are pipelined (written by a thread while the
answers are read), and the bundle is built in the background (``start_bundle``) while the
build indexes Whoosh on the other core.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
import threading
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from .schema import SearchDocument

BUNDLE_DIR = "pagefind"
#: Written into the bundle: the hash of what it was made from (see ``bundle_key``).
KEY_FILE = "portal-documents.sha256"
#: What ``_record`` and ``_group_file`` make of documents; bumped when that changes, so that a
#: live bundle made the old way is rebuilt, not copied (2: every value HTML-escaped; 3: records
#: grouped by listing page).
RECORD_FORMAT = 3
#: Records per Pagefind page (measured at 200,000 records, bench/RESULTS.md: 16 → 9,086 files,
#: 73 KB of page metadata per search; 32 → 7,110 files, 58 KB; fragments stay a few KB).
GROUP_SIZE = 32
#: Document types grouped by listing page (the rest have a page of their own).
GROUPED_TYPES = ("penalty", "license", "act")


class PagefindError(RuntimeError):
    """The Pagefind service refused a request or stopped."""


def as_html(text: str) -> str:
    """Plain text as HTML text: ``& < > " '`` escaped.

    Every value the bundle holds is HTML-safe at the source, whatever widget shows it:
    Pagefind's UI inserts filter labels (部门, 类型) and excerpts as HTML, so a department
    named ``示例区<b>局</b>`` must arrive as ``示例区&lt;b&gt;局&lt;/b&gt;``. The UI shows
    titles and other metadata as text; search/static/portal-search.js decodes those first,
    so nothing shows double-escaped.
    """
    return html.escape(text, quote=True)


def _record(doc: SearchDocument) -> dict:
    """An ``AddRecord`` request body for one document, every value HTML-escaped (``as_html``)."""
    meta = {"title": as_html(doc.title)}
    if doc.date:
        meta["日期"] = doc.date.isoformat()  # Pagefind's UI shows other metadata as "key: value"
    filters = {"类型": [as_html(doc.type_label)]}
    if doc.dept_name:
        filters["部门"] = [as_html(doc.dept_name)]
    # The body first (excerpts come from it); then the identifiers, so that a 文号 or
    # 统一社会信用代码 typed in the box finds the record, and the title for cases and updates.
    # Quotes stay as they are: excerpts are element text, and a name like O'Brien stays one word.
    content = html.escape(
        "\n".join(p for p in (doc.body, doc.subject, doc.uscc, doc.decision_no, doc.dept_name, doc.title) if p),
        quote=False,
    )
    sort = {"date": doc.date.isoformat()} if doc.date else None
    return {"url": doc.url, "content": content, "language": "zh", "meta": meta, "filters": filters, "sort": sort}


def _twice(text: str) -> str:
    """``as_html`` for text and metadata written into group HTML: Pagefind decodes them once."""
    return html.escape(as_html(text), quote=True)


def _thrice(text: str) -> str:
    """``as_html`` for a filter value in group HTML: Pagefind 1.5.2 decodes those twice.

    (Measured: content and ``data-pagefind-meta`` arrive decoded once, ``data-pagefind-filter``
    and heading text twice; tests/test_hostile_corpus.py checks the bundle it makes.)
    """
    return html.escape(_twice(text), quote=True)


def _record_text(doc: SearchDocument) -> str:
    """What a record's section says: the body, then the identifiers (as ``_record`` orders them)."""
    return "\n".join(p for p in (doc.body, doc.subject, doc.uscc, doc.decision_no, doc.dept_name) if p)


def _group_file(page: str, n: int, docs: list[SearchDocument]) -> dict:
    """An ``AddFile`` request: records of one listing page as one Pagefind page, a section each.

    The group's address is ``page?g=n`` (unique per group; the search page shows each hit at
    its record's own ``page#anchor``). Filters 类型 and 部门 are the group's (one listing page:
    one department, one kind); title and 日期 are the newest record's. Each record is an
    ``<h2 id=anchor>·</h2>`` (Pagefind's sub-result; it skips headings without text and decodes
    heading text twice) followed by its title and text. The records' titles travel as one
    metadata value ``t`` (``anchor:: title`` after one another), which the search page reads:
    one metadata field per record (``t-anchor``) put 68,000 field names into the page metadata
    every search loads (512 KB at 200,000 records).
    """
    first = docs[0]
    parts = [
        f'<h1 data-pagefind-meta="title" data-pagefind-ignore>{_twice(first.title)}</h1>',
        f'<p data-pagefind-filter="类型" data-pagefind-ignore>{_thrice(first.type_label)}</p>',
    ]
    if first.dept_name:
        parts.append(f'<p data-pagefind-filter="部门" data-pagefind-ignore>{_thrice(first.dept_name)}</p>')
    if first.date:
        parts.append(f'<p data-pagefind-meta="日期" data-pagefind-ignore>{first.date.isoformat()}</p>')
    titles = " ".join(f"{d.url.partition('#')[2]}:: {d.title}" for d in docs)
    parts.append(f'<p data-pagefind-meta="t" data-pagefind-ignore>{_twice(titles)}</p>')
    for doc in docs:
        anchor = html.escape(doc.url.partition("#")[2], quote=True)
        parts.append(
            f'<section><h2 id="{anchor}">·</h2>'
            f"<p>{_twice(doc.title)}</p><p>{_twice(_record_text(doc))}</p></section>"
        )
    body = "".join(parts)
    return {
        "type": "AddFile",
        "url": f"{page}?g={n}",
        "file_contents": f'<html lang="zh"><body><main data-pagefind-body>{body}</main></body></html>',
        "file_path": None,
    }


def _requests(docs: list[SearchDocument]) -> list[dict]:
    """Every add request for ``docs``, in a stable order: single records, then groups by page."""
    single = [d for d in docs if d.type not in GROUPED_TYPES or "#" not in d.url]
    grouped = sorted(
        (d for d in docs if d.type in GROUPED_TYPES and "#" in d.url),
        key=lambda d: (d.url.partition("#")[0], -(d.date.toordinal() if d.date else 0), d.id),
    )
    out = [{"type": "AddRecord", **_record(d)} for d in single]
    for page, items in groupby(grouped, key=lambda d: d.url.partition("#")[0]):
        items = list(items)
        for n, start in enumerate(range(0, len(items), GROUP_SIZE)):
            out.append(_group_file(page, n, items[start : start + GROUP_SIZE]))
    return out


class PagefindService:
    """One ``pagefind --service`` process: requests one at a time (``request``) or pipelined (``add_all``)."""

    def __init__(self) -> None:
        from pagefind.service import get_executable

        exe = get_executable()
        if exe is None:
            raise PagefindError("找不到 pagefind 可执行文件（pip 包 pagefind[extended]）")
        self._log: IO[bytes] = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [str(exe), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log
        )
        self._next_id = 0
        self._buffer = b""

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer."""
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            self._proc.stdin.flush()
        except BrokenPipeError:
            raise PagefindError(f"Pagefind 进程已退出：{self._stderr()}") from None
        answer = self._read()
        result = answer.get("payload", {})
        if result.get("type") == "Error" or answer.get("message_id") != self._next_id:
            raise PagefindError(f"Pagefind 拒绝了请求 {payload.get('type')}：{result.get('message', answer)}")
        return result

    def add_all(self, index_id: int, payloads: list[dict]) -> None:
        """Send every add request at once (a thread writes while the answers are read)."""
        assert self._proc.stdin is not None
        first = self._next_id + 1
        self._next_id += len(payloads)
        failed: list[BaseException] = []

        def write() -> None:
            try:
                for n, payload in enumerate(payloads, first):
                    message = {"message_id": n, "payload": {**payload, "index_id": index_id}}
                    self._proc.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError) as e:
                failed.append(e)

        writer = threading.Thread(target=write, name="pagefind-writer", daemon=True)
        writer.start()
        try:
            for _ in payloads:
                answer = self._read()
                result = answer.get("payload", {})
                if result.get("type") == "Error":
                    raise PagefindError(f"Pagefind 拒绝了请求：{result.get('message', answer)}")
        finally:
            writer.join()
        if failed:
            raise PagefindError(f"Pagefind 进程已退出：{self._stderr()}")

    def _read(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        while b"," not in self._buffer:
            chunk = self._proc.stdout.read1(65536)
            if not chunk:
                raise PagefindError(f"Pagefind 进程已退出：{self._stderr()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b",", 1)
        return json.loads(base64.b64decode(raw))

    def _stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()[-500:] or "（无输出）"

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._log.close()


def bundle_key(docs: list[SearchDocument]) -> str:
    """What the bundle is made from: Pagefind's version, the record format and every document's hash."""
    from importlib.metadata import version

    text = "\n".join(
        [f"pagefind {version('pagefind')}", f"records {RECORD_FORMAT}", *(f"{d.id} {d.digest}" for d in docs)]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Bundle:
    """A bundle being written in the background: Pagefind indexes while the caller does other work."""

    def __init__(self, docs: list[SearchDocument], site_dir: Path, previous: Path | None) -> None:
        self.out = Path(site_dir).resolve() / BUNDLE_DIR
        self.key = bundle_key(docs)
        self.reused = False
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if previous is not None:
            old = Path(previous).resolve() / BUNDLE_DIR
            if old != self.out and (old / KEY_FILE).is_file() and (old / KEY_FILE).read_text("utf-8").strip() == self.key:
                shutil.copytree(old, self.out, dirs_exist_ok=True, copy_function=os.link)
                self.reused = True
                return
        payloads = _requests(docs)  # made here: the documents may not be touched after this
        self._thread = threading.Thread(target=self._run, args=(payloads,), name="pagefind", daemon=True)
        self._thread.start()

    def _run(self, payloads: list[dict]) -> None:
        try:
            _build_bundle(payloads, self.out)
            (self.out / KEY_FILE).write_text(self.key + "\n", "utf-8")
        except BaseException as e:  # handed to finish(), in the caller's thread
            self._error = e

    def finish(self) -> Path:
        """Wait for the bundle; raises what building it raised. Returns its folder."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self.out


def start_bundle(docs: list[SearchDocument], site_dir: Path, previous: Path | None = None) -> Bundle:
    """Start writing the bundle for ``docs`` into ``site_dir/pagefind`` (``finish()`` waits).

    When the live site ``previous`` has a bundle made from the same documents (its
    ``KEY_FILE`` says so), it is linked instead of rebuilt: a no-change build stays fast.
    """
    return Bundle(docs, site_dir, previous)


def write_bundle(docs: list[SearchDocument], site_dir: Path, previous: Path | None = None) -> Path:
    """Write the Pagefind bundle for ``docs`` into ``site_dir/pagefind``; returns that folder."""
    return start_bundle(docs, site_dir, previous).finish()


def _build_bundle(payloads: list[dict], out: Path) -> None:
    """Run Pagefind over the add requests and write every file of its bundle into ``out``."""
    service = PagefindService()
    try:
        index_id = service.request({"type": "NewIndex", "config": {"force_language": "zh"}})["index_id"]
        service.add_all(index_id, payloads)
        # GetFiles, not WriteFiles: the service answers WriteFiles before every file is flushed
        # (an empty pagefind-component-ui.css now and then); writing them ourselves, we know.
        files = service.request({"type": "GetFiles", "index_id": index_id})["files"]
    finally:
        service.close()
    for f in sorted(files, key=lambda f: f["path"]):
        target = (out / f["path"]).resolve()
        if out not in target.parents:
            raise PagefindError(f"Pagefind 返回了包外路径：{f['path']}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(f["content"]))
