"""Sanctions (四(三)) per department: recorded on cases, implied by the rules, and their states."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..core.derive import CaseView, Portal, SanctionView, add_months
from ..core.models import CaseKind, SanctionKind
from ..core.states import SanctionState, Status
from ..render.urls import case_url
from .config import SanctionSettings


@dataclass
class SanctionRow:
    """A sanction a dishonesty case brings, recorded on the case or implied by the rules."""

    kind: SanctionKind
    state: SanctionState
    deadline: date | None
    recorded: bool
    """False when the case does not record this required sanction (flagged for the department)."""
    view: SanctionView | None = None
    since: date | None = None
    """When the sanction took effect: imposed, or for an implied honours ban the case's exposure."""

    @property
    def overdue(self) -> bool:
        return self.state == SanctionState.overdue


@dataclass
class CaseSanctions:
    """A public dishonesty case with all of its sanctions and any leniency."""

    case: CaseView
    rows: list[SanctionRow]

    @property
    def url(self) -> str:
        return case_url(self.case.case.id)


@dataclass
class DepartmentSanctions:
    """What 四(三) means for one department as of the data date."""

    cases: list[CaseSanctions]
    honours_banned_until: date | None
    """End of the current loss of honours eligibility; None when eligible."""
    debtors: list[Any]
    """DebtorView listings, in force or lifted."""
    restrictions: list[str]
    """Restrictions in force because of an active 失信被执行人 listing."""
    past: list[CaseSanctions] = field(default_factory=list)
    """Cases whose publicity has ended: no longer shown, but their sanctions were in force in
    the years they were (the rankings' 失信惩戒 column counts them, as the scores do the cases)."""

    @property
    def overdue(self) -> list[tuple[CaseSanctions, SanctionRow]]:
        return [(c, r) for c in self.cases for r in c.rows if r.overdue]

    @property
    def unrecorded(self) -> list[tuple[CaseSanctions, SanctionRow]]:
        return [(c, r) for c in self.cases for r in c.rows if not r.recorded]


def case_sanctions(view: CaseView, settings: SanctionSettings, portal: Portal) -> CaseSanctions:
    """The recorded sanctions of a case plus the required ones it lacks, with their states."""
    rows = [
        SanctionRow(s.sanction.kind, s.state, s.deadline, True, s, s.sanction.imposed_on)
        for s in view.sanctions
    ]
    have = {r.kind for r in rows}
    waived = view.case.leniency is not None and view.case.leniency.outcome == "免于惩戒"
    for kind in settings.required:
        if kind in have:
            continue
        if waived:
            rows.append(SanctionRow(kind, SanctionState.waived, None, True))
        elif kind == SanctionKind.honours_ban:
            # The plan removes honours eligibility for any dishonesty record: implied from exposure.
            until = add_months(view.case.exposed_on, 12 * portal.rules.honours_ban_years)
            state = SanctionState.in_force if portal.as_of <= until else SanctionState.ended
            rows.append(SanctionRow(kind, state, until, True, since=view.case.exposed_on))
        else:
            rows.append(SanctionRow(kind, SanctionState.unrecorded, None, False))
    return CaseSanctions(view, rows)


def department_sanctions(
    portal: Portal, settings: SanctionSettings
) -> dict[str, DepartmentSanctions]:
    """Sanctions of every department, from public dishonesty cases and debtor listings."""
    out = {d.id: DepartmentSanctions([], None, [], []) for d in portal.departments}
    for view in portal.all_cases:
        if view.case.kind != CaseKind.dishonesty:
            continue
        if not (view.status.public or view.status == Status.expired):
            continue  # revoked or credit-repaired: no longer counts (scoring.counted_cases)
        ds = out[view.department.id]
        cs = case_sanctions(view, settings, portal)
        (ds.cases if view.status.public else ds.past).append(cs)
        for row in cs.rows:
            in_force = row.state == SanctionState.in_force
            if row.kind == SanctionKind.honours_ban and in_force and row.deadline:
                ds.honours_banned_until = max(ds.honours_banned_until or row.deadline, row.deadline)
    for debtor in portal.debtors:
        ds = out[debtor.department.id]
        ds.debtors.append(debtor)
        if debtor.active:
            ds.restrictions = list(portal.rules.debtor_restrictions)
    for ds in out.values():
        ds.cases.sort(key=lambda c: (c.case.case.exposed_on, c.case.case.id))
    return out


# --------------------------------------------------------------------------- sanctions by year


@dataclass
class YearSanctions:
    """The sanctions in force at some time during one calendar year: a ranking row's 失信惩戒."""

    honours_banned_until: date | None
    """End of the latest honours ban in force during the year; None when none was."""
    debtor: bool
    """True when the department was listed as 失信被执行人 during the year."""
    overdue: int
    """Explanations and rectifications that were overdue during the year."""

    @property
    def any_in_force(self) -> bool:
        """True when anything is shown for the year."""
        return bool(self.honours_banned_until or self.debtor or self.overdue)


def _meets(start: date | None, end: date | None, year: int) -> bool:
    """True when the span [start, end] shares a day with the calendar year."""
    if start is None or end is None:
        return False
    return start <= date(year, 12, 31) and end >= date(year, 1, 1)


def overdue_span(row: SanctionRow, as_of: date) -> tuple[date, date] | None:
    """Days an explanation or rectification was overdue (from the day after its deadline until
    completed, or the data date); None when it never was."""
    if row.view is None or row.deadline is None:
        return None
    if row.state == SanctionState.overdue:
        return row.deadline + timedelta(days=1), as_of
    completed = row.view.sanction.completed_on
    if row.state == SanctionState.done_late and completed is not None:
        return row.deadline + timedelta(days=1), completed - timedelta(days=1)
    return None


def _listing_end(listing: Any, as_of: date) -> date:
    """Last day a 失信被执行人 listing restricted the department, as far as the data date goes."""
    if listing.lifted_on is None or listing.lifted_on > as_of:
        return as_of
    return listing.lifted_on - timedelta(days=1)


def year_sanctions(ds: DepartmentSanctions, year: int, as_of: date) -> YearSanctions:
    """What of 四(三) was in force during ``year``: a sanction is shown against a year only if it
    was imposed on or before the year's end and had not ended before the year began."""
    bans = [
        r.deadline
        for c in [*ds.cases, *ds.past]
        for r in c.rows
        if r.kind == SanctionKind.honours_ban
        and r.state in (SanctionState.in_force, SanctionState.ended)
        and r.since is not None
        and r.since <= as_of
        and _meets(r.since, r.deadline, year)
    ]
    overdue = sum(
        1
        for c in [*ds.cases, *ds.past]
        for r in c.rows
        if (span := overdue_span(r, as_of)) and _meets(*span, year)
    )
    debtor = any(
        _meets(d.listing.listed_on, _listing_end(d.listing, as_of), year)
        for d in ds.debtors
        if d.listing.listed_on <= as_of
    )
    return YearSanctions(max(bans, default=None), debtor, overdue)
