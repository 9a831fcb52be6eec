"""Publishing: the ledger, the daily delta, a manifest to verify, a mirror that forgets the withdrawn."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.core.derive import PUBLISHED_FROM_HISTORY, derive
from generator.core.problems import BuildError
from generator.publish import pipeline
from generator.publish.ledger import Ledger, first_published
from tests.conftest import file_texts
from tests.contentkit import penalty_row
from tests.searchkit import FOOD, POLLUTER, search_tree

DAY1, DAY2 = date(2025, 11, 1), date(2025, 11, 3)
PORTAL = Path(sys.executable).with_name("portal")
UNDATED = "示市监罚〔2025〕20号"
# Publishes are builds, two or more per test or fixture here (make test-fast leaves them out).
pytestmark = pytest.mark.slow


def portal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(PORTAL), *args], cwd=cwd, capture_output=True, text=True)


def all_bytes(root: Path) -> bytes:
    """Every file under root, gzip members decompressed, as one blob to search."""
    return b"\n".join(file_texts(root).values()).replace("\u200b".encode(), b"")


def day2_content(root: Path) -> Path:
    """Day 2: POLLUTER's decision revoked, FOOD's facts corrected, an undated record added."""
    content = search_tree(root)
    csv_path = content / "data/penalties/2025.csv"
    text = csv_path.read_text("utf-8-sig").replace(FOOD["facts"], FOOD["facts"] + "（经复核更正）")
    rows = [r for r in text.splitlines() if POLLUTER["no"] not in r]
    rows.append(penalty_row(no=UNDATED, decided="2025/10/30", published=""))
    csv_path.write_text("\n".join(rows) + "\n", "utf-8-sig")
    revoked = content / "data/penalties/revoked-2024.csv"
    revoked.write_text(
        "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法事实,处罚类别,处罚内容,"
        "罚款金额（万元）,处罚决定日期,处罚机关,公示日期,撤销日期\n"
        f"{POLLUTER['name']},法人及非法人组织,{POLLUTER['uscc']},{POLLUTER['no']},{POLLUTER['facts']},"
        "罚款,罚款人民币二十万元,20,2024/03/05,示例区生态环境分局,2024/03/08,2025/11/02\n",
        "utf-8-sig",
    )
    return content


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two publishes into one output: day 1 the search tree, day 2 its changes."""
    root = tmp_path_factory.mktemp("publish")
    out = root / "out"
    pipeline.build(search_tree(root / "one"), out, DAY1, publish=True)
    day1_tree = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shutil.copy(root / "out.ledger.sqlite", root / "ledger-after-day1.sqlite")
    content2 = day2_content(root / "two")
    pipeline.build(content2, out, DAY2, publish=True)
    return {"root": root, "out": out, "day1": day1_tree, "content2": content2}


def delta(out: Path, day: date) -> list[dict]:
    return json.loads((out / f"data/changes/{day}.json").read_text("utf-8"))["changes"]


def test_first_publish_adds_every_public_record(published):
    day1 = json.loads(published["day1"][Path(f"data/changes/{DAY1}.json")])["changes"]
    assert {c["op"] for c in day1} == {"ADD"}
    kinds = sorted(c["kind"] for c in day1)
    assert kinds.count("penalty") == 3 and "case" in kinds and "promise" in kinds


def test_second_publish_records_add_mod_del(published):
    changes = delta(published["out"], DAY2)
    ops = sorted(c["op"] for c in changes)
    assert ops == ["ADD", "DEL", "MOD"]
    [deleted] = [c for c in changes if c["op"] == "DEL"]
    assert set(deleted) == {"op", "id", "reason"} and deleted["reason"] == "revoked"
    [modified] = [c for c in changes if c["op"] == "MOD"]
    assert modified["kind"] == "penalty" and modified["url"].startswith("shuanggongshi/market/")


def test_a_withdrawn_record_leaves_no_trace(published):
    blob = all_bytes(published["out"])
    for trace in (POLLUTER["no"], POLLUTER["name"], POLLUTER["uscc"], POLLUTER["facts"]):
        assert trace.encode() not in blob, trace
    # Its day-1 ADD entry is rewritten as the opaque id alone.
    [deleted] = [c for c in delta(published["out"], DAY2) if c["op"] == "DEL"]
    [then] = [c for c in delta(published["out"], DAY1) if c["id"] == deleted["id"]]
    assert then == {"op": "ADD", "id": deleted["id"]}


def test_ledger_keeps_history_between_publishes(published):
    db = sqlite3.connect(published["root"] / "out.ledger.sqlite")
    rows = dict(db.execute("SELECT ref, withdrawn_on || ' ' || reason FROM records WHERE withdrawn_on IS NOT NULL"))
    assert rows == {f"penalty:{POLLUTER['no']}": f"{DAY2} revoked"}
    first, last = db.execute(
        "SELECT first_published, last_changed FROM records WHERE ref = ?", (f"penalty:{FOOD['no']}",)
    ).fetchone()
    assert (first, last) == (DAY1.isoformat(), DAY2.isoformat())


def test_undated_record_dates_from_its_first_publish(published, tmp_path):
    """Day 3: the record without 公示日期 keeps the day it first went online (day 2)."""
    ledger = Ledger(published["root"] / "out.ledger.sqlite").load()
    assert ledger.entries[f"penalty:{UNDATED}"].first_published == DAY2
    day3 = date(2025, 11, 20)
    content = pipeline.check(published["content2"]).content
    again = derive(content, day3, first_published(ledger, day3))
    [r] = [r for r in again.records if r.record.decision_no == UNDATED]
    assert (r.published_on, r.published_from, r.on_time) == (DAY2, PUBLISHED_FROM_HISTORY, True)
    # Without the ledger it would date from day 3, past its deadline (2025-11-10): late.
    [late] = [r for r in derive(content, day3).records if r.record.decision_no == UNDATED]
    assert late.on_time is False


def test_change_pages_feed_and_sitemap(published):
    out = published["out"]
    page = (out / f"changes/{DAY2}.html").read_text("utf-8")
    assert "新增（1 条）" in page and "变更（1 条）" in page and "决定撤销或变更：1 条" in page
    assert UNDATED in page  # links to what was added
    assert (out / "changes/index.html").is_file() and (out / "feeds/changes.atom.xml").is_file()
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert f"<lastmod>{DAY2}</lastmod>" in sitemap and f"<lastmod>{DAY1}</lastmod>" in sitemap


def test_a_preview_build_records_nothing(published, tmp_path):
    ledger = published["root"] / "out.ledger.sqlite"
    before = ledger.read_bytes()
    pipeline.build(published["content2"], published["out"], date(2025, 11, 5))
    assert ledger.read_bytes() == before


def test_publishing_as_of_an_earlier_day_is_refused(published):
    with pytest.raises(BuildError) as err:
        pipeline.build(published["content2"], published["out"], DAY1, publish=True)
    assert "不能以更早的日期" in str(err.value.problems[0])


def test_verify_names_every_difference(published, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(published["out"], copy)
    assert portal("verify", str(copy), cwd=tmp_path).returncode == 0
    (copy / "index.html").write_text("篡改", "utf-8")
    (copy / "search.html").unlink()
    (copy / "extra.html").write_text("多余", "utf-8")
    done = portal("verify", str(copy), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["已改动：index.html", "缺失：search.html", "多余：extra.html"]


def test_mirror_copies_changes_and_forgets_the_withdrawn(tmp_path):
    out, mirror = tmp_path / "out", tmp_path / "mirror"
    pipeline.build(search_tree(tmp_path / "one"), out, DAY1, publish=True)
    assert portal("mirror", str(out), str(mirror), cwd=tmp_path).returncode == 0
    assert POLLUTER["no"].encode() in all_bytes(mirror)
    pipeline.build(day2_content(tmp_path / "two"), out, DAY2, publish=True)
    assert portal("mirror", str(out), str(mirror), "--check", cwd=tmp_path).returncode == 1
    done = portal("mirror", str(out), str(mirror), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "沿用" in done.stderr
    assert portal("verify", str(mirror), cwd=tmp_path).returncode == 0
    assert portal("mirror", str(out), str(mirror), "--check", cwd=tmp_path).returncode == 0
    for trace in (POLLUTER["no"], POLLUTER["name"], POLLUTER["facts"]):
        assert trace.encode() not in all_bytes(mirror), trace
    # The mirror's search index follows too.
    assert (mirror.resolve().parent / "site.search" / "hashes.json").is_file()


def test_two_publishes_of_the_same_state_are_byte_identical(published, tmp_path):
    """Same content, same as-of, same ledger state: same tree, delta and data files included."""
    trees = []
    for name in ("a", "b"):
        out = tmp_path / name / "out"
        out.parent.mkdir()
        shutil.copy(published["root"] / "ledger-after-day1.sqlite", out.parent / "out.ledger.sqlite")
        pipeline.build(published["content2"], out, DAY2, publish=True)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    # Pagefind 1.5.2 writes filter and meta indexes in hash-map order (upstream issue 638), and the
    # manifest hashes them: the one documented exception.
    unstable = re.compile(r"^(pagefind/(filter/.*|pagefind\.zh_\w+\.pf_meta|pagefind-entry\.json)|manifest\.json)$")
    stable = [{k: v for k, v in t.items() if not unstable.match(k)} for t in trees]
    assert stable[0].keys() == stable[1].keys() and len(stable[0]) > 50
    assert [k for k in stable[0] if stable[0][k] != stable[1][k]] == []
