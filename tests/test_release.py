"""Releases: one build at a time, a live path that always holds a whole site, rollback, pruning."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from generator.core.problems import BuildError
from generator.publish import pipeline
from generator.publish.release import Releases
from search import index_dir_for
from tests.searchkit import AS_OF, FOOD, search_tree

PORTAL = Path(sys.executable).with_name("portal")
# Every test here builds the site, most of them twice or more (make test-fast leaves them out).
pytestmark = pytest.mark.slow


def portal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(PORTAL), *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return search_tree(tmp_path)


def test_a_release_is_a_directory_of_its_own_behind_a_link(content: Path, tmp_path: Path):
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    assert out.is_symlink() and os.readlink(out) == "out.releases/000001/site"
    assert (out / "index.html").is_file() and (out / "manifest.json").is_file()
    assert index_dir_for(out) == tmp_path / "out.releases/000001/site.search"
    pipeline.build(content, out, AS_OF)
    assert os.readlink(out) == "out.releases/000002/site"
    assert not list((tmp_path / "out.releases").glob("*.building*"))


def test_a_second_build_is_refused_while_one_holds_the_lock(content: Path, tmp_path: Path):
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    with Releases(out).lock():
        done = portal("build", "--content", str(content), "--output", "out", "--as-of", "2025-11-01", cwd=tmp_path)
    assert done.returncode == 1
    assert f"进程 {os.getpid()} 正在构建" in done.stdout and "Traceback" not in done.stderr
    assert os.readlink(out) == "out.releases/000001/site"


@pytest.mark.slow
def test_two_builds_at_once_leave_one_whole_site(content: Path, tmp_path: Path):
    pipeline.build(content, tmp_path / "out", AS_OF)
    cmd = [str(PORTAL), "build", "--content", str(content), "--output", "out", "--as-of", "2025-11-01"]
    first = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    second = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    first.communicate(timeout=120)
    codes = sorted([first.returncode, second.returncode])
    assert codes in ([0, 0], [0, 1])  # the second is refused unless the first had finished
    if second.returncode:
        assert "正在构建" in second.stdout
    out = tmp_path / "out"
    pages = {p.relative_to(out) for p in out.rglob("*.html")}
    assert Path("index.html") in pages and len(pages) > 20
    assert not list((tmp_path / "out.releases").glob("*.building*"))


def test_a_failed_build_leaves_the_live_release_and_no_staging(content: Path, tmp_path: Path, monkeypatch):
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    before = os.readlink(out)

    def boom(*_args):
        raise BuildError(["scan failed"])

    monkeypatch.setattr(pipeline.scan, "scan_tree", boom)
    with pytest.raises(BuildError):
        # A later as-of date: new inputs, so a real build (unchanged inputs are linked, not built).
        pipeline.build(content, out, AS_OF + timedelta(days=1))
    assert os.readlink(out) == before and (out / "index.html").is_file()
    assert sorted(p.name for p in (tmp_path / "out.releases").iterdir()) == [".lock", "000001"]


def test_a_killed_builds_staging_is_cleared_by_the_next(content: Path, tmp_path: Path):
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    stale = tmp_path / "out.releases" / "000002.building-99999"
    (stale / "site").mkdir(parents=True)
    pipeline.build(content, out, AS_OF)
    assert not stale.exists()


def test_rollback_and_pruning(content: Path, tmp_path: Path):
    out = tmp_path / "out"
    for _ in range(5):
        pipeline.build(content, out, AS_OF)
    # PORTAL_KEEP_RELEASES = 3 (generator/defaults.py): older releases are deleted.
    assert sorted(p.name for p in Releases(out).all()) == ["000003", "000004", "000005"]
    done = portal("rollback", "--output", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert os.readlink(out) == "out.releases/000004/site"
    assert index_dir_for(out) == tmp_path / "out.releases/000004/site.search"
    portal("rollback", "--output", "out", cwd=tmp_path)
    done = portal("rollback", "--output", "out", cwd=tmp_path)
    assert done.returncode == 1 and "没有更早的版本" in done.stderr


def test_an_older_plain_output_folder_is_adopted(content: Path, tmp_path: Path):
    legacy = tmp_path / "out"
    legacy.mkdir()
    (legacy / "old.html").write_text("old", "utf-8")
    pipeline.build(content, legacy, AS_OF)
    assert legacy.is_symlink() and not (legacy / "old.html").exists()
    assert (tmp_path / "out.releases/000000/site/old.html").is_file()


def test_an_unwritable_output_parent_is_one_line(content: Path, tmp_path: Path):
    (tmp_path / "afile").write_text("not a folder", "utf-8")
    done = portal("build", "--content", str(content), "--output", "afile/out", "--as-of", "2025-11-01", cwd=tmp_path)
    assert done.returncode == 1
    # Before it, only the stage lines a build prints when stderr is not a terminal (publish/progress.py).
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("portal: ")]
    assert "Traceback" not in done.stderr and len(lines) == 1 and lines[0].startswith("错误：无法写入")


@pytest.mark.slow
def test_a_reader_never_sees_a_missing_file_during_20_publishes(content: Path, tmp_path: Path):
    """Polling the live path while it is republished 20 times, every file is always there."""
    out = pipeline.build(content, tmp_path / "out", AS_OF)
    watched = ["index.html", "search.html", "manifest.json", "pagefind/pagefind.js", "shuanggongshi/index.html"]
    misses: list[str] = []
    reads = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal reads
        while not stop.is_set():
            for rel in watched:
                try:
                    (out / rel).read_bytes()
                    reads += 1
                except OSError as e:
                    misses.append(f"{rel}: {e}")

    reader = threading.Thread(target=poll, daemon=True)
    reader.start()
    try:
        for n in range(20):
            # Alternate two contents so every publish really changes pages and indexes.
            facts = FOOD["facts"] + ("（复核）" if n % 2 else "")
            csv_path = content / "data/penalties/2025.csv"
            text = csv_path.read_text("utf-8-sig")
            csv_path.write_text(text.replace(FOOD["facts"] + "（复核）", FOOD["facts"]).replace(FOOD["facts"], facts), "utf-8-sig")
            pipeline.build(content, out, AS_OF, publish=True)
    finally:
        stop.set()
        reader.join(5)
    assert reads > 100 and misses == []
