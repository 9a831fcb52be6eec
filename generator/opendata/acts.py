"""双公示 (行政处罚, 行政许可) and other administrative acts: the national column layout, as published.

Every column of the national layout is kept, in its order and under its Chinese header,
so the city platform ingests the files unchanged; a column the pages do not show is left
empty (``WITHHELD`` says why). The portal's own columns follow: when the record went online
and where that date comes from, the statutory deadline, on time or not, status, department,
permalink. Names are as the pages show them (``PublicRecord.subject``: natural persons masked).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from ..core.derive import Portal, PublicRecord
from ..core.kinds import LICENSE, OTHER_ACT, PENALTY, RECORD_KINDS, RecordKind
from ..render import urls
from .columns import Column, Rows, department_columns, national_column, portal_column

_NOT_SHOWN = "页面不显示此项，数据文件同样留空"
#: National-layout fields the pages do not show: always empty in the files, and why.
WITHHELD = {
    "subject_business_reg": _NOT_SHOWN + "（相对人以统一社会信用代码标识）",
    "subject_org_code": _NOT_SHOWN + "（相对人以统一社会信用代码标识）",
    "subject_tax_reg": _NOT_SHOWN + "（相对人以统一社会信用代码标识）",
    "subject_institution_cert": _NOT_SHOWN + "（相对人以统一社会信用代码标识）",
    "subject_social_org_cert": _NOT_SHOWN + "（相对人以统一社会信用代码标识）",
    "legal_rep_id_type": "法定代表人的证件信息不公开",
    "legal_rep_id": "法定代表人的证件号码不公开（即使已遮蔽）",
    "subject_id_type": _NOT_SHOWN,
    "source": _NOT_SHOWN,
    "source_uscc": _NOT_SHOWN,
    # not the national layout's, and never shown: a record with either in effect is withdrawn
    "revoked_on": _NOT_SHOWN,
    "repaired_on": _NOT_SHOWN,
    "repair_decision_no": _NOT_SHOWN + "（见 credit_repairs 数据集）",
}
#: Fields searched in full text (not the dates, amounts and other codes).
_ACT_SEARCH = {
    "subject_name",
    "subject_uscc",
    "license_no",
    "decision_no",
    "violation_type",
    "facts",
    "legal_basis",
    "penalty_type",
    "content",
    "document_name",
    "certificate_name",
    "authority",
    "act_kind",
}
#: Publicity columns of the portal's own (PublicityFields), handled with the derived ones.
_PUBLICITY = ("published_on", "revoked_on", "repaired_on", "repair_decision_no")


def _act_value(r: PublicRecord, name: str) -> Any:
    """A record's value in a column, as its page shows it."""
    if name in WITHHELD:
        return None
    if name == "subject_name":
        return r.subject  # natural persons masked as the rules say (张某)
    if name == "legal_rep":
        # as the page shows it: 法定代表人, or a 个体工商户's 经营者 masked as natural persons'
        # names are; never for a natural person
        return r.representative
    if name == "authority_uscc":
        return r.department.uscc  # the department's code, as its integrity page shows it
    value = getattr(r.record, name)
    return value.value if isinstance(value, Enum) else value


#: Derived columns after the national ones.
PUBLICATION_COLUMNS = [
    portal_column(
        "公示日期来源",
        "string",
        "公示日期来源",
        "Where 公示日期 comes from: 导出数据的公示日期 (the export), 本平台发布记录 (the first "
        "publish that held the record) or 本次发布 (this publish).",
    ),
    portal_column(
        "法定公示期限",
        "date",
        "法定公示期限",
        "Last day to be online: the statutory number of working days after the decision "
        "(7 by default; holidays excluded, make-up working days counted).",
    ),
    portal_column(
        "按时公示",
        "boolean",
        "按时公示",
        "Online by 法定公示期限 (是/否); empty when the record does not count toward on-time "
        "publication (still within the deadline, or exempt).",
    ),
    portal_column(
        "公示状态",
        "string",
        "公示状态",
        "公示中, or 异议处理中 while an objection is pending (the record stays public, marked).",
    ),
    portal_column(
        "部门标识",
        "string",
        "部门标识",
        "Id of the department the record belongs to (the ``departments`` dataset's ``id``).",
    ),
    portal_column(
        "本条链接",
        "string",
        "本条链接",
        "The record's permalink, relative to the site root (its period listing and anchor).",
    ),
]


def _act_columns(kind: RecordKind) -> list[Column]:
    """The kind's columns in its national layout (withheld ones marked), then the publication columns."""
    cols = [
        national_column(kind.model, f, search=f in _ACT_SEARCH, withheld=WITHHELD.get(f, ""))
        for f in kind.layout
        if f not in _PUBLICITY
    ]
    return [*cols, national_column(kind.model, "published_on"), *PUBLICATION_COLUMNS]


def _act_rows(portal: Portal, kind: RecordKind) -> Rows:
    """A kind's public records in decision order (then 文号), as their pages show them."""
    records = sorted(
        (r for r in portal.records if r.kind == kind.key),
        key=lambda r: (r.record.decided_on, r.record.decision_no),
    )
    fields = [f for f in kind.layout if f not in _PUBLICITY]
    return [
        (
            *(_act_value(r, f) for f in fields),
            r.published_on,
            r.published_from,
            r.publish_deadline,
            r.on_time,
            r.status.value,
            r.department.id,
            urls.record_url(r),
        )
        for r in records
    ]


def penalties(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """行政处罚 in the national layout, then the portal's publication columns."""
    return _act_columns(PENALTY), _act_rows(portal, PENALTY)


def licenses(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """行政许可 in the national layout, then the portal's publication columns."""
    return _act_columns(LICENSE), _act_rows(portal, LICENSE)


def other_acts(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """行政强制、确认、征收、给付 in the portal's layout, then the publication columns."""
    return _act_columns(OTHER_ACT), _act_rows(portal, OTHER_ACT)


def publication_timeliness(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """On-time publication counts per department, decision year and kind, withdrawn records
    included (as the home, department and evaluation pages count them), so the published
    rates can be recomputed from this file: rate = on_time / known."""
    columns = [
        *department_columns(),
        portal_column("year", "integer", "决定年度", "Year of the decision (作出决定的年份)."),
        portal_column("kind", "string", "类别", "行政处罚, 行政许可 or 其他行政行为."),
        portal_column(
            "counted",
            "integer",
            "计入记录",
            "Records of that year counted, withdrawn ones (revoked, repaired, expired) included; "
            "records lawfully not published are not counted.",
        ),
        portal_column(
            "known", "integer", "可判断", "Of those, records whose publication date is known."
        ),
        portal_column(
            "on_time",
            "integer",
            "按时公开",
            "Of those, records put online within the statutory working days.",
        ),
        portal_column(
            "withdrawn",
            "integer",
            "其中已撤下",
            "Counted records no longer published on the data date: they are in no other file.",
        ),
    ]
    counts: dict[tuple[str, int, str], list[int]] = {}
    for r in portal.all_records:
        if r.uncounted:
            continue
        c = counts.setdefault((r.department.id, r.record.decided_on.year, r.kind), [0, 0, 0, 0])
        c[0] += 1
        if r.on_time is not None:
            c[1] += 1
            c[2] += bool(r.on_time)
        c[3] += not r.status.public
    order = {k: i for i, k in enumerate(RECORD_KINDS)}
    names = {d.id: d.name for d in portal.departments}
    keys = sorted(counts, key=lambda k: (k[0], k[1], order[k[2]]))  # department, year, kind
    rows = [
        (dept, names[dept], year, RECORD_KINDS[kind].label, *counts[(dept, year, kind)])
        for dept, year, kind in keys
    ]
    return columns, rows
