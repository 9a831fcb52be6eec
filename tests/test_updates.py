"""``portal new-update``: a draft Pelican can read, never overwriting; the shipped updates are well formed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from generator.updates import new_update, slugify

ROOT = Path(__file__).resolve().parent.parent
TITLE = "示例区召开2026年政务诚信建设推进会"


def portal(*args: str) -> subprocess.CompletedProcess:
    """Run the real CLI."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def reader() -> MarkdownReader:
    return MarkdownReader(read_settings(str(ROOT / "pelicanconf.py")))


def test_cli_writes_a_draft_pelican_reads(tmp_path: Path, reader: MarkdownReader) -> None:
    run = portal(
        "new-update",
        TITLE,
        "--content",
        str(tmp_path),
        "--date",
        "2026-11-28",
        "--category",
        "政策解读",
    )
    assert run.returncode == 0, run.stderr
    path = Path(run.stdout.strip())
    assert path.parent == tmp_path / "updates"
    assert path.name == "2026-11-28-shi-li-qu-zhao-kai-2026-nian-zheng.md"
    _, meta = reader.read(str(path))
    assert meta["title"] == TITLE
    assert meta["date"] == datetime(2026, 11, 28, 9, 0)
    assert str(meta["category"]) == "政策解读"
    assert meta["slug"] == "2026-11-28-shi-li-qu-zhao-kai-2026-nian-zheng"
    assert meta["slug"].isascii()
    assert meta["status"] == "draft"
    assert TITLE in meta["summary"]
    body = path.read_text(encoding="utf-8")
    assert "## 基本情况" in body and "## 下一步工作" in body


def test_cli_refuses_to_overwrite(tmp_path: Path) -> None:
    first = portal("new-update", TITLE, "--content", str(tmp_path), "--date", "2026-11-28")
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    path.write_text(path.read_text(encoding="utf-8") + "\n新闻办已写好的正文。\n", encoding="utf-8")
    edited = path.read_bytes()
    second = portal("new-update", TITLE, "--content", str(tmp_path), "--date", "2026-11-28")
    assert second.returncode == 1
    assert "已存在" in second.stderr and "Traceback" not in second.stderr
    assert second.stdout == ""
    assert path.read_bytes() == edited
    assert len(list((tmp_path / "updates").iterdir())) == 1


def test_same_title_another_day_is_another_file(tmp_path: Path) -> None:
    a = new_update(tmp_path, TITLE, day=date(2026, 11, 27))
    b = new_update(tmp_path, TITLE, day=date(2026, 11, 28))
    assert a != b and a.exists() and b.exists()


def test_empty_title_is_refused(tmp_path: Path) -> None:
    run = portal("new-update", "  ", "--content", str(tmp_path))
    assert run.returncode == 1
    assert not (tmp_path / "updates").exists() or not any((tmp_path / "updates").iterdir())


def test_metadata_stays_on_one_line(tmp_path: Path, reader: MarkdownReader) -> None:
    path = new_update(tmp_path, "第一行\nStatus: published", day=date(2026, 1, 5))
    _, meta = reader.read(str(path))
    assert meta["status"] == "draft"
    assert meta["title"] == "第一行 Status: published"


@pytest.mark.parametrize(
    ("title", "slug"),
    [("信用修复指引", "xin-yong-xiu-fu-zhi-yin"), ("12345热线", "12345-re-xian"), ("！！", None)],
)
def test_slugs_are_short_stable_ascii(title: str, slug: str | None) -> None:
    made = slugify(title)
    assert made == slugify(title) and made.isascii() and len(made) <= 60
    if slug:
        assert made == slug
    else:
        assert made.startswith("update-")


def test_shipped_updates_are_complete(reader: MarkdownReader) -> None:
    updates = sorted((ROOT / "content/updates").glob("*.md"))
    assert len(updates) >= 5
    categories = set()
    for path in updates:
        _, meta = reader.read(str(path))
        for key in ("title", "date", "category", "slug", "summary"):
            assert meta.get(key), (path.name, key)
        assert meta["slug"].isascii()
        assert "status" not in meta  # published, not drafts
        categories.add(str(meta["category"]))
    assert categories == {"工作动态", "政策解读", "典型案例"}
