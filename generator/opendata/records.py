"""The hand-kept datasets as their pages show them: cases, promises, department archives, figures.

Only what the pages publish: a civil servant's full name and document number, a withdrawn
case or record, and anything of a repaired record beyond its repair decision are in no row;
an objection names its target only while the target is public.
"""

from __future__ import annotations

from ..core import models as m
from ..core.derive import TARGET_KINDS, Portal
from ..render import urls
from .columns import (
    URL,
    Column,
    Rows,
    department_columns,
    evidence_text,
    evidence_urls,
    model_column,
    portal_column,
)
from .scores import EVALUATION_FEATURE


def cases(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """失信案例 and 守信典型 as their pages show them."""
    C = m.Case
    columns = [
        model_column(C, "id", "案例标识"),
        model_column(C, "kind", "类别"),
        model_column(C, "title", "标题", search=True),
        *department_columns(),
        model_column(C, "occurred_on", "发生时间"),
        model_column(C, "exposed_on", "曝光时间"),
        model_column(C, "summary", "基本情况", search=True),
        model_column(C, "basis", "认定依据", search=True),
        model_column(C, "publicity_until", "公示截止"),
        model_column(C, "shared_to", "共享及通报", type="string"),
        portal_column(
            "sanctions", "integer", "惩戒措施数", "Number of sanctions (see ``case_sanctions``)."
        ),
        portal_column(
            "overdue",
            "boolean",
            "整改逾期",
            "A sanction's deadline has passed without compliance (是/否).",
        ),
        portal_column(
            "under_objection",
            "boolean",
            "异议处理中",
            "An objection to the case is pending (是/否).",
        ),
        model_column(C, "owed_wan", "拖欠金额（万元）"),
        model_column(C, "paid_wan", "已支付金额（万元）"),
        model_column(C, "paid_on", "支付日期"),
        model_column(C, "promise", "涉及承诺标识"),
        model_column(m.Leniency, "outcome", "从轻或免于惩戒", name="leniency"),
        model_column(m.Leniency, "reason", "主动纠错情况", name="leniency_reason", search=True),
        model_column(
            m.Leniency, "decided_on", "从轻或免于惩戒决定日期", name="leniency_decided_on"
        ),
        portal_column("url", "string", "本案链接", URL),
    ]
    rows = []
    for v in sorted(portal.cases, key=lambda v: (v.case.exposed_on, v.case.id)):
        c, lenient = v.case, v.case.leniency
        rows.append(
            (
                c.id,
                c.kind.value,
                c.title,
                v.department.id,
                v.department.name,
                c.occurred_on,
                c.exposed_on,
                c.summary,
                c.basis,
                c.publicity_until,
                "、".join(c.shared_to) or None,
                len(v.sanctions),
                v.overdue,
                v.under_objection,
                c.owed_wan,
                c.paid_wan,
                c.paid_on,
                v.promise.promise.id if v.promise else None,
                lenient.outcome if lenient else None,
                lenient.reason if lenient else None,
                lenient.decided_on if lenient else None,
                urls.case_url(c.id),
            )
        )
    return columns, rows


def _sanction_rows(portal: Portal, features: dict) -> list[tuple]:
    """(case view, kind, since, deadline, sanction or None, state, recorded) per sanction.

    With the evaluation feature, the rows its department pages and rankings count (read by duck
    typing from ``features``, as scores.py does): the recorded sanctions, plus the honours ban
    the rules imply from exposure and required measures the case does not record. Without it,
    the recorded sanctions only.
    """
    per_dept = getattr(features.get(EVALUATION_FEATURE), "sanctions", None)
    if per_dept is not None:
        rows = [
            (cs.case, r.kind, r.view.sanction.imposed_on if r.view else r.since, r.deadline,
             r.view.sanction if r.view else None, r.state, r.view is not None)
            for dept in per_dept.values()
            for cs in dept.cases
            for r in cs.rows
        ]  # fmt: skip
    else:
        rows = [
            (v, s.sanction.kind, s.sanction.imposed_on, s.deadline, s.sanction, s.state, True)
            for v in portal.cases
            for s in v.sanctions
        ]
    return sorted(rows, key=lambda r: (r[0].case.exposed_on, r[0].case.id))


def case_sanctions(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Each dishonesty case's sanctions (四(三)) with their deadline and state, as the case
    and department pages show them."""
    S = m.Sanction
    columns = [
        portal_column(
            "case_id", "string", "案例标识", "Id of the case (the ``cases`` dataset's ``id``)."
        ),
        model_column(S, "kind", "措施"),
        portal_column(
            "imposed_on",
            "date",
            "作出日期",
            "Day the sanction was imposed; for an honours ban the rules imply, the day of exposure; "
            "empty for a required measure the case does not record.",
        ),
        portal_column(
            "deadline",
            "date",
            "期限",
            "Effective deadline: the date given, or the working days counted from 作出日期; "
            "for 取消荣誉评选资格 the end of the ineligibility.",
        ),
        model_column(S, "deadline_workdays", "期限（工作日）"),
        model_column(S, "completed_on", "完成日期"),
        portal_column(
            "state",
            "string",
            "状态",
            "Where the sanction stands on the data date: 已完成, 逾期完成, 整改中, 已逾期, 已免除, "
            "生效中, 已结束, 已执行, or 未登记 (required by the rules, not recorded on the case).",
        ),
        portal_column(
            "recorded",
            "boolean",
            "案例登记",
            "Whether the case records this sanction (是); 否 when it follows from the rules "
            "(the honours ban from exposure, a waiver, a required measure not recorded).",
        ),
        model_column(S, "note", "说明", search=False),
        portal_column("url", "string", "本案链接", URL),
    ]
    rows = [
        (
            view.case.id,
            kind.value,
            since,
            deadline,
            sanction.deadline_workdays if sanction else None,
            sanction.completed_on if sanction else None,
            state.value,
            recorded,
            sanction.note if sanction else None,
            urls.case_url(view.case.id),
        )
        for view, kind, since, deadline, sanction, state, recorded in _sanction_rows(portal, features)
    ]
    return columns, rows


# --------------------------------------------------------------------------- promises


def promises(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Government promises with their rating as of the data date."""
    P, L = m.Promise, m.LawfulChange
    columns = [
        model_column(P, "id", "承诺标识"),
        model_column(P, "title", "承诺事项", search=True),
        *department_columns(),
        model_column(P, "category", "承诺类别"),
        model_column(P, "counterparty", "承诺对象", search=True),
        model_column(P, "made_on", "承诺日期"),
        model_column(P, "due_on", "兑现期限"),
        model_column(P, "amount_wan", "涉及金额（万元）"),
        model_column(P, "summary", "承诺内容", search=True),
        portal_column(
            "source",
            "string",
            "承诺出处",
            "The document that contains the promise (标题（文号）).",
            search=True,
        ),
        portal_column(
            "source_url", "string", "承诺出处地址", "Public address of that document, if online."
        ),
        portal_column(
            "rating",
            "string",
            "当前评级",
            "Rating on the data date (the last change up to it): "
            + " / ".join(r.value for r in m.PromiseRating)
            + ".",
        ),
        portal_column(
            "rated_on", "date", "评级日期", "Date of the last rating change up to the data date."
        ),
        portal_column(
            "overdue",
            "boolean",
            "已超过兑现期限",
            "Past 兑现期限 and neither kept, broken nor lawfully changed (是/否).",
        ),
        portal_column(
            "kept_late",
            "boolean",
            "逾期兑现",
            "Rated 已兑现 only after its 兑现期限 (是/否): the evaluation credits it as 逾期兑现.",
        ),
        model_column(L, "decided_on", "变更决定日期", name="lawful_change_on"),
        model_column(L, "authority", "变更决定机关", name="lawful_change_authority"),
        model_column(L, "ground", "法定事由", name="lawful_change_ground"),
        model_column(L, "procedure", "履行程序", name="lawful_change_procedure"),
        model_column(L, "compensation_wan", "补偿金额（万元）", name="compensation_wan"),
        model_column(L, "compensation_paid_on", "补偿支付日期", name="compensation_paid_on"),
        portal_column("url", "string", "承诺链接", URL),
    ]
    rows = []
    for v in sorted(portal.promises, key=lambda v: (v.promise.made_on, v.promise.id)):
        p = v.promise
        # the lawful change is shown only while it is the current rating
        lc = p.lawful_change if v.rating == m.PromiseRating.lawfully_changed else None
        rows.append(
            (
                p.id,
                p.title,
                v.department.id,
                v.department.name,
                p.category.value,
                p.counterparty,
                p.made_on,
                p.due_on,
                p.amount_wan,
                p.summary,
                evidence_text([p.source]),
                p.source.url,
                v.rating.value,
                v.history[-1].on if v.history else None,
                v.overdue,
                v.kept_late,
                lc.decided_on if lc else None,
                lc.authority if lc else None,
                lc.ground if lc else None,
                lc.procedure if lc else None,
                lc.compensation_wan if lc else None,
                # paid only from its payment date on, as the page says (compensation_state)
                lc.compensation_paid_on if lc and not v.compensation_unpaid else None,
                urls.promise_url(p.id),
            )
        )
    return columns, rows


def promise_ratings(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Every promise's rating changes up to the data date, each with its evidence."""
    R = m.RatingChange
    columns = [
        portal_column(
            "promise_id",
            "string",
            "承诺标识",
            "Id of the promise (the ``promises`` dataset's ``id``).",
        ),
        model_column(R, "on", "评估日期"),
        model_column(R, "rating", "评级"),
        model_column(R, "note", "说明", search=True),
        portal_column(
            "evidence",
            "string",
            "依据",
            "Sources behind the change (标题（文号）, separated by ；).",
            search=True,
        ),
        portal_column(
            "evidence_urls",
            "string",
            "依据地址",
            "Public addresses of those sources, separated by spaces.",
        ),
        portal_column("url", "string", "承诺链接", URL),
    ]
    rows = [
        (
            v.promise.id,
            h.on,
            h.rating.value,
            h.note,
            evidence_text(h.evidence),
            evidence_urls(h.evidence) or None,
            urls.promise_url(v.promise.id),
        )
        for v in sorted(portal.promises, key=lambda v: (v.promise.made_on, v.promise.id))
        for h in v.history
    ]
    return columns, rows


# --------------------------------------------------------------------------- department archives


def civil_servant_records(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Civil servants' dishonesty records as the department pages list them: masked name,
    post, source, date and what happened (the name masked there too). The full name and the
    document number are not published."""
    C = m.CivilServantRecord
    columns = [
        *department_columns(),
        portal_column(
            "name",
            "string",
            "姓名",
            "Name as published: masked as 张某 unless a law or decision makes the full name public.",
        ),
        model_column(C, "lawful_disclosure", "姓名依法公开"),
        model_column(C, "position", "职务"),
        model_column(C, "source", "来源"),
        model_column(C, "decided_on", "决定日期"),
        portal_column(
            "summary",
            "string",
            "事由",
            "What the record is for, as the department page shows it: the full name masked "
            "wherever it appears (unless a law or decision makes it public).",
            search=True,
        ),
        portal_column(
            "status", "string", "公示状态", "公示中, or 异议处理中 while an objection is pending."
        ),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            v.department.id,
            v.department.name,
            v.display_name,
            v.record.lawful_disclosure,
            v.record.position,
            v.record.source.value,
            v.record.decided_on,
            v.summary,
            v.status.value,
            urls.civil_record_url(v.department.id, v.record.id),
        )
        for v in sorted(portal.civil, key=lambda v: (v.record.decided_on, v.record.id))
    ]
    return columns, rows


def archive(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Entries of the departments' government integrity archives (二(二)), each sourced."""
    A = m.ArchiveEntry
    names = {d.id: d.name for d in portal.departments}
    columns = [
        model_column(A, "id", "条目标识"),
        *department_columns(),
        model_column(A, "category", "档案类别"),
        model_column(A, "on", "日期"),
        model_column(A, "title", "标题", search=True),
        model_column(A, "summary", "内容", search=True),
        model_column(A, "outcome", "评价"),
        *[model_column(A, name, label) for name, label in m.ARCHIVE_FIGURE_LABELS.items()],
        portal_column(
            "evidence", "string", "来源", "Sources (标题（文号）, separated by ；).", search=True
        ),
        portal_column(
            "evidence_urls",
            "string",
            "来源地址",
            "Public addresses of the sources, separated by spaces.",
        ),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            e.id,
            e.department,
            names[e.department],
            e.category.value,
            e.on,
            e.title,
            e.summary,
            e.outcome,
            *(getattr(e, name) for name in m.ARCHIVE_FIGURE_LABELS),
            evidence_text(e.evidence),
            evidence_urls(e.evidence) or None,
            urls.archive_entry_url(e.department, e.id),
        )
        for e in sorted(portal.archive, key=lambda e: (e.on, e.id))
    ]
    return columns, rows


def debtor_listings(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Departments listed as 失信被执行人 by a court, and whether the listing is in force."""
    D = m.DebtorListing
    columns = [
        *department_columns(),
        model_column(D, "case_no", "执行案号"),
        model_column(D, "court", "法院"),
        model_column(D, "listed_on", "纳入日期"),
        model_column(D, "lifted_on", "移出日期"),
        portal_column(
            "active",
            "boolean",
            "在列",
            "Listed on the data date (是/否); the 四(三) restrictions apply while it is.",
        ),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            v.department.id,
            v.department.name,
            v.listing.case_no,
            v.listing.court,
            v.listing.listed_on,
            v.listing.lifted_on,
            v.active,
            urls.department_url(v.department.id) + "#debtor",
        )
        for v in sorted(portal.debtors, key=lambda v: (v.listing.listed_on, v.listing.case_no))
    ]
    return columns, rows


def hotline(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """12345 hotline figures per department and year (三(二))."""
    H = m.HotlineFigures
    names = {d.id: d.name for d in portal.departments}
    columns = [
        *department_columns(),
        model_column(H, "year", "年份"),
        model_column(H, "received", "受理"),
        model_column(H, "responded_on_time", "按时响应"),
        model_column(H, "resolved", "办结"),
        model_column(H, "satisfaction", "满意率（%）"),
        model_column(H, "through", "数据截止日期"),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            h.department,
            names[h.department],
            h.year,
            h.received,
            h.responded_on_time,
            h.resolved,
            h.satisfaction,
            h.through,
            urls.department_url(h.department) + "#hotline",
        )
        for h in sorted(portal.hotline, key=lambda h: (h.department, h.year))
    ]
    return columns, rows


def proposals(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Handling of NPC suggestions and CPPCC proposals per department, year and kind (三(二))."""
    P = m.ProposalFigures
    names = {d.id: d.name for d in portal.departments}
    columns = [
        *department_columns(),
        model_column(P, "year", "年份"),
        model_column(P, "kind", "类别"),
        model_column(P, "assigned", "交办"),
        model_column(P, "answered_on_time", "按期答复"),
        model_column(P, "satisfied", "满意"),
        model_column(P, "through", "数据截止日期"),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            p.department,
            names[p.department],
            p.year,
            p.kind,
            p.assigned,
            p.answered_on_time,
            p.satisfied,
            p.through,
            urls.department_url(p.department) + "#proposals",
        )
        for p in sorted(portal.proposals, key=lambda p: (p.department, p.year, p.kind))
    ]
    return columns, rows


def proposal_items(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Suggestions and proposals whose reply is public: title, number, and how each was answered."""
    P = m.ProposalItem
    columns = [
        model_column(P, "id", "标识"),
        *department_columns(),
        model_column(P, "year", "年份"),
        model_column(P, "kind", "类别"),
        model_column(P, "number", "编号"),
        model_column(P, "title", "标题", search=True),
        model_column(P, "assigned_on", "交办日期"),
        model_column(P, "answered_on", "答复日期"),
        model_column(P, "result", "办理结果"),
        model_column(P, "answer", "答复摘要", search=True),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            v.item.id,
            v.department.id,
            v.department.name,
            v.item.year,
            v.item.kind,
            v.item.number,
            v.item.title,
            v.item.assigned_on,
            v.item.answered_on if v.answered else None,
            v.item.result.value if v.answered and v.item.result else None,
            v.item.answer if v.answered else None,
            urls.proposal_item_url(v.item.id),
        )
        for v in sorted(portal.proposal_items, key=lambda v: (v.item.year, v.item.kind, v.item.number))
    ]
    return columns, rows


def credit_repairs(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Credit repairs (六(二)) in force: the repair decisions only, never the repaired records."""
    columns = [
        portal_column(
            "kind",
            "string",
            "记录类别",
            "Kind of the repaired record: " + " / ".join(TARGET_KINDS.values()) + ".",
        ),
        *department_columns(),
        portal_column("repaired_on", "date", "修复日期", "Date credit repair was granted."),
        portal_column(
            "decision_no",
            "string",
            "信用修复决定文号",
            "文号 of the credit-repair decision (empty when the department did not report it). "
            "The repaired record's party, 文号 and facts are withdrawn and not published.",
        ),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (r.kind, r.department.id, r.department.name, r.repaired_on, r.decision_no, urls.REPAIRS)
        for r in sorted(
            portal.repairs, key=lambda r: (r.repaired_on, r.kind, r.department.id, r.decision_no or "")
        )
    ]
    return columns, rows


def objections(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Objections (六(一)) with their answer deadline and the record contested, named and
    linked only while that record is public (a withdrawn one by its kind alone)."""
    Obj = m.Objection
    columns = [
        *department_columns(),
        model_column(Obj, "filed_on", "受理日期"),
        portal_column(
            "target_kind",
            "string",
            "被异议记录类别",
            "Kind of the record contested: " + " / ".join(TARGET_KINDS.values()) + ".",
        ),
        portal_column(
            "target",
            "string",
            "被异议的记录",
            "The record contested as its page names it (文号, case title, or masked name); "
            "empty once the record is withdrawn.",
        ),
        portal_column(
            "target_url",
            "string",
            "被异议记录链接",
            "Permalink of the record contested, while it is public.",
        ),
        portal_column(
            "deadline",
            "date",
            "答复期限",
            "Last day to answer: 10 working days after 受理日期 by default.",
        ),
        model_column(Obj, "answered_on", "答复日期"),
        model_column(Obj, "outcome", "结果"),
        portal_column(
            "state",
            "string",
            "办理状态",
            "按期答复 / 逾期答复 / 办理中 / 逾期未答复 on the data date.",
        ),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            v.department.id,
            v.department.name,
            v.objection.filed_on,
            v.target_kind,
            v.target_name,
            urls.objection_target_url(v),
            v.deadline,
            v.objection.answered_on,
            v.objection.outcome.value if v.objection.outcome else None,
            v.state.value,
            urls.department_url(v.department.id) + "#objections",
        )
        for v in sorted(portal.objections, key=lambda v: (v.objection.filed_on, v.objection.id))
    ]
    return columns, rows


def departments(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """The bodies whose integrity archives the portal publishes."""
    D = m.Department
    names = {d.id: d.name for d in portal.departments}
    columns = [
        model_column(D, "id", "部门标识"),
        model_column(D, "name", "名称", search=True),
        model_column(D, "kind", "单位类别"),
        model_column(D, "uscc", "统一社会信用代码"),
        model_column(D, "parent", "上级主管部门标识"),
        portal_column(
            "parent_name", "string", "上级主管部门", "Name of the supervising department."
        ),
        model_column(D, "contact", "异议受理"),
        portal_column("url", "string", "诚信档案链接", URL),
    ]
    rows = [
        (
            d.id,
            d.name,
            d.kind.value,
            d.uscc,
            d.parent,
            names.get(d.parent or ""),
            d.contact,
            urls.department_url(d.id),
        )
        for d in sorted(portal.departments, key=lambda d: d.id)
    ]
    return columns, rows
