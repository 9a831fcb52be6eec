"""Cross-record validation: references resolve, keys are unique, deadlines are computable.

Record-level checks live in the models; these need the whole content tree.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import signals
from .kinds import RECORD_KINDS
from .load import Content, Located
from .models import Department
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
    "objections",
    "third_party",
)
#: Datasets whose ``id`` must be unique.
_KEYED = ("departments", "promises", "cases", "civil_servant_records", "archive", "objections")
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
    problems += _deadlines_computable(content)
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
