"""A hostile corpus: script payloads in every text field of every dataset and every press update.

A small sample tree (``portal sample``) has the payloads appended to every string that still
validates with them: every CSV cell of every dataset, every string of every YAML dataset
(department names and aliases included, so 处罚机关 columns still match), and the title,
summary, category and body of every Markdown update and page. The site built from it is
then checked as an adversary would: every page parsed (no script but our own files and
JSON-LD data blocks, no ``on*`` attribute, no ``javascript:`` address), every feed's
embedded HTML, every data file, the Pagefind bundle (gzip, so a grep of the site misses it),
and the search page in Chromium with the Content-Security-Policy bypassed, as on a mirror
without our headers: no dialog may fire, and the 部门 filter shows the payload as text.

Issue 11, point 2 and the Deliver bullet "a hostile corpus in the tests".
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.load import _strip_lines, decode, read_yaml
from generator.publish import pipeline
from generator.render.press import metadata
from search.static_index import _record
from tests.browserkit import static_mirror

from .conftest import html_files

pytestmark = pytest.mark.slow

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "</title><script>",
    "' onmouseover='alert(1)",
)
PAYLOAD = " ".join(PAYLOADS)
#: Raw HTML and links a press office's Markdown could carry, beyond the payload text.
MARKDOWN_ATTACKS = (
    '[点我](javascript:alert(1)) <a href="javascript:alert(1)">链接</a> <img src=x onerror=alert(1)>\n'
    '<svg onload=alert(1)></svg> <iframe src="javascript:alert(1)"></iframe> <script>alert(1)</script>\n'
)
AS_OF = date(2026, 11, 29)
#: Our own scripts: the only ones a page may load.
OWN_SCRIPTS = re.compile(r"^(\./)?(\.\./)*(theme/js/[a-z-]+\.js|pagefind/pagefind-ui\.js|search/portal-search\.js)$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "applet", "base", "frameset"}


# --------------------------------------------------------------------------- the corpus


Skip = set[tuple[str, str]]
"""(mapping key or CSV header, original value) pairs left as they were in one file."""


def _with_payload(value: Any, key: str, skip: Skip, changed: set[str]) -> Any:
    """``value`` with PAYLOAD appended to every string not in ``skip``; ``changed`` gets their keys."""
    if isinstance(value, dict):
        return {k: _with_payload(v, str(k), skip, changed) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_payload(v, key, skip, changed) for v in value]
    if isinstance(value, str) and value.strip() and (key, value) not in skip:
        changed.add(key)
        return f"{value} {PAYLOAD}"
    return value


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every row of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out, line = [], 1
    for row in reader:
        out.append((line, row))
        line = reader.line_num + 1
    return out


def _csv_with_payload(text: str, skip: Skip, changed: set[str]) -> bytes:
    rows = [row for _, row in _csv_rows(text)]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        cells = []
        for header, cell in zip(rows[0], row, strict=True):
            if cell.strip() and (header.strip(), cell) not in skip:
                changed.add(header.strip())
                cell = f"{cell} {PAYLOAD}"
            cells.append(cell)
        writer.writerow(cells)
    return out.getvalue().encode("utf-8-sig")


def _markdown_with_payload(text: str, is_update: bool) -> str:
    """Title, Summary and Category (added to updates that have none) and the body, attacked."""
    meta = metadata(text)
    lines = text.split("\n")
    for key in ("title", "summary", "category"):
        if key in meta:
            n = meta[key][0] - 1
            lines[n] = f"{lines[n]} {PAYLOAD}"
    if is_update and "category" not in meta:
        lines.insert(0, f"Category: 动态 {PAYLOAD}")
    return "\n".join(lines).rstrip("\n") + f"\n\n{PAYLOAD}\n\n{MARKDOWN_ATTACKS}"


def _original(value: str) -> str:
    return value.removesuffix(f" {PAYLOAD}")


def _strings(value: Any, key: str) -> Iterator[tuple[str, str]]:
    """(nearest mapping key, original string) of every string inside ``value``."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("__line__", "__lines__"):
                yield from _strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, _original(value)


def _parsed(path: Path, rel: str) -> Any:
    """A data file as the loader reads it: CSV rows with their lines, or YAML with line keys."""
    if path.suffix == ".csv":
        return _csv_rows(path.read_bytes().decode("utf-8-sig"))
    return read_yaml(path, rel)[0]


def _reported(parsed: Any, csv_file: bool, line: int, field: str) -> Skip:
    """The strings a problem at ``line`` about ``field`` is about, as (key, original value)."""
    key = _field_key(field)
    if csv_file:
        header = [h.strip() for h in parsed[0][1]]
        cells = next((row for start, row in parsed[1:] if start == line), [])
        return {(h, _original(c)) for h, c in zip(header, cells, strict=False) if key in ("-", h)}
    found: Skip = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            lines = node.get("__lines__", {})
            if lines.get(key) == line:
                found.update(_strings(node[key], key))
            elif key not in lines and node.get("__line__") == line:
                found.update(_strings(node, ""))
            for k, v in node.items():
                if k not in ("__line__", "__lines__"):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(parsed)
    return found


def _field_key(field: str) -> str:
    """The mapping key a problem's dotted field ends with (``history.0.rating`` → ``rating``)."""
    parts = [p for p in field.split(".") if not p.isdigit()]
    return parts[-1] if parts else field


def hostile_tree(root: Path) -> tuple[Path, dict[str, set[str]], dict[str, Skip]]:
    """A sample tree with the payloads in every string that accepts them.

    Returns the content folder, the keys (YAML) and headers (CSV) that carry the payload in
    each data file, and the values left as they were because the payload made the content
    invalid (ids, dates, codes, enumerations, references): ``portal validate`` decides which,
    not a list kept here.
    """
    from demo.sample import write_sample

    content = root / "content"
    write_sample(content, records=40, seed=11)
    for path in sorted([*(content / "updates").glob("*.md"), *(content / "pages").glob("*.md")]):
        text = path.read_text(encoding="utf-8")
        path.write_text(_markdown_with_payload(text, path.parent.name == "updates"), encoding="utf-8")
    data = content / "data"
    originals = {p: p.read_bytes() for p in sorted(data.rglob("*")) if p.suffix in (".csv", ".yaml")}
    paths = {f"content/{p.relative_to(content).as_posix()}": p for p in originals}
    skip: dict[str, Skip] = defaultdict(set)
    for _attempt in range(8):
        changed: dict[str, set[str]] = defaultdict(set)
        for rel, path in paths.items():
            raw = originals[path]
            if path.suffix == ".csv":
                text, problems = decode(raw, rel)
                assert text is not None, problems
                path.write_bytes(_csv_with_payload(text, skip[rel], changed[rel]))
                continue
            path.write_bytes(raw)  # read the original, not the last attempt
            parsed, problems = read_yaml(path, rel)
            assert not problems, problems
            mutated = _with_payload(_strip_lines(parsed), "", skip[rel], changed[rel])
            dumped = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False, width=1 << 20)
            path.write_text(dumped, encoding="utf-8")
        problems = pipeline.check(content).problems
        if not problems:
            return content, dict(changed), dict(skip)
        progress = False
        parsed = {rel: _parsed(paths[rel], rel) for rel in {p.path for p in problems} & paths.keys()}
        for p in problems:
            assert p.path in paths, f"the Markdown should take the payload: {p}"
            new = _reported(parsed[p.path], p.path.endswith(".csv"), p.line, p.field) - skip[p.path]
            skip[p.path] |= new
            progress = progress or bool(new)
        assert progress, [str(p) for p in problems[:10]]
    raise AssertionError("the corpus did not settle")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    """The hostile tree built as of AS_OF: (site, fields carrying the payload per data file)."""
    root = tmp_path_factory.mktemp("hostile")
    content, changed, _skipped = hostile_tree(root)
    return pipeline.build(content, root / "out", as_of=AS_OF), changed


@pytest.fixture(scope="module")
def site(corpus) -> Path:
    return corpus[0]


# --------------------------------------------------------------------------- reading HTML as a browser would


class _Audit(HTMLParser):
    """Everything in one HTML document that could run: scripts, handlers, script addresses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: dict[str, str | None] | None = None
        self.script_body: list[str] = []
        self.title: list[str] | None = None
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        handlers = [a for a in d if a.startswith("on")]
        if handlers:
            self.found.append(f"<{tag}> with {handlers}")
        if tag in FORBIDDEN_TAGS or "srcdoc" in d:
            self.found.append(f"<{tag}> element")
        if tag == "meta" and (d.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name in URL_ATTRIBUTES & d.keys():
            value = re.sub(r"[\x00-\x20]", "", d[name] or "").lower()
            if value.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={d[name]!r}>")
        if tag == "script":
            self.script, self.script_body = d, []
        if tag == "title":
            self.title = []

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self._check_script(self.script, "".join(self.script_body))
            self.script = None
        if tag == "title" and self.title is not None:
            self.titles.append("".join(self.title))
            self.title = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_body.append(data)
        if self.title is not None:
            self.title.append(data)

    def _check_script(self, attrs: dict[str, str | None], body: str) -> None:
        if attrs.get("type") == "application/ld+json":
            json.loads(body)  # a data block: browsers never run it, and it must be valid JSON
            return
        src = attrs.get("src") or ""
        if body.strip() or not OWN_SCRIPTS.match(src):
            self.found.append(f"<script src={src!r}> with {len(body.strip())} characters inside")


def audit(html: str) -> tuple[list[str], list[str]]:
    """(what could run, the <title> texts) of one HTML document."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.found, parser.titles


def test_audit_finds_what_would_run() -> None:
    """The checker itself: each payload unescaped would be caught (a checker that cannot fail is no check)."""
    for payload in PAYLOADS[:3] + PAYLOADS[4:]:
        bad = f'<html><head><title>x {payload}</title></head><body><a href="{payload}">x</a><p title=\'{payload}\'>{payload}</p></body></html>'
        found, titles = audit(bad)
        assert found or titles != [f"x {payload}"], payload
    found, titles = audit("<title>x &lt;/title&gt;&lt;script&gt;</title><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert (found, titles) == ([], ["x </title><script>"])


# --------------------------------------------------------------------------- the built site


def test_payloads_reached_every_dataset(corpus) -> None:
    """The corpus is as hostile as promised: department names, every CSV dataset, every YAML dataset."""
    from generator.core.load import CSV_DATASETS, YAML_DATASETS, header_aliases

    _site, changed = corpus
    assert {"name", "aliases", "contact", "address"} <= changed["content/data/departments.yaml"]
    datasets = {Path(rel).parts[2].removesuffix(".yaml") for rel, keys in changed.items() if keys}
    # hotline and proposals hold only a department id, a kind and figures: no free text
    assert set(CSV_DATASETS) | set(YAML_DATASETS) | {"evaluation", "rules"} == datasets | {"hotline", "proposals"}
    for rel, keys in changed.items():
        if rel.endswith(".csv"):
            model, prefix = CSV_DATASETS[Path(rel).parts[2]]
            aliases = header_aliases(model, prefix)
            fields = {aliases.get(re.sub(r"\s+", "", k).lower()) or aliases.get(k.lower()) for k in keys}
            assert {"subject_name", "decision_no", "content", "authority"} <= fields, (rel, fields)


def test_no_page_holds_anything_that_runs(site: Path) -> None:
    pages = html_files(site)
    assert len(pages) > 100
    found = {p.relative_to(site).as_posix(): audit(p.read_text("utf-8"))[0] for p in pages}
    assert not {k: v for k, v in found.items() if v}


def test_payloads_show_as_text_in_titles_and_pages(site: Path) -> None:
    """The payload is on the pages, as text: a <title> keeps its </title>, {{ 7*7 }} is not 49."""
    department = next(p for p in sorted((site / "departments").glob("*.html")) if p.name != "index.html")
    _found, titles = audit(department.read_text("utf-8"))
    assert titles and PAYLOAD in titles[0], titles
    update = next(p for p in sorted((site / "updates").glob("*.html")) if p.name != "index.html")
    _found, titles = audit(update.read_text("utf-8"))
    assert PAYLOAD in titles[0]
    text = update.read_text("utf-8")
    assert "{{ 7*7 }}" in text and ">49<" not in text


def test_feeds_and_their_html_hold_nothing_that_runs(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted((site / "feeds").glob("*.xml"))
    assert feeds
    seen_payload = False
    for feed in feeds:
        tree = ET.parse(feed)
        for element in tree.iter():
            if element.tag in (f"{atom}content", f"{atom}summary") and element.get("type") == "html":
                found, _ = audit(element.text or "")
                assert not found, (feed.name, found)
            seen_payload = seen_payload or PAYLOAD in (element.text or "")
    assert seen_payload, "the payload reached the feeds as text"
    ET.parse(site / "sitemap.xml")


def test_data_files_parse_and_carry_the_payload_as_data(site: Path) -> None:
    """CSV, JSON and SQLite downloads: well-formed, the payload a plain string in them."""
    files = [p for p in sorted(site.rglob("*")) if p.is_file() and "pagefind" not in p.parts]
    carried = 0
    for path in files:
        if path.suffix == ".json":
            carried += PAYLOAD in json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False)
        elif path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
            carried += any(PAYLOAD in cell for row in rows for cell in row)
        elif path.suffix == ".db":
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert carried, "no data file carries the payload: the check looked at nothing"


def _bundle_texts(site: Path) -> Iterator[tuple[str, bytes]]:
    """Pagefind's data files, un-gzipped: fragments, filters, indexes, metadata."""
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file() and path.suffix not in (".js", ".css", ".pagefind", ".sha256"):
            data = path.read_bytes()
            yield path.relative_to(site).as_posix(), gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_search_bundle_holds_the_payload_escaped_only(site: Path) -> None:
    """Markup reaches Pagefind escaped at the source: filters, titles and excerpt text alike."""
    escaped = PAYLOADS[0].replace("<", "&lt;").replace(">", "&gt;").encode()
    texts = dict(_bundle_texts(site))
    assert any("/filter/" in k and escaped in v for k, v in texts.items()), "部门 filter holds the escaped name"
    raw = [k for k, v in texts.items() for needle in (b"<script", b"<img", b"</title", b"<b>") if needle in v]
    assert not raw, raw


def test_pagefind_record_escapes_filters_meta_and_content() -> None:
    from search.documents import SearchDocument

    name = "示例区<b>局</b>\"'&"
    doc = SearchDocument(type="case", id="case:x", url="cases/x.html", title=name, body=f"事实 {name}", dept_name=name)
    record = _record(doc)
    assert record["filters"]["部门"] == ["示例区&lt;b&gt;局&lt;/b&gt;&quot;&#x27;&amp;"]
    assert record["meta"]["title"] == "示例区&lt;b&gt;局&lt;/b&gt;&quot;&#x27;&amp;"
    assert "<" not in record["content"] and "&lt;b&gt;" in record["content"]


def test_a_bundle_made_before_the_escaping_is_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A no-change build copies the live bundle when its key matches; the key names the record
    format, so a live bundle holding unescaped labels is not carried into the next release."""
    from search import static_index
    from search.documents import SearchDocument

    docs = [SearchDocument(type="case", id="case:x", url="cases/x.html", title="t", body="b", dept_name="部门")]
    now = static_index.bundle_key(docs)
    monkeypatch.setattr(static_index, "RECORD_FORMAT", static_index.RECORD_FORMAT - 1)
    assert static_index.bundle_key(docs) != now


def test_every_page_carries_the_content_security_policy(site: Path) -> None:
    """The meta policy is the server's header less frame-ancestors (ignored in a <meta>)."""
    from search.server import SECURITY_HEADERS

    header = {d.strip() for d in SECURITY_HEADERS["Content-Security-Policy"].split(";") if d.strip()}
    expected = {d for d in header if not d.startswith(("frame-ancestors", "report-uri", "sandbox"))}
    for page in html_files(site):
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page.read_text("utf-8"))
        assert len(policies) == 1, page
        assert {d.strip() for d in policies[0].split(";") if d.strip()} == expected, page
        head = page.read_text("utf-8").split("</head>")[0]
        # before anything it governs is requested
        assert head.index("Content-Security-Policy") < min(
            (head.index(t) for t in ("<link", "<script") if t in head), default=len(head)
        ), page


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def mirror(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with static_mirror(site, tmp_path_factory.mktemp("docroot")) as url:
        yield url


@pytest.fixture
def page(browser):
    """A page with the CSP bypassed (escaping must hold on its own) that counts dialogs."""
    context = browser.new_context(bypass_csp=True)
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:
        pg.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


@pytest.mark.browser
def test_searching_the_payloads_fires_no_dialog(page, mirror: str) -> None:
    from playwright.sync_api import expect

    page.goto(mirror + "search.html")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=15000)
    for payload in (*PAYLOADS, "示例区"):
        box.fill("")
        box.press_sequentially(payload, delay=5)
        page.wait_for_timeout(800)
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=15000)
    # Results show titles and excerpts as text, not double-escaped.
    titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any(PAYLOADS[0] in t for t in titles), titles
    assert not any("&lt;" in t or "&amp;" in t for t in titles), titles
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert not any("&lt;" in t for t in excerpts), excerpts
    labels = page.locator(".pagefind-ui__filter-panel label").all_inner_texts()
    department = [t for t in labels if PAYLOADS[1] in t]
    assert department, labels  # the 部门 filter shows the payload as text …
    assert not any("&lt;" in t or "&quot;" in t for t in labels), labels  # … not double-escaped
    assert page.locator(".pagefind-ui__filter-panel img, .pagefind-ui__filter-panel script").count() == 0
    page.locator(".pagefind-ui__filter-panel label", has_text=PAYLOADS[1]).first.click()
    page.wait_for_timeout(800)
    assert page.dialogs == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_pages_of_every_kind_fire_no_dialog(page, mirror: str, site: Path) -> None:
    """One page of each folder, the CSP bypassed: nothing runs (the static audit covers every page)."""
    seen: dict[str, str] = {}
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        seen.setdefault(rel.rpartition("/")[0], rel)
    for rel in seen.values():
        page.goto(mirror + rel)
        page.mouse.move(200, 300)
        page.mouse.move(400, 500)
    assert page.dialogs == []  # type: ignore[attr-defined]
