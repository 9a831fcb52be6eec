"""Cross-record validation: references resolve, keys are unique, deadlines are computable.

Record-level checks live in the models; these need the whole content tree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import signals
from .kinds import RECORD_KINDS
from .load import Content, Located
from .models import Department
from .privacy import personal_numbers
from .problems import Problem
from .workdays import CalendarNotCovered, WorkdayCalendar

#: YAML datasets whose records name a department by id.
_DEPARTMENT_REFS = (
    "promises",
    "cases",
    "civil_servant_records",
    "archive",
    "debtor_listings",
    "hotline",
    "proposals",
    "proposal_items",
    "objections",
    "third_party",
)
#: Datasets whose ``id`` must be unique.
_KEYED = (
    "departments",
    "promises",
    "cases",
    "civil_servant_records",
    "archive",
    "objections",
    "proposal_items",
)
#: Objection target prefixes and the dataset (and key) they point into.
TARGETS = {
    **{k.key: (k.dataset, "decision_no") for k in RECORD_KINDS.values()},
    "case": ("cases", "id"),
    "civil": ("civil_servant_records", "id"),
}


class DepartmentIndex:
    """Resolve departments by id, by name or alias, and by 统一社会信用代码."""

    def __init__(self, departments: Iterable[Department]):
        self.by_id: dict[str, Department] = {}
        self.by_name: dict[str, Department] = {}
        self.by_uscc: dict[str, Department] = {}
        for d in departments:
            self.by_id[d.id] = d
            self.by_uscc[d.uscc] = d
            for name in (d.name, *d.aliases):
                self.by_name[name.strip()] = d

    def resolve(self, name: str, uscc: str | None = None) -> Department | None:
        """The department an authority column names (code first: names drift, codes do not)."""
        if uscc and uscc in self.by_uscc:
            return self.by_uscc[uscc]
        return self.by_name.get(name.strip())


def validate_content(content: Content) -> list[Problem]:
    """Every cross-record problem in the content, in file order."""
    problems: list[Problem] = []
    departments = DepartmentIndex(content.records("departments"))
    problems += _duplicates(content)
    problems += _authorities(content, departments)
    problems += _department_refs(content, departments)
    problems += _objection_targets(content)
    problems += _case_promises(content)
    problems += _proposal_items_fit_figures(content)
    problems += _civil_names_in_summaries(content)
    problems += _deadlines_computable(content)
    problems += _personal_data(content)
    for _receiver, found in signals.check_content.send(content):
        problems += found or []
    return problems


def _duplicates(content: Content) -> list[Problem]:
    out = []
    for name in _KEYED:
        out += _unique(content.datasets.get(name, []), "id", "编号")
    for kind in RECORD_KINDS.values():
        out += _unique(content.datasets.get(kind.dataset, []), "decision_no", "文书号")
    seen_uscc: dict[str, Located] = {}
    for loc in content.datasets.get("departments", []):
        first = seen_uscc.setdefault(loc.record.uscc, loc)
        if first is not loc:
            out.append(loc.problem("uscc", f"与 {first.path}:{first.line} 的部门代码重复"))
    numbered = [d for d in content.datasets.get("departments", []) if d.record.order is not None]
    out += _unique(numbered, "order", "部门排序")
    return out


def _unique(located: list[Located], key: str, what: str) -> list[Problem]:
    seen: dict[str, Located] = {}
    out = []
    for loc in located:
        value = getattr(loc.record, key)
        first = seen.setdefault(value, loc)
        if first is not loc:
            out.append(loc.problem(key, f"{what}「{value}」与 {first.path}:{first.line} 重复"))
    return out


def _authorities(content: Content, departments: DepartmentIndex) -> list[Problem]:
    out = []
    for kind in RECORD_KINDS.values():
        for loc in content.datasets.get(kind.dataset, []):
            rec = loc.record
            by_name = departments.by_name.get(rec.authority.strip())
            by_code = departments.by_uscc.get(rec.authority_uscc) if rec.authority_uscc else None
            if by_name is None and by_code is None:
                out.append(
                    loc.problem("authority", f"「{rec.authority}」不在部门名录 departments.yaml 中")
                )
            elif by_name and rec.authority_uscc and by_code is not by_name:
                out.append(
                    loc.problem(
                        "authority_uscc",
                        f"「{rec.authority_uscc}」不是「{by_name.name}」的统一社会信用代码",
                    )
                )
    return out


def _department_refs(content: Content, departments: DepartmentIndex) -> list[Problem]:
    out = []
    for name in _DEPARTMENT_REFS:
        for loc in content.datasets.get(name, []):
            if loc.record.department not in departments.by_id:
                out.append(loc.problem("department", f"部门编号「{loc.record.department}」不存在"))
    for loc in content.datasets.get("departments", []):
        if loc.record.parent and loc.record.parent not in departments.by_id:
            out.append(loc.problem("parent", f"上级部门编号「{loc.record.parent}」不存在"))
    return out


def _objection_targets(content: Content) -> list[Problem]:
    keys = {
        prefix: {getattr(r, key) for r in content.records(dataset)}
        for prefix, (dataset, key) in TARGETS.items()
    }
    forms = " / ".join(f"{p}:{'文号' if k == 'decision_no' else 'id'}" for p, (_, k) in TARGETS.items())
    out = []
    for loc in content.datasets.get("objections", []):
        prefix, _, key = loc.record.target.partition(":")
        if prefix not in keys or not key:
            out.append(loc.problem("target", f"应为 {forms}"))
        elif key not in keys[prefix]:
            out.append(loc.problem("target", f"被异议的记录「{loc.record.target}」不存在"))
    return out


def _case_promises(content: Content) -> list[Problem]:
    """A case naming the promise it breaks must name one that exists and was made before."""
    promises = {p.id: p for p in content.records("promises")}
    out = []
    for loc in content.datasets.get("cases", []):
        case = loc.record
        if case.promise is None:
            continue
        promise = promises.get(case.promise)
        if promise is None:
            out.append(loc.problem("promise", f"承诺编号「{case.promise}」不在 promises.yaml 中"))
        elif promise.made_on > case.occurred_on:
            out.append(
                loc.problem(
                    "promise",
                    f"承诺「{case.promise}」作出于 {promise.made_on:%Y/%m/%d}，晚于案例发生日期",
                )
            )
    return out


def _proposal_items_fit_figures(content: Content) -> list[Problem]:
    """The suggestions and proposals listed by title must fit their body's yearly figures:
    no more of them than were assigned, and those not yet answered not counted as answered
    on time (a journalist adds them up)."""
    figures = {
        (loc.record.department, loc.record.year, loc.record.kind): loc
        for loc in content.datasets.get("proposals", [])
    }
    listed: dict[tuple, list] = defaultdict(list)
    for loc in content.datasets.get("proposal_items", []):
        item = loc.record
        listed[(item.department, item.year, item.kind)].append(loc)
    out = []
    for key, items in listed.items():
        row = figures.get(key)
        if row is None:
            continue  # figures not kept for that year: nothing to compare with
        f = row.record
        waiting = sum(1 for loc in items if loc.record.answered_on is None)
        if len(items) > f.assigned:
            out.append(row.problem("assigned", f"建议提案清单列出 {len(items)} 件，多于交办数 {f.assigned}"))
        elif f.answered_on_time > f.assigned - waiting:
            out.append(
                row.problem(
                    "answered_on_time",
                    f"按期答复 {f.answered_on_time} 件，但清单中有 {waiting} 件尚未答复（交办 {f.assigned} 件）",
                )
            )
    return out


def _civil_names_in_summaries(content: Content) -> list[Problem]:
    """A civil servant's full name in the record's own summary would undo the masking (张某).

    The pages mask it there too; the source is still to be corrected, so it is reported.
    """
    out = []
    for loc in content.datasets.get("civil_servant_records", []):
        r = loc.record
        name = r.name.strip()
        if not r.lawful_disclosure and len(name) >= 2 and name in r.summary:
            out.append(
                loc.problem(
                    "summary", "事由中含有本人全名；姓名依规应遮蔽（张某），请改写事由（姓名未显示）"
                )
            )
    return out


def _deadlines_computable(content: Content) -> list[Problem]:
    """A deadline in a year the calendar does not know is an error, reported once per year and file."""
    calendar = WorkdayCalendar(content.calendar)
    rules = content.rules
    out, reported = [], set()

    def check(loc: Located, field: str, start, n: int) -> None:
        try:
            calendar.add_workdays(start, n)
        except CalendarNotCovered as e:
            if (loc.path, e.day.year) not in reported:
                reported.add((loc.path, e.day.year))
                out.append(loc.problem(field, str(e)))

    for kind in RECORD_KINDS.values():
        for loc in content.datasets.get(kind.dataset, []):
            check(loc, "decided_on", loc.record.decided_on, rules.publish_within_workdays)
    for loc in content.datasets.get("objections", []):
        check(loc, "filed_on", loc.record.filed_on, rules.objection_answer_workdays)
    for loc in content.datasets.get("cases", []):
        for s in loc.record.sanctions:
            if s.deadline_workdays:
                check(loc, "sanctions", s.imposed_on, s.deadline_workdays)
    return out


# --------------------------------------------------------------------------- personal data


@cache
def _text_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field, landlines allowed) of a model's fields that may hold free text (not identifiers)."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if not extra.get("identifier"):
            out.append((name, bool(extra.get("public_contact"))))
    return tuple(out)


def _texts(value: Any, path: str, landlines_ok: bool) -> Iterator[tuple[str, str, bool]]:
    """(dotted field, text, landlines allowed) of every string inside a record."""
    if isinstance(value, str):
        yield path, value, landlines_ok
    elif isinstance(value, BaseModel):
        for name, ok in _text_fields(type(value)):
            yield from _texts(getattr(value, name), f"{path}.{name}" if path else name, ok)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts(item, f"{path}.{n}", landlines_ok)


def _personal_data(content: Content) -> list[Problem]:
    """Full ID numbers, mobiles and landlines in free text, reported where they were typed.

    The site's policy is to refuse them (docs/security.md): the build stops until the
    source row or Markdown line is corrected. The output scan stays as the last guard.
    """
    out = []
    for located in content.datasets.values():
        for loc in located:
            if not _may_hold_numbers(loc.record):
                continue  # the common case, decided with one regex search per record
            for path, text, landlines_ok in _texts(loc.record, "", False):
                for kind in personal_numbers(text, landlines=not landlines_ok):
                    top = path.split(".")[0]
                    label = loc.labels.get(top, path)
                    line = loc.lines.get(top, loc.line)
                    out.append(Problem(loc.path, line, label, _PERSONAL.format(kind=kind)))
    return out + _personal_data_in_markdown(Path(content.root))


def _may_hold_numbers(record: BaseModel) -> bool:
    """False when no free-text field of the record has a run of digits long enough."""
    values = record.__dict__
    parts = []
    for name, _ in _text_fields(type(record)):
        value = values[name]
        if isinstance(value, str):
            parts.append(value)
        elif value is not None and not isinstance(value, (int, float, Decimal, date)):
            return True  # nested records and lists: look closely
    return _LONG_NUMBER.search("\n".join(parts)) is not None


#: Seven digits with at most a separator between them: shorter than any number looked for.
_LONG_NUMBER = re.compile(r"\d(?:[ \t\u3000\-\u2010-\u2015\uff0d.()（）]?\d){6}")


_PERSONAL = "含{kind}（个人信息，不得公开）；请删除或改为单位公开电话后重新导出（号码未显示）"


def _personal_data_in_markdown(root: Path) -> list[Problem]:
    """The same check, line by line, on the press office's Markdown (updates and pages).

    Landlines are allowed there: the press office prints its offices' public lines (举报电话).
    """
    out = []
    for path in sorted(root.rglob("*.md")):
        if "data" in path.relative_to(root).parts or not path.is_file():
            continue  # not is_file: an editor's lock (.#name.md), a link to nowhere
        rel = str(path.relative_to(root.parent))
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            for kind in personal_numbers(line, landlines=False):
                out.append(Problem(rel, n, "正文", _PERSONAL.format(kind=kind)))
    return out
