"""Objections, credit repair, civil-servant records, social supervision, the integrity archive
and cases (issue 12, "Objections, repair, supervision, archive" and "Cases"), on the built
sample and on crafted content."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from pelican import Pelican

from generator.core.derive import CivilView, derive
from generator.core.models import (
    ARCHIVE_FIGURES,
    ArchiveCategory,
    CivilServantRecord,
    DepartmentKind,
)
from generator.core.states import ObjectionState, Status
from generator.publish import pipeline
from generator.render import supervision, urls
from generator.render.filters import cndate

from .conftest import ROOT, SAMPLE_AS_OF, file_texts, read_html
from .contentkit import make_tree, penalties_csv, penalty_row

AS_OF = SAMPLE_AS_OF


def page_text(site: Path, rel: str) -> str:
    return read_html(site / rel).plain


def hrefs(site: Path, rel: str) -> set[str]:
    """Every link of a page, resolved to a site-relative address (with its #anchor)."""
    out = set()
    base = (site / rel).parent
    for a in read_html(site / rel).find("a"):
        href = a.get("href") or ""
        if not href or href.startswith(("#", "http")):
            continue
        path, _, anchor = href.partition("#")
        resolved = (base / path).resolve().relative_to(site.resolve()).as_posix()
        out.add(f"{resolved}#{anchor}" if anchor else resolved)
    return out


def element(site: Path, rel: str, element_id: str, tag: str = "li") -> str:
    """The text of the element with ``id`` on a page (tags stripped)."""
    html = (site / rel).read_text(encoding="utf-8")
    m = re.search(rf'<{tag}[^>]*id="{re.escape(element_id)}"[^>]*>(.*?)</{tag}>', html, re.S)
    assert m, f"#{element_id} not on {rel}"
    return re.sub(r"<[^>]+>", "", m.group(1))


def build(content: Path, out: Path, as_of: date = AS_OF) -> Path:
    Pelican(pipeline.pelican_settings(content, out, as_of)).run()
    return out


def problems(content: Path) -> list[str]:
    return [str(p) for p in pipeline.check(content).problems]


# --------------------------------------------------------------------------- 1. objections


def test_objections_name_and_link_the_record_they_contest(built_site, sample_portal):
    views = sample_portal.objections
    assert {o.target_kind for o in views} >= {"行政处罚", "失信案例", "公务员诚信记录"}
    links = hrefs(built_site, urls.OBJECTIONS)
    listed = page_text(built_site, urls.OBJECTIONS)
    for o in views:
        assert o.target is not None, o.objection.id  # every sample target is public
        assert urls.objection_target_url(o) in links, o.objection.id
        assert f"{o.target_kind}：{o.target_name}" in listed
        dept_links = hrefs(built_site, urls.department_url(o.department.id))
        assert urls.objection_target_url(o) in dept_links
    # the link lands on the record: a case page, a civil-servant entry, a record anchor
    for o in views:
        path, _, anchor = urls.objection_target_url(o).partition("#")
        assert (built_site / path).is_file()
        assert not anchor or anchor in read_html(built_site / path).ids


def test_a_case_whose_objection_is_overdue_says_so_on_its_page_and_in_lists(
    built_site, sample_portal
):
    overdue = [c for c in sample_portal.cases if c.objection_overdue]
    assert [c.case.id for c in overdue] == ["c009"]
    c = overdue[0]
    [o] = [o for o in c.objections if o.state == ObjectionState.overdue]
    page = page_text(built_site, urls.case_url("c009"))
    assert "异议逾期未答复" in page and "异议处理中" not in page
    assert cndate(o.deadline) in element(built_site, urls.case_url("c009"), "objection-overdue", "p")
    for listing in (urls.CASES, urls.department_url(c.department.id)):
        text = read_html(built_site / listing).plain
        assert "异议逾期未答复" in text, listing
    # a case with an objection still within its deadline keeps the plain mark
    assert not any(x.objection_overdue for x in sample_portal.cases if x.case.id != "c009")


def test_an_objection_to_a_withdrawn_record_names_only_its_kind(tmp_path):
    rows = [
        penalty_row(no="示市监罚〔2026〕1号", decided="2026/03/02", published="2026/03/05"),
        penalty_row(
            name="示例区乙商贸有限公司", no="示市监罚〔2026〕撤字2号", decided="2026/03/02", published="2026/03/05"
        ),
    ]
    header = "行政相对人名称,行政相对人类别,统一社会信用代码,证件类型,证件号码,行政处罚决定书文号,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,公示截止期,处罚机关,公示日期"
    text = penalties_csv(*rows, header=header).decode("utf-8-sig").splitlines()
    # revoke the second record
    lines = [text[0] + ",撤销日期", text[1] + ",", text[2] + ",2026/06/01"]
    objections = (
        "- {id: o1, target: 'penalty:示市监罚〔2026〕1号', department: market, filed_on: 2026-11-02}\n"
        "- {id: o2, target: 'penalty:示市监罚〔2026〕撤字2号', department: market, filed_on: 2026-04-01,"
        " answered_on: 2026-04-20, outcome: 撤销}\n"
    )
    content = make_tree(
        tmp_path,
        {
            "data/penalties/m.csv": ("\n".join(lines) + "\n").encode("utf-8-sig"),
            "data/objections.yaml": objections,
        },
    )
    assert problems(content) == []
    out = build(content, tmp_path / "out")
    page = read_html(out / urls.OBJECTIONS).plain
    assert "行政处罚：示市监罚〔2026〕1号" in page
    assert "行政处罚（该记录已停止公示，不再显示其内容）" in page
    for path, data in file_texts(out).items():
        assert "撤字2号".encode() not in data and "乙商贸".encode() not in data, path
    # the data file names the public target and leaves the withdrawn one blank
    rows_ = list(csv.DictReader(io.StringIO((out / "data/objections.csv").read_text("utf-8-sig"))))
    assert [(r["target_kind"], r["target"]) for r in rows_] == [
        ("行政处罚", ""),
        ("行政处罚", "示市监罚〔2026〕1号"),
    ]


# --------------------------------------------------------------------------- 2. credit repair


def test_credit_repair_list_shows_each_repair_decision(built_site, sample_portal):
    repairs = sample_portal.repairs
    assert len(repairs) == sample_portal.withdrawn_counts[Status.repaired.value]
    assert {r.kind for r in repairs} >= {"行政处罚", "失信案例", "公务员诚信记录"}
    assert all(r.decision_no for r in repairs)  # the sample reports every decision's 文号
    page = read_html(built_site / urls.REPAIRS)
    rows = [re.sub(r"\s+", "", t) for t in page.text if t.strip()]
    text = "".join(rows)
    for r in repairs:
        assert f"{cndate(r.repaired_on)}{r.kind}{r.department.name}{r.decision_no}" in text
    assert "不公布当事人名称、原决定文号和原记录内容" in page.plain
    assert urls.REPAIRS in hrefs(built_site, urls.OBJECTIONS)
    data = list(csv.DictReader(io.StringIO((built_site / "data/credit_repairs.csv").read_text("utf-8-sig"))))
    assert sorted(r["decision_no"] for r in data) == sorted(r.decision_no for r in repairs)


def test_no_repaired_records_party_or_original_number_appears_anywhere(built_site, sample_portal):
    """docs/security.md, Privacy: the repair list publishes the repair decision, nothing of the record."""
    public_names = {r.record.subject_name for r in sample_portal.records} | {
        r.subject for r in sample_portal.records
    }
    secrets = []
    for r in sample_portal.all_records:
        if r.status == Status.repaired:
            secrets.append(r.record.decision_no)
            if r.record.subject_name not in public_names:  # the same firm may have a public record
                secrets.append(r.record.subject_name)
    for c in sample_portal.all_cases:
        if c.status == Status.repaired:
            secrets += [c.case.title, c.case.summary]
    for c in sample_portal.all_civil:
        if c.status == Status.repaired:
            secrets += [c.record.name, c.record.document_no, c.record.summary]
    assert len(secrets) >= 6
    texts = file_texts(built_site)
    for secret in secrets:
        hits = [p for p, data in texts.items() if secret.encode() in data]
        assert not hits, (secret, hits)
    # … while the repair decisions themselves are out there, so the search looked in the right place
    assert all(
        any(r.decision_no.encode() in data for data in texts.values()) for r in sample_portal.repairs
    )


def test_a_repair_number_needs_a_repair_date(tmp_path):
    case = (
        "- {id: c1, kind: 失信案例, title: t, department: market, occurred_on: 2025-01-01,"
        " exposed_on: 2025-02-01, summary: s, repair_decision_no: 示市监信修〔2025〕1号}\n"
    )
    found = problems(make_tree(tmp_path, {"data/cases.yaml": case}))
    assert len(found) == 1 and "repair_decision_no: 填写信用修复决定文号时须同时填写信用修复日期" in found[0]


# --------------------------------------------------------------------------- 3. civil-servant records


def test_civil_servant_records_say_what_happened_with_the_name_masked(built_site, sample_portal):
    assert len(sample_portal.civil) >= 5
    for v in sample_portal.civil:
        rel = urls.department_url(v.department.id)
        item = element(built_site, rel, f"civil-{v.record.id}")
        assert v.display_name in item and v.summary in item
        assert v.record.summary.removesuffix("（演示数据）")[:8] in item
        if not v.record.lawful_disclosure:
            assert v.record.name not in read_html(built_site / rel).plain
            assert v.record.name not in v.record.summary  # masked at the source too


def test_a_summary_naming_the_civil_servant_is_a_problem_and_masked_on_the_page(tmp_path):
    record = (
        "- id: cs1\n  department: market\n  name: 柯叶舟\n  source: 纪律处分\n"
        "  decided_on: 2026-05-06\n  summary: 柯叶舟违规收受礼品\n"
    )
    found = problems(make_tree(tmp_path / "a", {"data/civil_servant_records.yaml": record}))
    assert found == [
        "content/data/civil_servant_records.yaml:6: summary: 事由中含有本人全名；姓名依规应遮蔽（张某），请改写事由（姓名未显示）"
    ]
    lawful = record + "  lawful_disclosure: true\n"
    assert problems(make_tree(tmp_path / "b", {"data/civil_servant_records.yaml": lawful})) == []
    # the page masks it meanwhile
    r = CivilServantRecord(
        id="cs1", department="market", name="柯叶舟", source="纪律处分",
        decided_on=date(2026, 5, 6), summary="柯叶舟违规收受礼品",
    )  # fmt: skip
    view = CivilView(r, None, "柯某", Status.active)
    assert view.summary == "柯某违规收受礼品"


# --------------------------------------------------------------------------- 4. district pages


def test_hotline_page_has_every_year_with_totals_and_the_current_year_partial(
    built_site, sample_portal
):
    years = {h.year for h in sample_portal.hotline}
    assert AS_OF.year in years, "the sample has figures for the current year"
    partial = [h for h in sample_portal.hotline if h.year == AS_OF.year]
    assert partial and all(h.through and h.through.month == 11 for h in partial)
    page = page_text(built_site, urls.HOTLINE)
    through = max(h.through for h in partial)
    assert f"{AS_OF.year}年（部分年度，截至 {cndate(through)}）" in page
    rows = read_html(built_site / urls.HOTLINE).text
    flat = re.sub(r"\s+", "", "".join(rows))
    for year in sorted(years):
        total = sum(h.received for h in sample_portal.hotline if h.year == year)
        label = supervision.year_label(year, through if year == AS_OF.year else None)
        assert re.sub(r"\s+", "", f"{label}{total}") in flat, year
    figures = read_html(built_site / urls.HOTLINE).find("figure")
    assert len(figures) == 2  # volume and rates, each with its table (test_site checks the tables)
    for d in sample_portal.departments:  # every body, per year
        assert page.count(d.name) >= len(years), d.id
    assert urls.HOTLINE in hrefs(built_site, urls.department_url("market"))


def test_proposals_page_totals_by_kind_and_lists_the_public_items(built_site, sample_portal):
    page = page_text(built_site, urls.PROPOSALS)
    assert f"{AS_OF.year}年（部分年度，截至" in page
    flat = re.sub(r"\s+", "", page)
    by = defaultdict(int)
    for p in sample_portal.proposals:
        by[(p.year, p.kind)] += p.assigned
    for (year, kind), n in by.items():
        assert re.search(rf"{year}年(（[^）]*）)?{kind}{n}", flat), (year, kind)
    items = sample_portal.proposal_items
    assert len(items) >= 40 and {v.item.year for v in items} == {2025, AS_OF.year}
    assert any(not v.answered for v in items), "some are still being handled"
    ids = read_html(built_site / urls.PROPOSALS).ids
    for v in items:
        assert f"item-{v.item.id}" in ids
        text = element(built_site, urls.PROPOSALS, f"item-{v.item.id}")
        assert v.item.title in text and v.item.number in text and v.department.name in text
        if v.answered:
            assert v.item.result.value in text and v.item.answer in text
        else:
            assert "办理中" in text
        dept = element(built_site, urls.department_url(v.department.id), f"proposal-{v.item.id}")
        assert v.item.title in dept


def test_unpublished_replies_count_but_show_nothing(built_site, sample_portal):
    content = (Path(sample_portal.content_root) / "data" / "proposal_items.yaml").read_text("utf-8")
    hidden = re.findall(r"title: (.+)\n(?:  .+\n)*?  public: false", content)
    assert hidden and sum(sample_portal.proposal_items_unpublished.values()) == len(hidden)
    texts = file_texts(built_site)
    for title in hidden:
        assert not [p for p, data in texts.items() if title.encode() in data], title
    assert f"另有 {len(hidden)} 件建议提案的答复依规不公开" in page_text(built_site, urls.PROPOSALS)


def test_supervision_pages_are_in_the_navigation_and_their_column(built_site):
    home = read_html(built_site / urls.HOME)
    nav = [a.get("href") for a in home.find("a")]
    assert f"./{urls.SUPERVISION}" in nav or urls.SUPERVISION in nav
    for rel in (urls.SUPERVISION, urls.HOTLINE, urls.PROPOSALS):
        metas = {m.get("name"): m.get("content") for m in read_html(built_site / rel).find("meta")}
        assert metas["ColumnName"] == "社会监督", rel
    assert urls.HOTLINE in hrefs(built_site, urls.SUPERVISION)
    assert urls.PROPOSALS in hrefs(built_site, urls.SUPERVISION)


def test_figures_through_another_year_are_refused(tmp_path):
    text = (
        "- {department: market, year: 2026, received: 10, responded_on_time: 9, resolved: 9,"
        " satisfaction: 90, through: 2025-11-20}\n"
    )
    found = problems(make_tree(tmp_path, {"data/hotline.yaml": text}))
    assert len(found) == 1 and "through: 数据截止日期应在 2026 年内" in found[0]


def test_an_answered_item_needs_its_result_and_answer(tmp_path):
    item = (
        "- {id: x1, department: market, year: 2026, kind: 人大代表建议, number: 示人大建〔2026〕1号,"
        " title: t, assigned_on: 2026-03-01, answered_on: 2026-05-01}\n"
    )
    found = problems(make_tree(tmp_path, {"data/proposal_items.yaml": item}))
    assert len(found) == 1 and "result: 已答复的须填写办理结果" in found[0]


# --------------------------------------------------------------------------- 5. integrity archive


def test_every_body_has_every_archive_category_that_fits_it(built_site, sample_portal):
    by_dept = defaultdict(set)
    for e in sample_portal.archive:
        by_dept[e.department].add(e.category)
    for d in sample_portal.departments:
        expected = set(ArchiveCategory)
        if d.kind == DepartmentKind.grassroots_autonomy:  # not an administrative body
            expected -= {ArchiveCategory.reconsideration}
        assert by_dept[d.id] >= expected, (d.id, expected - by_dept[d.id])
        page = page_text(built_site, urls.department_url(d.id))
        assert "暂无该类档案记录" not in page, d.id
        assert ("不作为行政复议的被申请人" in page) == (d.kind == DepartmentKind.grassroots_autonomy)


def test_archive_entries_carry_the_figures_of_their_category(built_site, sample_portal):
    for e in sample_portal.archive:
        if e.category in (ArchiveCategory.debt_budget, ArchiveCategory.audit, ArchiveCategory.judgments):
            assert e.figures, e.id
        for name in ARCHIVE_FIGURES.get(e.category, ()):
            if getattr(e, name) is not None:
                break
        else:
            assert e.category not in ARCHIVE_FIGURES, e.id
    debt = [e for e in sample_portal.archive if e.category == ArchiveCategory.debt_budget]
    assert any(e.overdue_wan for e in debt) and any(e.budget_wan for e in debt)
    assert any(e.repaid_wan for e in debt)
    judgments = [e for e in sample_portal.archive if e.category == ArchiveCategory.judgments]
    assert {e.performed for e in judgments} >= {True, False}
    audits = [e for e in sample_portal.archive if e.category == ArchiveCategory.audit]
    assert any(e.rectified < e.findings for e in audits)
    for e in sample_portal.archive:
        text = element(built_site, urls.department_url(e.department), f"entry-{e.id}", "article")
        for label, value in e.figures:
            shown = {True: "是", False: "否"}.get(value, str(value)) if isinstance(value, bool) else str(value)
            assert f"{label}{shown}" in re.sub(r"\s+", "", text), (e.id, label)


def test_negative_entries_show_how_they_count_in_the_evaluation(built_site, sample_portal):
    negative = [e for e in sample_portal.archive if e.outcome == "负面"]
    assert 0.1 < len(negative) / len(sample_portal.archive) < 0.35, "a plausible share"
    counted = 0
    for e in negative:
        rel = urls.department_url(e.department)
        text = element(built_site, rel, f"entry-{e.id}", "article")
        anchor = f"eval-{e.department}-{e.on.year}-archive-negative"
        if e.on.year >= 2023:
            assert "计入政务诚信评价" in text and "扣 2.5 分" in text, e.id
            assert f"#{anchor}" in {a.get("href") for a in read_html(built_site / rel).find("a")}
            assert anchor in read_html(built_site / rel).ids
            breakdown = element(built_site, rel, anchor, "div")
            assert e.title in breakdown or "另有" in breakdown, e.id
            counted += 1
    assert counted >= 20


def test_archive_figures_must_fit_their_category(tmp_path):
    base = "- {id: a1, department: market, on: 2025-03-01, title: t, summary: s, evidence: [{title: x}], "
    text = base + "category: 依法行政, findings: 3}\n" + base.replace("a1", "a2") + "category: 审计督察, findings: 2, rectified: 3}\n"
    found = problems(make_tree(tmp_path, {"data/archive.yaml": text}))
    assert len(found) == 2
    assert "findings: 不适用于档案类别「依法行政」" in found[0]
    assert "rectified: 不能超过 findings（2）" in found[1]


# --------------------------------------------------------------------------- 6. cases


def test_arrears_cases_show_amount_owed_paid_and_date(built_site, sample_portal):
    arrears = [c for c in sample_portal.cases if c.case.arrears]
    assert len(arrears) >= 4
    assert any(c.case.paid_on for c in arrears) and any(not c.case.paid_wan for c in arrears)
    assert any(c.case.outstanding_wan and c.case.paid_wan for c in arrears), "one paid in part"
    for c in arrears:
        text = re.sub(r"\s+", "", page_text(built_site, urls.case_url(c.case.id)))
        assert f"拖欠金额{c.case.owed_wan}万元" in text
        assert f"已支付金额{c.case.paid_wan or 0}万元" in text
        assert (f"支付日期{cndate(c.case.paid_on)}" if c.case.paid_on else "支付日期尚未支付") in text
        if c.case.outstanding_wan:
            assert f"尚欠金额{c.case.outstanding_wan}万元" in text


def test_a_case_and_the_promise_it_breaks_link_each_other(built_site, sample_portal):
    linked = [c for c in sample_portal.cases if c.promise]
    assert len(linked) >= 4
    for c in linked:
        assert urls.promise_url(c.promise.promise.id) in hrefs(built_site, urls.case_url(c.case.id))
        assert urls.case_url(c.case.id) in hrefs(built_site, urls.promise_url(c.promise.promise.id))
        assert c.as_ref in c.promise.cases
        assert c.promise.promise.made_on <= c.case.occurred_on
    # ratings tell the same story: rated broken or stalled by the time the case was exposed
    for c in linked:
        before = {h.rating.value for h in c.promise.history if h.on <= c.case.exposed_on}
        assert before & {"未兑现", "停滞", "部分兑现"}, c.case.id


def test_a_case_must_name_an_existing_earlier_promise(tmp_path):
    promise = (
        "- id: p1\n  title: t\n  department: market\n  category: 服务承诺\n  made_on: 2025-06-01\n"
        "  summary: s\n  source: {title: x}\n  history: [{on: 2025-06-01, rating: 未评估, note: n, evidence: [{title: y}]}]\n"
    )
    cases = (
        "- {id: c1, kind: 失信案例, title: t, department: market, occurred_on: 2025-01-01,"
        " exposed_on: 2025-02-01, summary: s, promise: p1}\n"
        "- {id: c2, kind: 失信案例, title: t, department: market, occurred_on: 2025-07-01,"
        " exposed_on: 2025-08-01, summary: s, promise: p9}\n"
        "- {id: c3, kind: 失信案例, title: t, department: market, occurred_on: 2025-07-01,"
        " exposed_on: 2025-08-01, summary: s, promise: p1, owed_wan: 10, paid_on: 2025-09-01}\n"
    )
    found = problems(make_tree(tmp_path, {"data/promises.yaml": promise, "data/cases.yaml": cases}))
    assert [f.split(": ", 2)[1] for f in found] == ["promise", "promise", "paid_wan"], found
    assert "晚于案例发生日期" in found[0] and "「p9」不在 promises.yaml 中" in found[1]


def test_derive_links_only_public_views(tmp_path):
    """A withdrawn case links no promise; the promise page then lists no case."""
    promise = (
        "- id: p1\n  title: t\n  department: market\n  category: 服务承诺\n  made_on: 2024-06-01\n"
        "  summary: s\n  source: {title: x}\n  history: [{on: 2024-06-01, rating: 未评估, note: n, evidence: [{title: y}]}]\n"
    )
    cases = (
        "- {id: c1, kind: 失信案例, title: t, department: market, occurred_on: 2025-01-01,"
        " exposed_on: 2025-02-01, summary: s, promise: p1, revoked_on: 2025-05-01}\n"
    )
    checked = pipeline.check(make_tree(tmp_path, {"data/promises.yaml": promise, "data/cases.yaml": cases}))
    assert checked.problems == []
    portal = derive(checked.content, date(2025, 3, 1))
    assert [c.id for c in portal.promises[0].cases] == ["c1"]
    later = derive(checked.content, date(2025, 6, 1))
    assert later.promises[0].cases == [] and later.cases == []
    assert supervision.cut_off(2025, None, date(2025, 6, 1)) == date(2025, 6, 1)


@pytest.mark.parametrize("year,through,expected", [(2025, None, None), (2025, date(2025, 11, 30), date(2025, 11, 30)), (2026, None, AS_OF)])  # fmt: skip
def test_partial_years(year, through, expected):
    assert supervision.cut_off(year, through, AS_OF) == expected


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def mirror(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """The built site served under a sub-path, as the credit website's mirror serves it."""
    from .browserkit import static_mirror

    with static_mirror(built_site, tmp_path_factory.mktemp("docroot")) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("width", (1280, 375))
def test_supervision_and_repair_pages_in_chromium(browser, mirror, width):
    """The new district pages fit a phone without sideways scrolling; screenshots for review."""
    shots = ROOT / "screenshots"
    shots.mkdir(exist_ok=True)
    pages = {
        "supervision": urls.SUPERVISION,
        "hotline": urls.HOTLINE,
        "proposals": urls.PROPOSALS,
        "repairs": urls.REPAIRS,
        "objections": urls.OBJECTIONS,
    }
    page = browser.new_page(viewport={"width": width, "height": 900})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        for name, rel in pages.items():
            page.goto(mirror + rel, wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
        assert not failed, failed
    finally:
        page.close()
