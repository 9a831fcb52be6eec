"""What a journalist cross-checks on the built sample: the same fact agrees on every page and
file, figures add up, and nothing is presented as what it is not (a fresh-eyes review found
each of these wrong once)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from generator.core.derive import penalty_status
from generator.core.states import Status
from generator.evaluation.plugin import compute
from generator.render import urls
from generator.render.pages import on_time_by_year

from .conftest import read_html
from .contentkit import make_tree
from .test_supervision import problems


def data_rows(site: Path, name: str) -> list[dict[str, str]]:
    text = (site / "data" / f"{name}.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def table_rows(html: str, after: str) -> list[str]:
    """The body rows of the first table after the marker ``after``, tags stripped."""
    part = html[html.index(after) :]
    body = part[part.index("<tbody>") : part.index("</tbody>")]
    return [re.sub(r"<[^>]+>", "", "<tr" + row) for row in body.split("<tr")[1:]]


# --------------------------------------------------------------------------- sanctions


def test_a_case_page_lists_the_sanctions_its_department_page_counts(built_site, sample_portal):
    per_dept = compute(sample_portal).sanctions
    csv_rows = Counter(r["case_id"] for r in data_rows(built_site, "case_sanctions"))
    implied = 0
    for dept in per_dept.values():
        for cs in dept.cases:
            html = (built_site / urls.case_url(cs.case.case.id)).read_text("utf-8")
            rows = table_rows(html, 'id="sanctions"')
            assert len(rows) == len(cs.rows) == csv_rows[cs.case.case.id], cs.case.case.id
            for row, sanction in zip(rows, cs.rows, strict=True):
                assert row.strip().startswith(sanction.kind.value) and sanction.state.value in row
            implied += sum(1 for r in cs.rows if r.view is None)
    assert implied, "the sample has sanctions the rules imply that its cases do not record"


def test_an_unrecorded_measure_says_the_measure_is_missing(built_site, sample_portal):
    per_dept = compute(sample_portal).sanctions
    missing = [(cs, r) for d in per_dept.values() for cs, r in d.unrecorded]
    assert missing
    cs, _ = missing[0]
    text = read_html(built_site / urls.case_url(cs.case.case.id)).plain
    assert "按方案应当采取，本案未登记此项措施" in text and "期限尚未登记" not in text


# --------------------------------------------------------------------------- proposals


def test_listed_proposals_fit_their_bodys_figures(sample_portal, built_site):
    figures = {(f.department, f.year, f.kind): f for f in sample_portal.proposals}
    waiting: Counter = Counter()
    for v in sample_portal.proposal_items:
        if not v.answered:
            waiting[(v.department.id, v.item.year, v.item.kind)] += 1
    assert waiting, "the sample has items still being handled"
    for key, n in waiting.items():
        f = figures[key]
        assert f.answered_on_time <= f.assigned - n, key
    text = read_html(built_site / urls.PROPOSALS).plain
    for year in {v.item.year for v in sample_portal.proposal_items}:
        items = [v for v in sample_portal.proposal_items if v.item.year == year]
        answered = sum(1 for v in items if v.answered)
        assert f"{year} 年公开的建议提案及办理情况（{len(items)} 件，已答复 {answered} 件）" in text
    assert "答复已公开的建议提案" not in text


def test_register_numbers_grow_with_the_date_of_assignment(sample_portal):
    serials = defaultdict(list)
    for v in sample_portal.proposal_items:
        serial = int(re.search(r"〕(\d+)号", v.item.number).group(1))
        serials[(v.item.year, v.item.kind)].append((v.item.assigned_on, serial))
    for key, pairs in serials.items():
        ordered = [s for _, s in sorted(pairs)]
        assert ordered == sorted(ordered), key


def test_figures_without_room_for_pending_items_are_reported(tmp_path):
    files = {
        "data/proposals.yaml": "- {department: market, year: 2026, kind: 人大代表建议, assigned: 2,"
        " answered_on_time: 2, satisfied: 2}\n",
        "data/proposal_items.yaml": "- {id: x1, department: market, year: 2026, kind: 人大代表建议,"
        " number: 示人大建〔2026〕1号, title: t, assigned_on: 2026-09-20}\n",
    }
    found = problems(make_tree(tmp_path, files))
    assert len(found) == 1 and found[0].startswith("content/data/proposals.yaml:1: answered_on_time: ")
    assert "按期答复 2 件，但清单中有 1 件尚未答复" in found[0]


# --------------------------------------------------------------------------- people and records


def test_a_lawfully_disclosed_name_is_marked_as_such(built_site, sample_portal):
    disclosed = [v for v in sample_portal.civil if v.record.lawful_disclosure]
    assert disclosed
    for v in disclosed:
        html = (built_site / urls.department_url(v.department.id)).read_text("utf-8")
        item = html[html.index(f'id="civil-{v.record.id}"') :].split("</li>")[0]
        assert v.record.name in item and "姓名依法公开" in item
    rows = {r["name"]: r["lawful_disclosure"] for r in data_rows(built_site, "civil_servant_records")}
    assert all(rows[v.record.name] == "是" for v in disclosed)
    assert sum(1 for flag in rows.values() if flag == "否") == len(rows) - len(disclosed)


def test_a_record_names_its_body_as_the_site_does(built_site, sample_portal):
    aliased = [r for r in sample_portal.records if r.record.authority.strip() != r.department.name]
    assert aliased, "the sample's exports name some bodies by an alias"
    r = aliased[0]
    html = (built_site / urls.record_url(r).split("#")[0]).read_text("utf-8")
    item = html[html.index(f'id="{r.key}"') :].split("</li>")[0]
    shown = re.sub(r"<[^>]+>", "", item)
    assert f"决定机关{r.department.name} （导出数据记为“{r.record.authority}”）" in shown


def test_a_repair_before_publicity_ended_stays_a_repair(sample_portal):
    def penalty(repaired_on):
        return SimpleNamespace(
            decided_on=date(2022, 3, 1), published_on=date(2022, 3, 5), revoked_on=None,
            penalty_type="罚款", publicity_until=date(2025, 3, 1), violation_type="",
            legal_basis="", repaired_on=repaired_on,
        )  # fmt: skip

    rules = sample_portal.rules
    assert penalty_status(penalty(date(2023, 6, 1)), rules, date(2026, 11, 29)) == Status.repaired
    assert penalty_status(penalty(None), rules, date(2026, 11, 29)) == Status.expired
    # a repair dated after publicity ended is not what withdrew it
    assert penalty_status(penalty(date(2025, 6, 1)), rules, date(2026, 11, 29)) == Status.expired


def test_every_repair_decision_is_on_the_repair_list(built_site, sample_portal):
    numbers = {
        v.record.repair_decision_no
        for v in sample_portal.all_records
        if v.status == Status.repaired and v.record.repair_decision_no
    }
    assert len(numbers) >= 2
    text = read_html(built_site / urls.REPAIRS).plain
    assert all(n in text for n in numbers)
    assert {r["decision_no"] for r in data_rows(built_site, "credit_repairs")} >= numbers


# --------------------------------------------------------------------------- figures


def test_on_time_rates_recompute_from_the_timeliness_file(built_site, sample_portal):
    known, on_time = Counter(), Counter()
    for row in data_rows(built_site, "publication_timeliness"):
        known[int(row["year"])] += int(row["known"])
        on_time[int(row["year"])] += int(row["on_time"])
    pages = on_time_by_year(sample_portal.all_records)
    assert set(known) == {y for y, s in pages.items() if s.total}
    for year, stats in pages.items():
        assert (on_time[year], known[year]) == (stats.on_time, stats.known), year
    withdrawn = sum(int(r["withdrawn"]) for r in data_rows(built_site, "publication_timeliness"))
    assert withdrawn > 0  # counted here, in no other file


def test_a_promise_kept_late_says_so_wherever_it_is_rated(built_site, sample_portal):
    late = [v for v in sample_portal.promises if v.kept_late]
    assert late, "the sample has promises kept after their deadline"
    for v in late:
        text = read_html(built_site / urls.promise_url(v.promise.id)).plain
        assert "已兑现（逾期）" in text and "逾期兑现：" in text
    listing = read_html(built_site / urls.PROMISES).plain
    assert listing.count("已兑现（逾期）") >= len(late)
    rows = {r["id"]: r["kept_late"] for r in data_rows(built_site, "promises")}
    assert {i for i, flag in rows.items() if flag == "是"} == {v.promise.id for v in late}


def test_the_sitemap_lists_every_district_page_once(built_site):
    main = (built_site / urls.SITEMAP).read_text("utf-8").split("<footer")[0]  # not the footer's
    links = re.findall(r'href="([^"]+)"', main)
    for target in (
        urls.HOTLINE, urls.PROPOSALS, urls.REPAIRS, urls.DATA, urls.DATA_DICTIONARY,
        urls.METHODOLOGY, urls.CHANGES, urls.SHUANGGONGSHI_LATEST, urls.EXEMPLARS, urls.CONTACT,
    ):  # fmt: skip
        assert links.count(f"./{target}") == 1, target


def test_the_dictionaries_show_field_names_as_code(built_site):
    english = (built_site / urls.DATA_ENGLISH).read_text("utf-8")
    assert "``" not in english and "<code>id</code>" in english
    chinese = (built_site / urls.DATA_DICTIONARY).read_text("utf-8")
    assert "``" not in chinese and '<span lang="en">' not in chinese  # every column in Chinese


def test_every_published_column_has_a_chinese_description(built_site, sample_portal):
    """A new column without one fails here (add it to generator/opendata/descriptions_zh.yaml);
    so does a description no column uses any more."""
    import json

    from generator.opendata import descriptions

    package = json.loads((built_site / "data" / "datapackage.json").read_text("utf-8"))
    pairs = [(r["name"], f["name"]) for r in package["resources"] for f in r["schema"]["fields"]]
    missing = [f"{d}.{c}" for d, c in pairs if not descriptions.chinese(d, c)]
    assert not missing, missing
    table = descriptions._table()
    used = {f"{d}.{c}" if f"{d}.{c}" in table else c for d, c in pairs}
    stale = set(table) - used
    assert not stale, sorted(stale)
    html = (built_site / urls.DATA_DICTIONARY).read_text("utf-8")
    assert descriptions.chinese("penalties", "违法事实") in html
    assert "Name of the party the decision is about." not in html


# --------------------------------------------------------------------------- second review


def test_headings_never_skip_a_level(built_site):
    """h1 → h3 with no h2 between breaks the outline screen readers navigate by."""
    skips = {}
    for page in built_site.rglob("*.html"):
        level = 0
        for found in re.findall(r"<h([1-6])\b", page.read_text("utf-8")):
            if int(found) > level + 1:
                skips[page.relative_to(built_site).as_posix()] = (level, int(found))
                break
            level = int(found)
    assert not skips, list(skips.items())[:5]


def test_an_indicator_counted_only_from_withdrawn_records_says_so(built_site, sample_portal):
    ev = compute(sample_portal).evaluation
    only_withdrawn = [
        (dept, year, row)
        for dept, years in ev.scores.items()
        for year, ys in years.items()
        for row in ys.rows
        if row.measure.withdrawn and not row.measure.items and not row.measure.links
    ]
    assert only_withdrawn
    for dept, year, row in only_withdrawn:
        html = (built_site / urls.department_url(dept)).read_text("utf-8")
        block = html[html.index(f'id="{row.anchor}"') :].split("</div>")[0]
        assert "当年没有计入此项的记录" not in block, (dept, year, row.indicator.id)
        assert f"计入的 {row.measure.withdrawn} 条记录均目前不在公示中" in block


def test_partial_year_figures_say_where_they_stop(built_site, sample_portal):
    partial = [h for h in sample_portal.hotline if h.through]
    assert partial
    h = partial[0]
    text = read_html(built_site / urls.department_url(h.department)).plain
    assert f"12345 热线 {h.year} 年（截至 {h.through:%Y/%m/%d}）" in text


def test_rankings_count_sanctions_of_cases_no_longer_shown(built_site, sample_portal):
    from generator.evaluation.sanctions import year_sanctions

    res = compute(sample_portal)
    hidden = [
        (dept, year)
        for dept, ds in res.sanctions.items()
        if ds.past
        for year in res.evaluation.years
        if year_sanctions(ds, year, sample_portal.as_of).honours_banned_until
        and not year_sanctions(
            type(ds)(ds.cases, None, ds.debtors, ds.restrictions), year, sample_portal.as_of
        ).honours_banned_until
    ]
    assert hidden, "the sample has an honours ban only an expired case explains"
    text = read_html(built_site / urls.RANKINGS).plain
    for dept, year in hidden:
        until = year_sanctions(res.sanctions[dept], year, sample_portal.as_of).honours_banned_until
        assert f"取消荣誉评选资格至 {until:%Y年%m月%d日}" in text, (dept, year)


def test_a_days_changes_are_listed_by_kind_and_page(tmp_path):
    from generator.core.history import Change, ChangeOp, PublishDay
    from generator.render.changes import day_links

    changes = [
        Change(ChangeOp.add, "f0", "penalty", "shuanggongshi/market/penalty-2026.html#r2", "b"),
        Change(ChangeOp.add, "a1", "promise", "promises/p001.html", "a"),
        Change(ChangeOp.add, "c2", "license", "shuanggongshi/eco/license-2025.html#r1", "c"),
        Change(ChangeOp.add, "b3", "penalty", "shuanggongshi/eco/penalty-2026.html#r9", "d"),
    ]
    day = PublishDay(date(2026, 11, 29), changes)
    links, total = day_links(day, ChangeOp.add)
    assert total == 4 and [c.opaque_id for c in links] == ["c2", "b3", "f0", "a1"]
