"""Deadline and publicity rules: statutory working days, status as of a date, sanctions, objections."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.derive import (
    PUBLISHED_FROM_HISTORY,
    PUBLISHED_FROM_THIS_PUBLISH,
    Status,
    add_months,
    case_status,
    derive,
    license_status,
    objection_view,
    penalty_status,
    promise_view,
    sanction_view,
)
from generator.core.models import Case, License, Objection, Penalty, Promise, Sanction
from generator.core.rules import Rules
from generator.core.workdays import CalendarNotCovered, WorkdayCalendar
from generator.publish.pipeline import check
from generator.render.urls import record_url
from tests.contentkit import COMPANY, make_tree, penalties_csv, penalty_row

CAL = WorkdayCalendar()
RULES = Rules()


# --------------------------------------------------------------------------- working days


def test_national_day_2025_counts_make_up_saturday():
    # 10-01..10-08 holiday; Saturday 10-11 is a make-up working day.
    assert CAL.add_workdays(date(2025, 9, 29), 7) == date(2025, 10, 15)
    assert CAL.is_workday(date(2025, 10, 11)) and not CAL.is_workday(date(2025, 10, 8))


def test_spring_festival_2025_and_plain_week():
    # 2025-01-28..02-04 holiday, Sunday 01-26 and Saturday 02-08 make-up days.
    assert CAL.add_workdays(date(2025, 1, 24), 3) == date(2025, 2, 5)
    assert CAL.add_workdays(date(2024, 3, 4), 10) == date(2024, 3, 18)


def test_uncovered_year_is_a_clear_error():
    with pytest.raises(CalendarNotCovered, match="2027 年的法定节假日安排未知.*calendar.yaml"):
        CAL.add_workdays(date(2026, 12, 25), 7)


def test_local_calendar_file_covers_later_years(tmp_path):
    cal = WorkdayCalendar({2027: {"holidays": [date(2027, 1, 1)], "workdays": [date(2027, 1, 9)]}})
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 9))  # a Saturday made a working day
    assert cal.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)


def test_uncovered_year_reported_by_validation_and_fixed_by_calendar_file(tmp_path):
    row = penalty_row(decided="2027/03/01", published="")
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(row)})
    problems = [str(p) for p in check(content).problems]
    assert problems == [
        "content/data/penalties/a.csv:2: 处罚决定日期: 2027 年的法定节假日安排未知：chinese_calendar 只覆盖 "
        "2004–2026 年；请在 content/data/calendar.yaml 中补充 2027 年的 holidays 与 workdays"
    ]
    (content / "data" / "calendar.yaml").write_text(
        "2027:\n  holidays: [2027/01/01]\n  workdays: []\n"
    )
    assert check(content).problems == []


def test_bad_calendar_file_reported(tmp_path):
    content = make_tree(
        tmp_path,
        {"data/calendar.yaml": "2027:\n  holidays: [2027/01/01, 2027/02/30]\n  extra: []\n"},
    )
    problems = [str(p) for p in check(content).problems]
    assert "content/data/calendar.yaml:2: 2027.holidays.1: 「2027/02/30」是不存在的日期" in problems
    assert "content/data/calendar.yaml:3: 2027.extra: 未知字段" in problems
    (content / "data/calendar.yaml").write_text("2027:\n  holidays:\n    - 2027/01/01\n    - 2026/01/01\n")
    problems = [str(p) for p in check(content).problems]
    assert problems == ["content/data/calendar.yaml:2: 2027.holidays: 「2026/01/01」不属于 2027 年"]


# --------------------------------------------------------------------------- publicity status


def _penalty(**kw) -> Penalty:
    base = dict(
        subject_name="示例区甲公司",
        subject_kind="法人及非法人组织",
        subject_uscc=COMPANY,
        decision_no="示罚〔2024〕1号",
        facts="f",
        penalty_type="罚款",
        content="c",
        decided_on="2024/01/10",
        authority="示例区市场监督管理局",
    )
    return Penalty.model_validate({**base, **kw})


def test_add_months_clamps_to_month_end():
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_penalty_active_then_expired_after_three_years():
    p = _penalty()
    assert penalty_status(p, RULES, date(2027, 1, 10)) == Status.active
    assert penalty_status(p, RULES, date(2027, 1, 11)) == Status.expired


def test_publicity_deadline_column_is_authoritative():
    p = _penalty(publicity_until="2024/06/30")
    assert penalty_status(p, RULES, date(2024, 6, 30)) == Status.active
    assert penalty_status(p, RULES, date(2024, 7, 1)) == Status.expired


def test_revoked_and_not_yet():
    p = _penalty(revoked_on="2024/03/01")
    assert penalty_status(p, RULES, date(2024, 2, 29)) == Status.active
    assert penalty_status(p, RULES, date(2024, 3, 1)) == Status.revoked
    assert penalty_status(p, RULES, date(2024, 1, 9)) == Status.not_yet


def test_repair_takes_effect_only_after_minimum_period():
    p = _penalty(repaired_on="2024/02/01")  # minimum 3 months → 2024-04-10
    assert penalty_status(p, RULES, date(2024, 4, 9)) == Status.active
    assert penalty_status(p, RULES, date(2024, 4, 10)) == Status.repaired


def test_serious_fields_have_one_year_minimum():
    p = _penalty(repaired_on="2024/02/01", violation_type="消防安全违法行为")
    assert penalty_status(p, RULES, date(2024, 12, 1)) == Status.active
    assert penalty_status(p, RULES, date(2025, 1, 10)) == Status.repaired


def test_unpublished_penalty_types_are_exempt():
    rules = Rules(unpublished_penalty_types=["警告"])
    assert penalty_status(_penalty(penalty_type="警告"), rules, date(2024, 2, 1)) == Status.exempt
    assert (
        penalty_status(_penalty(penalty_type="警告；罚款"), rules, date(2024, 2, 1))
        == Status.active
    )


def test_license_revoked_by_state_and_expired_by_validity():
    base = dict(
        subject_name="示例区乙公司",
        subject_kind="法人及非法人组织",
        document_name="准予许可决定书",
        decision_no="示许〔2024〕1号",
        category="普通",
        content="c",
        decided_on="2024/01/10",
        authority="a",
    )
    assert (
        license_status(License.model_validate({**base, "state": "注销"}), RULES, date(2024, 2, 1))
        == Status.revoked
    )
    lic = License.model_validate({**base, "valid_until": "2024/12/31"})
    assert license_status(lic, RULES, date(2024, 12, 31)) == Status.active
    assert license_status(lic, RULES, date(2025, 1, 1)) == Status.expired


# --------------------------------------------------------------------------- sanctions, objections, promises


def test_sanction_states():
    imposed = date(2025, 9, 29)
    by_days = Sanction(kind="限期整改", imposed_on=imposed, deadline_workdays=7)
    assert sanction_view(by_days, RULES, CAL, date(2025, 10, 15)).state == "整改中"
    view = sanction_view(by_days, RULES, CAL, date(2025, 10, 16))
    assert view.deadline == date(2025, 10, 15) and view.state == "已逾期" and view.overdue
    done_late = Sanction(
        kind="限期整改", imposed_on=imposed, deadline="2025/10/10", completed_on="2025/10/20"
    )
    assert sanction_view(done_late, RULES, CAL, date(2025, 11, 1)).state == "逾期完成"
    done = Sanction(
        kind="书面说明原因", imposed_on=imposed, deadline="2025/10/10", completed_on="2025/10/09"
    )
    assert sanction_view(done, RULES, CAL, date(2025, 11, 1)).state == "已完成"
    waived = Sanction(kind="公开通报批评", imposed_on=imposed, waived=True)
    assert sanction_view(waived, RULES, CAL, date(2025, 11, 1)).state == "已免除"
    ban = Sanction(kind="取消荣誉评选资格", imposed_on=imposed)
    assert sanction_view(ban, RULES, CAL, date(2026, 9, 29)).state == "生效中"
    assert sanction_view(ban, RULES, CAL, date(2026, 9, 30)).state == "已结束"


def test_objection_answer_within_ten_working_days():
    filed = "2025/09/26"  # 9-28 (make-up Sunday), 9-29, 9-30, 10-9, 10-10, 10-11 (make-up Saturday) … 10-16
    on_time = Objection(
        id="o1",
        target="case:c",
        department="market",
        filed_on=filed,
        answered_on="2025/10/16",
        outcome="维持",
    )
    view = objection_view(on_time, None, RULES, CAL, date(2025, 12, 1))
    assert view.deadline == date(2025, 10, 16) and view.state == "按期答复"
    late = on_time.model_copy(update={"answered_on": date(2025, 10, 17)})
    assert objection_view(late, None, RULES, CAL, date(2025, 12, 1)).state == "逾期答复"
    pending = Objection(id="o2", target="case:c", department="market", filed_on=filed)
    assert objection_view(pending, None, RULES, CAL, date(2025, 10, 16)).state == "办理中"
    assert objection_view(pending, None, RULES, CAL, date(2025, 10, 17)).state == "逾期未答复"


def test_promise_rating_as_of_and_overdue():
    p = Promise.model_validate(
        dict(
            id="p",
            title="t",
            department="market",
            category="招商引资政策",
            made_on="2024/01/01",
            due_on="2024/12/31",
            summary="s",
            source={"title": "协议"},
            history=[
                {"on": "2024/02/01", "rating": "推进中", "note": "n", "evidence": [{"title": "e"}]},
                {"on": "2025/03/01", "rating": "已兑现", "note": "n", "evidence": [{"title": "e"}]},
            ],
        )
    )
    assert promise_view(p, None, date(2024, 6, 1)).rating == "推进中"
    assert promise_view(p, None, date(2025, 1, 1)).overdue
    later = promise_view(p, None, date(2025, 3, 1))
    assert later.rating == "已兑现" and not later.overdue


def test_case_withdrawn_when_repaired():
    c = Case.model_validate(
        dict(
            id="c",
            kind="失信案例",
            title="t",
            department="market",
            occurred_on="2024/01/01",
            exposed_on="2024/02/01",
            summary="s",
            repaired_on="2025/01/01",
        )
    )
    assert case_status(c, RULES, date(2024, 12, 31)) == Status.active
    assert case_status(c, RULES, date(2025, 1, 1)) == Status.repaired


# --------------------------------------------------------------------------- derive over a tree


def test_derive_publishes_only_public_records_with_on_time_flags(tmp_path):
    rows = [
        penalty_row(no="准时", decided="2025/09/29", published="2025/10/15"),
        penalty_row(no="迟到", decided="2025/09/29", published="2025/10/16"),
        penalty_row(no="未记录", decided="2025/09/29", published=""),
        penalty_row(no="过期", decided="2021/01/04", published="2021/01/05"),
        penalty_row(no="异议中", decided="2025/09/29", published="2025/10/15"),
    ]
    objections = (
        "- id: o1\n  target: penalty:异议中\n  department: market\n  filed_on: 2025/11/20\n"
    )
    content = make_tree(
        tmp_path, {"data/penalties/a.csv": penalties_csv(*rows), "data/objections.yaml": objections}
    )
    checked = check(content)
    assert checked.problems == []
    portal = derive(checked.content, date(2025, 11, 28))
    shown = {r.record.decision_no: r for r in portal.records}
    assert set(shown) == {"准时", "迟到", "未记录", "异议中"}
    assert shown["准时"].on_time is True and shown["迟到"].on_time is False
    # No 公示日期 and no publish history: online from this publish on, so late here.
    assert (shown["未记录"].published_on, shown["未记录"].published_from) == (
        date(2025, 11, 28),
        PUBLISHED_FROM_THIS_PUBLISH,
    )
    assert shown["未记录"].on_time is False
    # The publish ledger's first-published date stands in for a missing 公示日期.
    known = derive(checked.content, date(2025, 11, 28), {"penalty:未记录": date(2025, 10, 10)})
    again = next(r for r in known.records if r.record.decision_no == "未记录")
    assert (again.published_on, again.published_from, again.on_time) == (
        date(2025, 10, 10),
        PUBLISHED_FROM_HISTORY,
        True,
    )
    assert shown["异议中"].status == Status.under_objection
    assert shown["准时"].publish_deadline == date(2025, 10, 15)
    assert portal.withdrawn_counts == {"公示期满": 1}
    assert record_url(shown["准时"]).startswith("shuanggongshi/market/penalty-2025.html#r")


def test_on_time_counts_as_of_the_build_date(tmp_path):
    rows = [
        penalty_row(no="时限内", decided="2025/11/25", published=""),  # deadline 2025-12-04
        penalty_row(
            no="晚于截至日", decided="2025/11/03", published="2025/12/20"
        ),  # deadline 11-12
        penalty_row(no="警告", ptype="警告", decided="2025/11/03", published="2025/11/04"),
    ]
    rules = "unpublished_penalty_types: [警告]\n"
    content = make_tree(
        tmp_path, {"data/penalties/a.csv": penalties_csv(*rows), "data/rules.yaml": rules}
    )
    checked = check(content)
    assert checked.problems == []
    records = {
        r.record.decision_no: r for r in derive(checked.content, date(2025, 11, 28)).all_records
    }
    # Undated but public: online from this publish, still inside its deadline.
    assert (records["时限内"].uncounted, records["时限内"].on_time) == (None, True)
    # Not online by the as-of date although its deadline has passed: late, whatever came after.
    assert (records["晚于截至日"].uncounted, records["晚于截至日"].on_time) == (None, False)
    assert records["警告"].uncounted == "依规不公示"
