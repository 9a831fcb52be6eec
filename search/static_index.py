"""The in-browser search bundle: Pagefind (extended build, Chinese segmentation) fed custom records.

Pages are not crawled: Pagefind's memory grows with pages (ROADMAP), and the search
documents already say what each result is. One compact record per document goes in,
with filters 类型 and 部门 and the title as metadata. The bundle lands in ``pagefind/``
of the staging site, beside the pages that its URLs point to.

We speak Pagefind's service protocol (``pagefind_extended --service``: base64 JSON
messages separated by commas, the protocol of the ``pagefind`` Python package)
ourselves, synchronously: the package's asyncio client polls for each answer with a
0.1 s sleep, which caps it at ten records a second (71 s for 700 documents).
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
from pathlib import Path
from typing import IO, Any

from .schema import SearchDocument

BUNDLE_DIR = "pagefind"
#: Written into the bundle: the hash of what it was made from (see ``bundle_key``).
KEY_FILE = "portal-documents.sha256"
#: What ``_record`` makes of a document; bumped when that changes, so that a live bundle made
#: the old way is rebuilt, not copied (2: every value HTML-escaped).
RECORD_FORMAT = 2


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


class PagefindService:
    """One ``pagefind --service`` process, one request at a time."""

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


def write_bundle(docs: list[SearchDocument], site_dir: Path, previous: Path | None = None) -> Path:
    """Write the Pagefind bundle for ``docs`` into ``site_dir/pagefind``; returns that folder.

    When the live site ``previous`` has a bundle made from the same documents (its
    ``KEY_FILE`` says so), it is copied instead of rebuilt: a no-change build stays fast.
    """
    out = Path(site_dir).resolve() / BUNDLE_DIR
    key = bundle_key(docs)
    if previous is not None:
        old = Path(previous).resolve() / BUNDLE_DIR
        if old != out and (old / KEY_FILE).is_file() and (old / KEY_FILE).read_text("utf-8").strip() == key:
            shutil.copytree(old, out, dirs_exist_ok=True, copy_function=os.link)
            return out
    _build_bundle(docs, out)
    (out / KEY_FILE).write_text(key + "\n", "utf-8")
    return out


def _build_bundle(docs: list[SearchDocument], out: Path) -> None:
    """Run Pagefind over ``docs`` and write every file of its bundle into ``out``."""
    service = PagefindService()
    try:
        index_id = service.request({"type": "NewIndex", "config": {"force_language": "zh"}})["index_id"]
        for doc in docs:
            service.request({"type": "AddRecord", "index_id": index_id, **_record(doc)})
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
