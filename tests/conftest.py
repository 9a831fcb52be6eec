"""Shared fixtures: the shipped sample content built once per test session, and an HTML reader."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.publish import pipeline

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test (see tests/browserkit.py)."""
    from tests.browserkit import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content/ built as of 2026-11-28; returns the output directory."""
    out = tmp_path_factory.mktemp("site") / "output"
    return pipeline.build(SAMPLE_CONTENT, out, as_of=SAMPLE_AS_OF)


@pytest.fixture(scope="session")
def sample_portal():
    """The derived Portal of the shipped content (the same one the build used)."""
    return pipeline.derive_portal(SAMPLE_CONTENT, SAMPLE_AS_OF)


@dataclass
class Page:
    """What tests need from one HTML file: every start tag with its attributes, ids, text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)
    #: (tag, attrs) of <script> elements and whether each had any content
    scripts: list[tuple[dict[str, str | None], bool]] = field(default_factory=list)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]

    @property
    def plain(self) -> str:
        return "".join(self.text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_script: dict[str, str | None] | None = None
        self._script_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.page.tags.append((tag, d))
        if d.get("id"):
            self.page.ids.add(d["id"] or "")
        if tag == "script":
            self._in_script, self._script_body = d, False

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.page.scripts.append((self._in_script, self._script_body))
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_body = self._script_body or bool(data.strip())
        self.page.text.append(data)


def read_html(path: Path) -> Page:
    """Parse one HTML file."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def file_texts(site: Path) -> dict[Path, bytes]:
    """Every output file's bytes, gzip members (Pagefind fragments …) decompressed."""
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                pass
        out[path] = data
    return out
