"""The sample generator: deterministic, valid at any size, and what content/ ships."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric, uscc

from demo.sample import GB18030_EXPORT, PINYIN_EXPORT, REFERENCE_AS_OF, write_sample
from generator.core.derive import derive
from generator.core.load import load_csv
from generator.core.models import DepartmentKind, License, Penalty, PromiseRating
from generator.publish.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
AS_OF = REFERENCE_AS_OF


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("s300")
    write_sample(out, records=300, seed=2026)
    return out


@pytest.fixture(scope="module")
def checked300(sample300: Path):
    return check(sample300)


@pytest.fixture(scope="module")
def portal300(checked300):
    assert checked300.problems == []
    return derive(checked300.content, AS_OF)


def test_same_arguments_give_byte_identical_trees(sample300: Path, tmp_path: Path) -> None:
    write_sample(tmp_path, records=300, seed=2026)
    assert tree(tmp_path) == tree(sample300)


def test_another_seed_gives_other_records(sample300: Path, tmp_path: Path) -> None:
    write_sample(tmp_path, records=300, seed=7)
    first, other = tree(sample300), tree(tmp_path)
    assert first["data/departments.yaml"] == other["data/departments.yaml"]
    assert (
        first["data/penalties/market-2022-2026.csv"] != other["data/penalties/market-2022-2026.csv"]
    )


def test_300_records_validate_cleanly(checked300) -> None:
    assert checked300.problems == []
    content = checked300.content
    assert len(content.records("penalties")) + len(content.records("licenses")) == 300
    assert 6 <= len(content.records("other-acts")) <= 20


@pytest.mark.slow  # writes and validates 3,000 records
def test_3000_records_validate_cleanly(tmp_path: Path) -> None:
    write_sample(tmp_path, records=3000, seed=11)
    checked = check(tmp_path)
    assert checked.problems == []
    content = checked.content
    assert len(content.records("penalties")) + len(content.records("licenses")) == 3000
    assert len(content.records("other-acts")) == 90
    # Larger departments export one file per year rather than one batch.
    assert (tmp_path / "data/penalties/market-2024.csv").is_file()


def test_shipped_content_is_the_300_record_sample(sample300: Path) -> None:
    shipped = tree(ROOT / "content")
    assert shipped == tree(sample300)


@pytest.mark.slow  # the portal command in a fresh process
def test_cli_writes_the_same_tree(sample300: Path, tmp_path: Path) -> None:
    args = ["sample", "--records", "300", "--seed", "2026", "--out", str(tmp_path)]
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert tree(tmp_path) == tree(sample300)


def test_gb18030_export_is_not_utf8_but_loads(sample300: Path) -> None:
    dataset, dept = GB18030_EXPORT
    [path] = sorted((sample300 / "data" / dataset).glob(f"{dept}-*.csv"))
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    located, problems = load_csv(path, path.name, License, "xk_")
    assert problems == []
    assert len(located) == raw.decode("gb18030").count("\r\n") - 1
    # The Chinese text survived the round trip through GB18030 (name or the alias exports use).
    assert {loc.record.authority for loc in located} <= {"示例区住房和城乡建设局", "示例区住建局"}
    assert all(loc.record.subject_name.startswith("示例区") for loc in located)


def test_pinyin_export_loads(sample300: Path) -> None:
    dataset, dept = PINYIN_EXPORT
    [path] = sorted((sample300 / "data" / dataset).glob(f"{dept}-*.csv"))
    text = path.read_bytes().decode("utf-8-sig")
    assert text.startswith("cf_xdr_mc,cf_xdr_lb,")
    located, problems = load_csv(path, path.name, Penalty, "cf_")
    assert problems == []
    assert located and all(loc.record.authority.startswith("示例") for loc in located)
    assert {loc.record.facts for loc in located} and all(
        loc.record.decision_no.startswith("示环罚") for loc in located
    )


def test_other_exports_are_utf8_with_bom(sample300: Path) -> None:
    special = {GB18030_EXPORT, PINYIN_EXPORT}
    for path in (sample300 / "data").glob("*/*.csv"):
        if (path.parent.name, path.name.split("-20")[0]) in special:
            continue
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path


def test_resident_ids_are_valid_in_the_export_and_masked_when_loaded(
    sample300: Path, checked300
) -> None:
    numbers = []
    for path in (sample300 / "data/penalties").glob("*.csv"):
        text = path.read_bytes().decode(
            "utf-8-sig" if path.read_bytes()[:3] == b"\xef\xbb\xbf" else "gb18030"
        )
        for row in csv.DictReader(io.StringIO(text)):
            numbers += [
                v
                for k, v in row.items()
                if k in ("证件号码", "法定代表人证件号码", "cf_xdr_zjhm", "cf_fr_sfzh") and v
            ]
    assert len(numbers) > 20
    assert all(ric.is_valid(n) for n in numbers)
    loaded = [p.subject_id or p.legal_rep_id for p in checked300.content.records("penalties")]
    masked = [n for n in loaded if n]
    assert masked and all(n[6:] == "*" * 12 for n in masked)


def test_department_codes_follow_gb32100(checked300) -> None:
    departments = checked300.content.records("departments")
    assert len(departments) >= 20
    assert {d.kind for d in departments} == set(DepartmentKind)
    for d in departments:
        assert uscc.is_valid(d.uscc)
        if d.kind == DepartmentKind.public_institution:
            assert d.uscc.startswith("12")
        elif d.kind == DepartmentKind.grassroots_autonomy:
            assert d.uscc[:2] == ("54" if d.name.endswith("村民委员会") else "55")
        else:
            assert d.uscc.startswith("11")


def test_every_promise_rating_appears(portal300) -> None:
    ratings = {p.rating for p in portal300.promises}
    assert ratings == set(PromiseRating)
    assert any(p.overdue for p in portal300.promises)
    changed = [p for p in portal300.promises if p.rating == PromiseRating.lawfully_changed]
    assert all(p.promise.lawful_change.compensation_wan for p in changed)
    # Ratings move both ways: some promise was rated kept before being rated lower, and vice versa.
    order = [
        PromiseRating.broken,
        PromiseRating.stalled,
        PromiseRating.partly_kept,
        PromiseRating.kept,
    ]
    moves = set()
    for p in portal300.promises:
        ranks = [order.index(h.rating) for h in p.history if h.rating in order]
        moves |= {(a < b) for a, b in zip(ranks, ranks[1:], strict=False) if a != b}
    assert moves == {True, False}


def test_every_sanction_state_appears(portal300) -> None:
    states = {s.state for c in portal300.cases for s in c.sanctions}
    assert states >= {
        "已完成",
        "逾期完成",
        "整改中",
        "已逾期",
        "已免除",
        "生效中",
        "已结束",
        "已执行",
    }
    assert any(s.sanction.deadline_workdays for c in portal300.cases for s in c.sanctions)
    leniency = {c.case.leniency.outcome for c in portal300.cases if c.case.leniency}
    assert leniency == {"从轻", "免于惩戒"}
    assert any(c.case.kind == "守信典型" for c in portal300.cases)


def test_some_cases_and_records_are_withdrawn(portal300) -> None:
    withdrawn = portal300.withdrawn_counts
    for status in ("公示期满", "已撤销", "已信用修复"):
        assert withdrawn.get(status, 0) > 0, status
    public_ids = {c.case.id for c in portal300.cases}
    all_ids = {c.case.id for c in portal300.all_cases}
    assert len(all_ids - public_ids) >= 3


def test_objections_in_every_state(portal300) -> None:
    states = {o.state for o in portal300.objections}
    assert states == {"按期答复", "逾期答复", "办理中", "逾期未答复"}
    assert any(r.status.value == "异议处理中" for r in portal300.records)


def test_debtor_listing_current_and_lifted(portal300) -> None:
    assert sorted(d.active for d in portal300.debtors) == [False, True]


def test_decision_before_national_day_published_on_7th_and_8th_working_day(portal300) -> None:
    decided = [
        r
        for r in portal300.all_records
        if r.kind == "penalty" and r.record.decided_on == date(2025, 9, 29)
    ]
    by_day = {r.record.published_on: r for r in decided}
    assert by_day[date(2025, 10, 15)].publish_deadline == date(2025, 10, 15)
    assert by_day[date(2025, 10, 15)].on_time is True
    assert by_day[date(2025, 10, 16)].on_time is False


def test_publication_mostly_on_time_some_late_some_unknown(portal300) -> None:
    timing = [r.on_time for r in portal300.all_records]
    assert timing.count(True) > 0.75 * len(timing)
    assert timing.count(False) > 0
    # Exports without 公示日期 exist: their records date from the first publish that held them.
    assert any(r.record.published_on is None and r.published_on for r in portal300.records)


def test_licences_include_long_term_and_cancelled(checked300) -> None:
    licences = checked300.content.records("licenses")
    assert any(lic.long_term for lic in licences)
    assert any(lic.state == "注销" for lic in licences)


@pytest.mark.parametrize("as_of", [date(2025, 1, 1), date(2025, 10, 20), date(2026, 12, 31)])
def test_plausible_at_other_as_of_dates(checked300, as_of: date) -> None:
    portal = derive(checked300.content, as_of)
    assert portal.records
    assert all(r.record.decided_on <= as_of for r in portal.records)
    assert all(p.history for p in portal.promises)


def test_demo_labels(sample300: Path) -> None:
    for name in ("departments", "promises", "cases"):
        assert "演示数据" in (sample300 / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    for page in (sample300 / "pages").glob("*.md"):
        assert "演示数据" in page.read_text(encoding="utf-8"), page
    for update in (sample300 / "updates").glob("*.md"):
        assert "演示数据" in update.read_text(encoding="utf-8"), update
