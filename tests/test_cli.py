"""The portal command as a clerk runs it: one line per problem, exit 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.publish.scan import find_leaks, scan_tree
from tests.contentkit import PERSON_ID, make_tree, penalties_csv, penalty_row

PORTAL = [sys.executable, "-m", "generator.cli"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*PORTAL, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _broken_tree(tmp_path: Path) -> Path:
    rows = [
        penalty_row(no="a"),
        penalty_row(no="b", decided="2025/02/30"),
        penalty_row(no="c", uscc_code="9.13701E+17"),
        penalty_row(no="a"),
    ]
    gb = penalties_csv(penalty_row(no="d", authority="不存在的局"), encoding="gb18030")
    return make_tree(
        tmp_path,
        {
            "data/penalties/2025.csv": penalties_csv(*rows),
            "data/penalties/gb.csv": gb,
            "data/cases.yaml": "- id: BAD ID\n  kind: 失信案例\n",
        },
    )


@pytest.mark.slow  # the portal command in a fresh process
def test_validate_reports_each_broken_row_once(tmp_path):
    content = _broken_tree(tmp_path)
    result = run("validate", "--content", str(content.relative_to(tmp_path)), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    by_location = [line.split(": ")[0] for line in lines]
    assert "content/data/penalties/2025.csv:3" in by_location
    assert "content/data/penalties/2025.csv:4" in by_location
    assert "content/data/penalties/2025.csv:5" in by_location  # duplicate 文号
    assert "content/data/penalties/gb.csv:2" in by_location  # GB18030 decoded, authority unknown
    assert all(loc.startswith("content/data/") for loc in by_location)
    penalty_lines = [loc for loc in by_location if "penalties" in loc]
    assert len(penalty_lines) == len(set(penalty_lines)) == 4
    assert any(line.startswith("content/data/cases.yaml:1: id:") for line in lines)


@pytest.mark.slow  # the portal command in a fresh process
def test_validate_clean_content_exits_zero(tmp_path):
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row())})
    result = run("validate", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


@pytest.mark.slow  # the portal command in a fresh process
def test_build_refuses_invalid_content_and_writes_nothing(tmp_path):
    content = _broken_tree(tmp_path)
    out = tmp_path / "site"
    result = run(
        "build",
        "--content",
        str(content),
        "--output",
        str(out),
        "--as-of",
        "2025-12-01",
        cwd=tmp_path,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "2025.csv:3: 处罚决定日期" in result.stdout
    assert not out.exists() and not list(tmp_path.glob(".site*"))


@pytest.mark.slow  # the portal command in a fresh process
@pytest.mark.parametrize(
    "text,line,cause",
    [("x = (\n", 1, "SyntaxError"), ("SITENAME = 'x'\nfrom nowhere import *\n", 2, "ModuleNotFoundError")],
)
def test_a_settings_file_that_does_not_load_is_one_report(tmp_path, text, line, cause):
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row())})
    conf = tmp_path / "broken.py"
    conf.write_text(text, "utf-8")
    out = tmp_path / "site"
    result = run("build", "--content", str(content), "--output", str(out), "--settings", str(conf), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{conf}:{line}: 设置: 设置文件无法载入：{cause}")
    assert not out.exists()


def test_bad_as_of_is_a_usage_error(tmp_path):
    result = run("build", "--as-of", "2025-13-01", cwd=tmp_path)
    assert result.returncode == 2 and "不是 YYYY-MM-DD 日期" in result.stderr


def test_leak_scan_finds_full_ids_and_mobiles_only(tmp_path):
    text = (
        f"ok 110105********** 电话13800001111 {PERSON_ID} 订单号 123456789012345678901 1380000111122"
        ' <li id="r18483364749c"> 许可编号 JY13800001111'
    ).encode()
    hits = find_leaks(text)
    assert [kind for _, kind in hits] == ["居民身份证号码", "手机号码"]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.html").write_bytes(b"line1\n" + text)
    problems = [str(p) for p in scan_tree(tmp_path)]
    assert problems[0].startswith("a/p.html:2: 居民身份证号码:") and PERSON_ID not in "".join(
        problems
    )
