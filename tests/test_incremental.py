"""Incremental work, keyed by content hashes (issue 10): what a rebuild reuses, and that it is right.

A rebuild links the live release whole when its inputs did not change (publish/inputs.py),
else links every page whose key did not change (render/cache.py) and renders the rest; the
manifest and the leak scan reuse their work for linked files; the scan itself is exact.
"""

from __future__ import annotations

import io
import os
import random
import sqlite3
from pathlib import Path

import pytest
from stdnum.cn import ric

from generator.core.privacy import find_leaks
from generator.publish import manifest, pipeline, scan
from generator.publish.progress import Progress
from generator.render.cache import KEYS_FILE
from tests.searchkit import AS_OF, FOOD, search_tree

ID = "110101199003077774"  # a valid resident ID (check digit 4): test data, no one's
#: One whose check character is X.
ID_X = next(b + "X" for b in (f"1101011990030{n:04d}" for n in range(2000)) if ric.calc_check_digit(b) == "X")
MOBILE = "13812345678"


# --------------------------------------------------------------------------- the leak scan


def test_fast_leak_scan_finds_exactly_what_the_rule_finds() -> None:
    rng = random.Random(7)
    alphabet = b"0123456789Xxab .\n-<>\xe4\xb8\x80"
    samples = [
        f"x{ID}y {ID} a{MOBILE} {MOBILE}\n9{MOBILE} {ID_X} {ID_X.lower()} 0{ID[1:]} r{MOBILE}c".encode(),
        f"{MOBILE}".encode(),
        f"{ID}".encode(),
        b"",
    ]
    for _ in range(3000):
        parts = [bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))]
        for _ in range(rng.randrange(0, 4)):
            parts.append(rng.choice([ID.encode(), MOBILE.encode(), ID_X.encode(), ID_X.lower().encode(), b"1" * 11]))
            parts.append(bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 3))))
        samples.append(b"".join(parts))
    found = 0
    for data in samples:
        assert scan.find_leaks_fast(data) == find_leaks(data), data
        found += bool(find_leaks(data))
    assert found > 200  # the comparison saw many leaks, not only clean text


def test_a_database_is_scanned_value_by_value(tmp_path: Path) -> None:
    """Fields side by side in a SQLite page are not one number; a number in one value is found."""
    site = tmp_path / "site"
    site.mkdir()
    with sqlite3.connect(site / "clean.db") as db:
        db.execute("CREATE TABLE t (a REAL, b TEXT)")
        db.execute("INSERT INTO t VALUES (1333333, '2024-08-16')")  # …13333332024-08-16… in the page
    with sqlite3.connect(site / "leaky.db") as db:
        db.execute("CREATE TABLE t (a TEXT)")
        db.execute("INSERT INTO t VALUES (?)", (f"联系电话 {MOBILE}",))
    problems = scan.scan_tree(site)
    assert [(p.path, p.field) for p in problems] == [("leaky.db", "手机号码")]


# --------------------------------------------------------------------------- rebuilds


def _inode(path: Path) -> int:
    return os.stat(path).st_ino


@pytest.mark.slow
def test_unchanged_inputs_link_the_live_release(tmp_path: Path) -> None:
    content = search_tree(tmp_path)
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    first = out.resolve()
    stream = io.StringIO()
    pipeline.build(content, out, AS_OF, progress=Progress(stream=stream, tty=False))
    second = out.resolve()
    assert first != second and second.parent.name == "000002"
    assert "内容未变" in stream.getvalue() and "读取与校验" not in stream.getvalue()
    for rel in ("index.html", "manifest.json", "pagefind/pagefind-entry.json"):
        assert _inode(first / rel) == _inode(second / rel), rel
    assert manifest.verify(second).clean


@pytest.mark.slow
def test_a_changed_record_renders_its_pages_and_links_the_rest(tmp_path: Path) -> None:
    content = search_tree(tmp_path)
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    first = out.resolve()
    csv = content / "data/penalties/2025.csv"
    csv.write_text(csv.read_text("utf-8").replace(FOOD["facts"], FOOD["facts"] + "（更正）"), "utf-8")
    stream = io.StringIO()
    pipeline.build(content, out, AS_OF, progress=Progress(stream=stream, tty=False))
    second = out.resolve()
    assert (second.parent / KEYS_FILE).is_file()
    listing = "shuanggongshi/market/penalty-2025.html"
    assert _inode(first / listing) != _inode(second / listing)
    assert "（更正）" in (second / listing).read_text("utf-8")
    # A page that does not show the record is the live release's file, linked.
    assert _inode(first / "cases/index.html") == _inode(second / "cases/index.html")
    assert "沿用 " in stream.getvalue()
    # The manifest took the linked files' entries and hashed the new ones: it verifies.
    assert manifest.verify(second).clean
    # The same pages as a build from scratch, byte for byte; but the 更新记录 pages, whose order
    # follows the opaque ids of a preview's throwaway ledger secret (a new one per preview).
    fresh = pipeline.build(content, tmp_path / "fresh", AS_OF).resolve()
    def pages(root: Path) -> list[str]:
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if "changes" not in p.parts)

    names = pages(second)
    assert names == pages(fresh)
    assert [n for n in names if (second / n).read_bytes() != (fresh / n).read_bytes()] == []


def test_progress_prints_stage_lines_without_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=False)
    with progress.stage("渲染页面", total=3):
        progress.advance(3)
        progress.note("沿用 2 页")
    assert stream.getvalue().startswith("portal: 渲染页面 ")
    assert "（3 项）" in stream.getvalue() and "沿用 2 页" in stream.getvalue()
    assert "\r" not in stream.getvalue() and progress.timings[0][0] == "渲染页面"


def test_progress_draws_a_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, tty=True)
    with progress.stage("渲染页面", total=4):
        progress._drawn = 0  # redraw now, whatever the clock says
        progress.advance(2)
    text = stream.getvalue()
    assert "█" in text and "2/4" in text and text.endswith("\n")
