"""Derive what is public as of a date: publicity status, deadlines, lateness, ratings.

``derive(content, as_of)`` returns a :class:`Portal`, the single view of the data
that pages, feeds, search indexes and scores are all made from, so they agree on
what exists. Withdrawn records (expired, revoked, repaired) are not in it at all.
"""

from __future__ import annotations

import calendar as _cal
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .history import PublishDay, RecordHistory
from .kinds import RECORD_KINDS
from .load import Content
from .models import (
    ArchiveEntry,
    Case,
    CivilServantRecord,
    DebtorListing,
    Department,
    HotlineFigures,
    LawfulChange,
    License,
    Objection,
    OtherAct,
    Penalty,
    Promise,
    PromiseRating,
    ProposalFigures,
    ProposalItem,
    RatingChange,
    Sanction,
    SanctionKind,
    SubjectKind,
    ThirdPartyResult,
    official_order,
)
from .rules import Rules
from .states import Compensation, ObjectionState, SanctionState, Status
from .validate import DepartmentIndex
from .workdays import WorkdayCalendar


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (2024-11-30 + 3 → 2025-02-28)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def record_key(kind: str, decision_no: str) -> str:
    """Stable anchor of a 双公示 record: a hash of its kind and 文号, never of its position."""
    return "r" + hashlib.sha1(f"{kind}:{decision_no}".encode()).hexdigest()[:12]


def mask_name(name: str) -> str:
    """张三 → 张某: the surname kept, the given name replaced."""
    return (name[:1] + "某") if name else name


# --------------------------------------------------------------------------- views


@dataclass
class PublicRecord:
    """A 双公示 or other administrative-act record as published."""

    kind: str
    """penalty / license / act."""
    record: Any
    department: Department
    status: Status
    publish_deadline: date
    """Last day to be online: 7 statutory working days after the decision."""
    on_time: bool | None
    """Online by the deadline as of the build date; None when unknown or not counted."""
    uncounted: str | None
    """Why the record does not count toward on-time publication (None: it counts)."""
    subject: str
    """行政相对人 as shown: natural persons masked as configured."""
    path: str
    line: int
    published_on: date | None = None
    """When the record went online: the export's 公示日期, else the first publish that held it."""
    published_from: str | None = None
    """Where ``published_on`` comes from (PUBLISHED_FROM_*), None when unknown."""
    representative: str | None = None
    """法定代表人 of an organisation, or 经营者 of a 个体工商户 (a natural person: masked as
    natural persons' names are); None for a 自然人, for other acts, and when not given."""

    @property
    def representative_label(self) -> str:
        """What the representative is called: 经营者 for a 个体工商户, else 法定代表人."""
        if self.record.subject_kind == SubjectKind.individual_business:
            return "经营者"
        return "法定代表人"

    @property
    def key(self) -> str:
        """The record's stable anchor."""
        return record_key(self.kind, self.record.decision_no)

    @property
    def ref(self) -> str:
        """How objections and the publish ledger name it: ``penalty:文号``."""
        return f"{self.kind}:{self.record.decision_no}"

    @property
    def label(self) -> str:
        """行政处罚 / 行政许可 / 其他行政行为."""
        return RECORD_KINDS[self.kind].label

    @property
    def year(self) -> int:
        """Year of the decision: the period listing the record belongs to."""
        return self.record.decided_on.year


@dataclass
class SanctionView:
    """A sanction with its effective deadline and state as of the build date."""

    sanction: Sanction
    deadline: date | None
    state: SanctionState

    @property
    def overdue(self) -> bool:
        return self.state == SanctionState.overdue


@dataclass
class CaseView:
    """A public case with its sanctions' states."""

    case: Case
    department: Department
    status: Status
    sanctions: list[SanctionView]
    under_objection: bool = False
    objections: list[ObjectionView] = field(default_factory=list)
    """Objections filed against the case by the as-of date, newest first."""
    promise: PromiseView | None = None
    """The promise the case is about breaking (``Case.promise``), when it is public."""

    @property
    def as_ref(self) -> CaseRef:
        """How a promise page lists the case."""
        return CaseRef(self.case.id, self.case.title, self.case.exposed_on, self.overdue)

    @property
    def overdue(self) -> bool:
        return any(s.overdue for s in self.sanctions)

    @property
    def objection_overdue(self) -> bool:
        """An objection to the case is past its answer deadline without an answer (逾期未答复)."""
        return any(o.state == ObjectionState.overdue for o in self.objections)

    @property
    def ref(self) -> str:
        """How objections and the publish ledger name it: ``case:id``."""
        return f"case:{self.case.id}"


@dataclass
class PromiseView:
    """A promise with its rating as of the build date."""

    promise: Promise
    department: Department
    history: list[RatingChange]
    """Changes up to the build date, oldest first."""

    overdue: bool = False
    cases: list[CaseRef] = field(default_factory=list)
    """Public cases that name this promise as the one broken (``Case.promise``), newest first."""

    @property
    def rating(self) -> PromiseRating:
        return self.history[-1].rating if self.history else PromiseRating.not_rated

    @property
    def ref(self) -> str:
        """How the publish ledger names it: ``promise:id``."""
        return f"promise:{self.promise.id}"

    compensation: Compensation | None = None
    """While the rating is 依法变更: where its compensation stands as of the build date."""
    title_note: str = ""
    """What tells the promise apart from others of the same title (set by ``derive``)."""

    @property
    def kept_on(self) -> date | None:
        """While rated 已兑现: the date of the assessment that found it kept."""
        if self.rating != PromiseRating.kept:
            return None
        return self.history[-1].on

    def late(self, change: RatingChange) -> bool:
        """True when ``change`` found the promise kept (已兑现) after its deadline (逾期兑现)."""
        due = self.promise.due_on
        return change.rating == PromiseRating.kept and due is not None and change.on > due

    @property
    def kept_late(self) -> bool:
        """Rated 已兑现, but found kept only after its deadline: the lists say so, and the
        evaluation credits it as the indicator system sets (``late_credit``)."""
        return bool(self.history) and self.late(self.history[-1])

    @property
    def compensation_unpaid(self) -> bool:
        """Rated 依法变更 but the compensation is not paid as of the build date (五(三)):
        the change is not yet complete, and the pages and the evaluation say so."""
        return self.compensation == Compensation.unpaid

    @property
    def display_title(self) -> str:
        """The title every list and page shows: 标题（承诺对象，2023年3月）, so that two
        promises of the same title are told apart."""
        return f"{self.promise.title}（{self.title_note or promise_title_note(self.promise)}）"


@dataclass
class CivilView:
    """A civil-servant record as published: the name masked unless lawfully disclosed."""

    record: CivilServantRecord
    department: Department
    display_name: str
    status: Status
    objections: list[ObjectionView] = field(default_factory=list)
    """Objections filed against the record by the as-of date, newest first."""

    @property
    def ref(self) -> str:
        """How objections and the publish ledger name it: ``civil:id``."""
        return f"civil:{self.record.id}"

    @property
    def summary(self) -> str:
        """What happened, as published: the full name masked wherever the summary repeats it
        (validation reports such a summary; this keeps the page safe meanwhile)."""
        text, name = self.record.summary, self.record.name.strip()
        if not self.record.lawful_disclosure and len(name) >= 2:
            text = text.replace(name, self.display_name)
        return text

    @property
    def objection_overdue(self) -> bool:
        """An objection to the record is past its answer deadline without an answer."""
        return any(o.state == ObjectionState.overdue for o in self.objections)


#: What each objection-target prefix is called on the pages (a withdrawn target is named by it alone).
TARGET_KINDS = {
    **{k.key: k.label for k in RECORD_KINDS.values()},
    "case": "失信案例",
    "civil": "公务员诚信记录",
}


#: Views refer to each other only through these small references, never back to a view
#: that refers to them: the views stay a tree (the page cache walks them value by value).


@dataclass(frozen=True)
class CaseRef:
    """A public case as a promise page lists it."""

    id: str
    title: str
    exposed_on: date
    overdue: bool
    """A sanction of the case is overdue (整改逾期)."""


@dataclass(frozen=True)
class TargetRef:
    """The public record an objection contests, as the objection names and links it."""

    prefix: str
    """penalty / license / act / case / civil (the objection's ``target`` prefix)."""
    name: str
    """What the pages call it: the 文号, the case title, or the masked name and source."""
    department_id: str
    id: str
    """The case id, the civil-servant record id, or the 双公示 record's anchor (key)."""
    year: int | None = None
    """For 双公示 records: the year of the period listing holding it."""


def target_ref(view: Any) -> TargetRef:
    """The reference an objection keeps to a public record, case or civil-servant record."""
    if isinstance(view, PublicRecord):
        return TargetRef(view.kind, view.record.decision_no, view.department.id, view.key, view.year)
    if isinstance(view, CaseView):
        return TargetRef("case", view.case.title, view.department.id, view.case.id)
    position = f"（{view.record.position}）" if view.record.position else ""
    name = f"{view.display_name}{position}{view.record.source.value}记录"
    return TargetRef("civil", name, view.department.id, view.record.id)


@dataclass
class ObjectionView:
    """An objection with its answer deadline and compliance, and the record it contests."""

    objection: Objection
    department: Department
    deadline: date
    state: ObjectionState
    target: TargetRef | None = None
    """The contested record while it is public; None once it is withdrawn (or not yet
    online): then only its kind is named."""

    @property
    def on_time(self) -> bool | None:
        return self.state.on_time

    @property
    def target_kind(self) -> str:
        """行政处罚 / 行政许可 / 其他行政行为 / 失信案例 / 公务员诚信记录."""
        return TARGET_KINDS[self.objection.target.partition(":")[0]]

    @property
    def target_name(self) -> str | None:
        """How the pages name the contested record while it is public (None when withdrawn)."""
        return self.target.name if self.target else None


@dataclass(frozen=True)
class RepairView:
    """A credit repair (信用修复, 六(二)) as the credit-repair list publishes it.

    The repaired record is withdrawn, so nothing of the record is kept here — not its party,
    its 文号 or its facts: only the repair decision, which is the deciding body's own act
    (what kind of record, which body, when, under which 文号). docs/security.md, Privacy.
    """

    kind: str
    """行政处罚 / 行政许可 / 其他行政行为 / 失信案例 / 公务员诚信记录."""
    department: Department
    repaired_on: date
    decision_no: str | None
    """文号 of the repair decision; None when the source did not give it."""


@dataclass
class ProposalItemView:
    """A public NPC suggestion or CPPCC proposal as of the build date."""

    item: ProposalItem
    department: Department

    answered: bool = False
    """Answered by the as-of date: the answer and result are shown; else 办理中."""


@dataclass
class DebtorView:
    """A 失信被执行人 listing and whether it is in force."""

    listing: DebtorListing
    department: Department
    active: bool


@dataclass
class Portal:
    """Everything public as of ``as_of``: the one source for pages, feeds, indexes and scores."""

    as_of: date
    rules: Rules
    calendar: WorkdayCalendar
    departments: list[Department]
    """Every body in the district's official order (部门排序): every list of departments follows it."""
    records: list[PublicRecord]
    cases: list[CaseView]
    promises: list[PromiseView]
    civil: list[CivilView]
    objections: list[ObjectionView]
    debtors: list[DebtorView]
    archive: list[ArchiveEntry]
    """Integrity-archive entries (二(二)), in file order."""
    hotline: list[HotlineFigures]
    """12345 hotline figures per department and year."""
    proposals: list[ProposalFigures]
    """NPC suggestion and CPPCC proposal figures per department, year and kind."""
    third_party: list[ThirdPartyResult]
    """Third-party evaluation results."""
    content_root: Path
    """The content folder the Portal was derived from (features read their own files there)."""
    proposal_items: list[ProposalItemView] = field(default_factory=list)
    """Suggestions and proposals whose reply is public, assigned by the as-of date."""
    proposal_items_unpublished: dict[str, int] = field(default_factory=dict)
    """Per department id, items assigned by the as-of date whose reply is not public (counts only)."""
    repairs: list[RepairView] = field(default_factory=list)
    """Credit repairs in force as of the build date, newest first: the repair decisions only."""
    withdrawn_counts: dict[str, int] = field(default_factory=dict)
    """Per status, how many records are withdrawn (counts only: their contents go nowhere)."""
    all_records: list[PublicRecord] = field(default_factory=list, repr=False)
    """Every act record whatever its status, for on-time statistics over a year (not for display)."""
    all_cases: list[CaseView] = field(default_factory=list, repr=False)
    """Every case exposed by the as-of date whatever its status, for counts (not for display)."""
    all_civil: list[CivilView] = field(default_factory=list, repr=False)
    """Every civil-servant record decided by the as-of date whatever its status (not for display)."""
    history: dict[str, RecordHistory] = field(default_factory=dict, repr=False)
    """Per public record (by ``ref``): opaque id, first published, last changed (the ledger's)."""
    publishes: list[PublishDay] = field(default_factory=list, repr=False)
    """What each publish added, changed and withdrew, newest first (empty without a ledger)."""


# --------------------------------------------------------------------------- status rules


def _pending_objections(objections: list[Objection], as_of: date) -> set[str]:
    return {
        o.target
        for o in objections
        if o.filed_on <= as_of and (o.answered_on is None or o.answered_on > as_of)
    }


def penalty_status(p: Penalty, rules: Rules, as_of: date) -> Status:
    """Publicity of a 行政处罚 record."""
    if p.decided_on > as_of or (p.published_on and p.published_on > as_of):
        return Status.not_yet
    if p.revoked_on and p.revoked_on <= as_of:
        return Status.revoked
    types = {t.strip() for t in p.penalty_type.replace("；", ";").split(";") if t.strip()}
    if types and types <= set(rules.unpublished_penalty_types):
        return Status.exempt
    end = p.publicity_until or add_months(p.decided_on, 12 * rules.penalty_max_years)
    # Repair withdraws the record once the minimum period is over; a repair that took effect
    # before publicity would have ended stays a repair after that date (the 信用修复 list keeps it).
    repaired = _repair_takes_effect(p, rules) if p.repaired_on else None
    if repaired is not None and repaired <= as_of and repaired <= end:
        return Status.repaired
    if as_of > end:
        return Status.expired
    return Status.active


def _repair_takes_effect(p: Penalty, rules: Rules) -> date:
    """The day a penalty's credit repair withdraws it: the repair date, but not before the
    minimum publicity period (longer for serious fields) is over."""
    text = f"{p.violation_type or ''}{p.legal_basis or ''}"
    serious = any(word in text for word in rules.serious_fields)
    months = rules.penalty_min_months_serious if serious else rules.penalty_min_months
    return max(p.repaired_on, add_months(p.decided_on, months))


def license_status(lic: License, rules: Rules, as_of: date) -> Status:
    """Publicity of a 行政许可 record."""
    if lic.decided_on > as_of or (lic.published_on and lic.published_on > as_of):
        return Status.not_yet
    if (lic.revoked_on and lic.revoked_on <= as_of) or (
        lic.state or ""
    ) in rules.revoked_license_states:
        return Status.revoked
    if lic.repaired_on and lic.repaired_on <= as_of:
        return Status.repaired
    end = add_months(lic.decided_on, 12 * rules.license_max_years)
    if lic.valid_until:
        end = min(end, lic.valid_until)
    return Status.expired if as_of > end else Status.active


def act_status(act: OtherAct, rules: Rules, as_of: date) -> Status:
    """Publicity of another administrative act (强制、确认、征收、给付)."""
    if act.decided_on > as_of or (act.published_on and act.published_on > as_of):
        return Status.not_yet
    if act.revoked_on and act.revoked_on <= as_of:
        return Status.revoked
    if act.repaired_on and act.repaired_on <= as_of:
        return Status.repaired
    return (
        Status.expired
        if as_of > add_months(act.decided_on, 12 * rules.act_max_years)
        else Status.active
    )


def case_status(c: Case, rules: Rules, as_of: date) -> Status:
    """Publicity of a case or exemplar."""
    if c.exposed_on > as_of:
        return Status.not_yet
    if c.revoked_on and c.revoked_on <= as_of:
        return Status.revoked
    if c.repaired_on and c.repaired_on <= as_of:
        return Status.repaired
    end = c.publicity_until or add_months(c.exposed_on, 12 * rules.case_max_years)
    return Status.expired if as_of > end else Status.active


def civil_status(r: CivilServantRecord, rules: Rules, as_of: date) -> Status:
    """Publicity of a civil-servant record."""
    start = r.published_on or r.decided_on
    if start > as_of:
        return Status.not_yet
    if r.revoked_on and r.revoked_on <= as_of:
        return Status.revoked
    if r.repaired_on and r.repaired_on <= as_of:
        return Status.repaired
    end = r.publicity_until or add_months(r.decided_on, 12 * rules.civil_servant_max_years)
    return Status.expired if as_of > end else Status.active


#: Where a record's publication date comes from.
PUBLISHED_FROM_EXPORT = "导出数据的公示日期"
PUBLISHED_FROM_HISTORY = "本平台发布记录"
PUBLISHED_FROM_THIS_PUBLISH = "本次发布"


def publication_date(
    rec: Any, key: str, status: Status, first_published: Mapping[str, date], as_of: date
) -> tuple[date | None, str | None]:
    """When a record went online, and the source of that date.

    The export's 公示日期 first; else the first publish that held the record (the publish
    ledger); else, for a record public now, this publish. A record never shown has none.
    """
    if rec.published_on is not None:
        return rec.published_on, PUBLISHED_FROM_EXPORT
    if key in first_published:
        return first_published[key], PUBLISHED_FROM_HISTORY
    if status.public:
        return as_of, PUBLISHED_FROM_THIS_PUBLISH
    return None, None


def timeliness_exclusion(
    rec: Any, published: date | None, status: Status, deadline: date, as_of: date
) -> str | None:
    """Why a record does not count toward on-time publication as of a date, or None if it does.

    The one rule behind every on-time rate: department pages and evaluation scores alike.
    """
    if status == Status.exempt:
        return "依规不公示"
    if rec.decided_on > as_of:
        return "尚未作出"
    if (published is None or published > as_of) and deadline >= as_of:
        return "尚在公示时限内"
    return None


def publication_on_time(published: date | None, deadline: date, as_of: date) -> bool:
    """Online within the deadline. A record with no known publication date, or still offline
    past its deadline, is late: leaving the date out must never improve a rate."""
    if published is None or published > as_of:
        return False
    return published <= deadline


STATUS_RULES = {"penalty": penalty_status, "license": license_status, "act": act_status}


def sanction_view(
    s: Sanction, rules: Rules, calendar: WorkdayCalendar, as_of: date
) -> SanctionView:
    """Effective deadline and state of one sanction."""
    deadline = s.deadline or (
        calendar.add_workdays(s.imposed_on, s.deadline_workdays) if s.deadline_workdays else None
    )
    if s.kind == SanctionKind.honours_ban:
        until = s.until or add_months(s.imposed_on, 12 * rules.honours_ban_years)
        if s.waived:
            state = SanctionState.waived
        else:
            state = SanctionState.in_force if as_of <= until else SanctionState.ended
        return SanctionView(s, until, state)
    if s.waived:
        state = SanctionState.waived
    elif s.completed_on and s.completed_on <= as_of:
        late = deadline and s.completed_on > deadline
        state = SanctionState.done_late if late else SanctionState.done
    elif deadline and as_of > deadline:
        state = SanctionState.overdue
    else:
        state = SanctionState.in_progress if deadline else SanctionState.applied
    return SanctionView(s, deadline, state)


def objection_view(
    o: Objection, dept: Department, rules: Rules, calendar: WorkdayCalendar, as_of: date
) -> ObjectionView:
    """Answer deadline (10 working days) and whether it was met."""
    deadline = calendar.add_workdays(o.filed_on, rules.objection_answer_workdays)
    if o.answered_on and o.answered_on <= as_of:
        on_time = o.answered_on <= deadline
        state = ObjectionState.answered_on_time if on_time else ObjectionState.answered_late
    else:
        state = ObjectionState.overdue if as_of > deadline else ObjectionState.pending
    return ObjectionView(o, dept, deadline, state)


def promise_view(p: Promise, dept: Department, as_of: date) -> PromiseView:
    """A promise's rating history up to the build date, and whether it is overdue."""
    history = [h for h in p.history if h.on <= as_of]
    view = PromiseView(p, dept, history)
    done = (PromiseRating.kept, PromiseRating.lawfully_changed, PromiseRating.broken)
    view.overdue = bool(p.due_on and as_of > p.due_on and view.rating not in done)
    if view.rating == PromiseRating.lawfully_changed and p.lawful_change:
        view.compensation = compensation_state(p.lawful_change, as_of)
    return view


def compensation_state(change: LawfulChange, as_of: date) -> Compensation:
    """Whether a lawful change's compensation is paid as of a date: the one rule the rating
    badge, the promise page and the evaluation (``promise_credit``) share. No amount (or 0)
    means none is due; an amount is paid only from its payment date on."""
    if not change.compensation_wan:
        return Compensation.not_due
    paid = change.compensation_paid_on
    return Compensation.paid if paid is not None and paid <= as_of else Compensation.unpaid


def promise_title_note(p: Promise, precise: bool = False) -> str:
    """承诺对象 (unless the title names it) and when the promise was made: 2023年3月, or
    with ``precise`` the day, and then the source document's 文号 as well."""
    parts = [p.counterparty] if p.counterparty and p.counterparty not in p.title else []
    made = p.made_on
    parts.append(f"{made.year}年{made.month}月" + (f"{made.day}日" if precise else ""))
    if precise and p.source.doc_no:
        parts.append(p.source.doc_no)
    return "，".join(parts)


def _tell_promises_apart(views: list[PromiseView]) -> None:
    """Give promises whose display titles would still coincide the precise note."""
    seen: dict[str, list[PromiseView]] = defaultdict(list)
    for v in views:
        seen[v.display_title].append(v)
    for group in seen.values():
        if len(group) > 1:
            for v in group:
                v.title_note = promise_title_note(v.promise, precise=True)


# --------------------------------------------------------------------------- derive


def _subject(record: Any, rules: Rules) -> str:
    if record.subject_kind == SubjectKind.natural_person and rules.natural_person_names == "masked":
        return mask_name(record.subject_name)
    return record.subject_name


def _representative(record: Any, rules: Rules) -> str | None:
    """法定代表人 or 经营者 as shown. A 个体工商户's 经营者 is a natural person, so the name
    is masked as natural persons' names are; a 自然人 has neither."""
    name = getattr(record, "legal_rep", None)  # other acts have no such column
    kind = record.subject_kind
    if not name or kind == SubjectKind.natural_person:
        return None
    if kind == SubjectKind.individual_business and rules.natural_person_names == "masked":
        return mask_name(name)
    return name


def derive(
    content: Content, as_of: date, first_published: Mapping[str, date] | None = None
) -> Portal:
    """The public state of the content as of ``as_of``; content must have validated cleanly.

    ``first_published`` maps record keys (``penalty:文号``) to the first publish that held
    them (the publish ledger), for exports without 公示日期.
    """
    first_published = first_published or {}
    rules = content.rules
    calendar = WorkdayCalendar(content.calendar)
    index = DepartmentIndex(content.records("departments"))
    objections = content.records("objections")
    pending = _pending_objections(objections, as_of)
    withdrawn: dict[str, int] = defaultdict(int)

    all_records: list[PublicRecord] = []
    for kind in RECORD_KINDS.values():
        status_of = STATUS_RULES[kind.key]
        for loc in content.datasets.get(kind.dataset, []):
            rec = loc.record
            status = status_of(rec, rules, as_of)
            key = f"{kind.key}:{rec.decision_no}"
            if status == Status.active and key in pending:
                status = Status.under_objection
            deadline = calendar.add_workdays(rec.decided_on, rules.publish_within_workdays)
            published, source = publication_date(rec, key, status, first_published, as_of)
            uncounted = timeliness_exclusion(rec, published, status, deadline, as_of)
            on_time = None if uncounted else publication_on_time(published, deadline, as_of)
            dept = index.resolve(rec.authority, rec.authority_uscc)
            all_records.append(
                PublicRecord(
                    kind.key,
                    rec,
                    dept,
                    status,
                    deadline,
                    on_time,
                    uncounted,
                    _subject(rec, rules),
                    loc.path,
                    loc.line,
                    published,
                    source,
                    _representative(rec, rules),
                )
            )
            if not status.public:
                withdrawn[status.value] += 1

    all_cases = []
    for c in content.records("cases"):
        status = case_status(c, rules, as_of)
        if status == Status.not_yet:
            continue
        views = [sanction_view(s, rules, calendar, as_of) for s in c.sanctions]
        all_cases.append(
            CaseView(c, index.by_id[c.department], status, views, f"case:{c.id}" in pending)
        )
        if not status.public:
            withdrawn[status.value] += 1

    all_civil = []
    for r in content.records("civil_servant_records"):
        status = civil_status(r, rules, as_of)
        if status == Status.not_yet:
            continue
        if status == Status.active and f"civil:{r.id}" in pending:
            status = Status.under_objection
        name = r.name if r.lawful_disclosure else mask_name(r.name)
        all_civil.append(CivilView(r, index.by_id[r.department], name, status))
        if not status.public:
            withdrawn[status.value] += 1

    promises = [
        promise_view(p, index.by_id[p.department], as_of)
        for p in content.records("promises")
        if p.made_on <= as_of
    ]
    _tell_promises_apart(promises)
    public_cases = [c for c in all_cases if c.status.public]
    public_civil = [c for c in all_civil if c.status.public]
    _link_cases_and_promises(public_cases, promises)
    objection_views = [
        objection_view(o, index.by_id[o.department], rules, calendar, as_of)
        for o in objections
        if o.filed_on <= as_of
    ]
    public_records = [r for r in all_records if r.status.public]
    _link_objections(objection_views, [*public_records, *public_cases, *public_civil])
    items, unpublished = _proposal_items(content.records("proposal_items"), index, as_of)
    debtors = [
        DebtorView(
            d,
            index.by_id[d.department],
            d.listed_on <= as_of and (d.lifted_on is None or d.lifted_on > as_of),
        )
        for d in content.records("debtor_listings")
        if d.listed_on <= as_of
    ]
    return Portal(
        as_of=as_of,
        rules=rules,
        calendar=calendar,
        departments=official_order(content.records("departments")),
        records=public_records,
        cases=public_cases,
        promises=promises,
        civil=public_civil,
        objections=objection_views,
        debtors=debtors,
        archive=content.records("archive"),
        hotline=content.records("hotline"),
        proposals=content.records("proposals"),
        third_party=content.records("third_party"),
        content_root=Path(content.root),
        proposal_items=items,
        proposal_items_unpublished=unpublished,
        repairs=repairs([*all_records, *all_cases, *all_civil]),
        withdrawn_counts=dict(withdrawn),
        all_records=all_records,
        all_cases=all_cases,
        all_civil=all_civil,
    )


# --------------------------------------------------------------------------- links between views


def _link_cases_and_promises(cases: list[CaseView], promises: list[PromiseView]) -> None:
    """A case names the promise it breaks; each public side links the other."""
    by_id = {p.promise.id: p for p in promises}
    newest_first = sorted(cases, key=lambda c: (c.case.exposed_on, c.case.id), reverse=True)
    for c in newest_first:
        view = by_id.get(c.case.promise or "")
        if view is not None:
            c.promise = view
            view.cases.append(c.as_ref)


def _link_objections(objections: list[ObjectionView], public: list[Any]) -> None:
    """Each objection gets its target while the target is public; each target its objections."""
    by_ref = {v.ref: v for v in public}
    newest_first = sorted(
        objections, key=lambda o: (o.objection.filed_on, o.objection.id), reverse=True
    )
    for o in newest_first:
        target = by_ref.get(o.objection.target)
        o.target = target_ref(target) if target is not None else None
        if isinstance(target, (CaseView, CivilView)):
            target.objections.append(o)


def repairs(views: list[Any]) -> list[RepairView]:
    """The credit repairs in force, newest first: each withdrawn record's repair decision only."""
    out = []
    for v in views:
        if v.status != Status.repaired:
            continue
        record = v.case if isinstance(v, CaseView) else v.record
        kind = TARGET_KINDS[v.ref.partition(":")[0]]
        out.append(RepairView(kind, v.department, record.repaired_on, record.repair_decision_no))
    return sorted(
        out, key=lambda r: (-r.repaired_on.toordinal(), r.kind, r.department.id, r.decision_no or "")
    )


def _proposal_items(
    items: list[ProposalItem], index: DepartmentIndex, as_of: date
) -> tuple[list[ProposalItemView], dict[str, int]]:
    """Public items assigned by the as-of date (in file order), and per department how many
    assigned items have no public reply."""
    views, unpublished = [], defaultdict(int)
    for item in items:
        if item.assigned_on > as_of:
            continue
        if not item.public:
            unpublished[item.department] += 1
            continue
        answered = item.answered_on is not None and item.answered_on <= as_of
        views.append(ProposalItemView(item, index.by_id[item.department], answered))
    return views, dict(unpublished)
