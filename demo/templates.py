"""What departments decide: templates of 行政处罚, 行政许可 and other administrative acts.

The wording lives in ``data/penalties.yaml``, ``data/licences.yaml`` and ``data/acts.yaml``;
this module loads it into the structures the CSV writer draws from. A department's
``penalty_fields``, ``licence_kinds`` and ``act_kinds`` (departments.yaml) are their keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from .datafiles import load


@dataclass(frozen=True)
class PenaltyTemplate:
    """A kind of violation in one field: facts, provisions, sanctions and the usual fine."""

    violation: str
    facts: str
    """May use {place}, {goods}, {food}, {value} and {count}."""
    basis: str
    types: str
    """处罚类别, several separated by ；; 罚款 and 没收违法所得 get amounts."""
    fine: tuple[int, int]
    """Fine range in 元."""
    licence: str | None = None
    """Certificate suspended or revoked (暂扣或吊销证照), if any."""


@dataclass(frozen=True)
class LicenceTemplate:
    """A kind of 行政许可: its decision document, certificate, wording and validity."""

    document: str
    category: str
    certificate: str | None
    content: str
    number: str
    """Prefix of the 许可编号."""
    years: int | None
    """Validity in years; None: long-term (2099/12/31)."""


@dataclass(frozen=True)
class ActTemplate:
    """A kind of other administrative act (行政强制, 行政确认 …)."""

    kind: str
    content: str
    basis: str
    natural_person: bool
    """True: the party is a natural person; False: a firm."""


_PENALTIES = load("penalties")
PLACES: tuple[str, ...] = tuple(_PENALTIES["places"])
PRODUCTS: tuple[str, ...] = tuple(_PENALTIES["goods"])
FOODS: tuple[str, ...] = tuple(_PENALTIES["foods"])
PENALTY_TEMPLATES: dict[str, tuple[PenaltyTemplate, ...]] = {
    field: tuple(PenaltyTemplate(**(t | {"fine": tuple(t["fine"])})) for t in templates)
    for field, templates in _PENALTIES["templates"].items()
}

_LICENCES = load("licences")
LICENCE_TEMPLATES: dict[str, LicenceTemplate] = {
    kind: LicenceTemplate(**t) for kind, t in _LICENCES["templates"].items()
}
#: Licences a sole trader (个体工商户) typically holds; the others go to companies.
SOLE_TRADER_LICENCES = frozenset(_LICENCES["sole_trader"])

_ACTS = load("acts")
#: 行为类别 short (a department's act_kinds) → template.
ACT_TEMPLATES: dict[str, ActTemplate] = {
    short: ActTemplate(**t) for short, t in _ACTS["kinds"].items()
}
#: Departments whose acts differ from the general wording: id → (content, basis).
ACT_OVERRIDES: dict[str, tuple[str, str]] = {
    dept: (t["content"], t["basis"]) for dept, t in _ACTS["overrides"].items()
}
