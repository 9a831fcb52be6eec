"""What departments decide: templates of 行政处罚, 行政许可 and other administrative acts.

The wording lives in ``data/penalties.yaml``, ``data/licences.yaml`` and ``data/acts.yaml``;
this module loads it into the structures the CSV writer draws from. A department's
``penalty_fields``, ``licence_kinds`` and ``act_kinds`` (departments.yaml) are their keys,
so each template belongs to the body whose remit it is; each template's ``parties`` names
the trades (``data/names.yaml``) of the parties it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

from .datafiles import load

#: In ``parties``: a natural person rather than a firm (other-act templates).
PERSON = "person"


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
    parties: tuple[str, ...]
    """Trades of the firms such a violation is about."""
    person: float = 0.0
    """Share of decisions against a natural person."""
    licence: str | None = None
    """Certificate suspended or revoked (暂扣或吊销证照), if any."""


@dataclass(frozen=True)
class LicenceTemplate:
    """A kind of 行政许可: its decision document, certificate, wording per licensee's trade, validity."""

    document: str
    category: str
    certificate: str | None
    content: dict[str, str]
    """许可内容 per trade of the licensee; {brand} is the licensee's brand."""
    number: str
    """Prefix of the 许可编号."""
    years: int | None
    """Validity in years; None: long-term (2099/12/31)."""

    @property
    def parties(self) -> tuple[str, ...]:
        """Trades the licence goes to."""
        return tuple(self.content)


@dataclass(frozen=True)
class ActTemplate:
    """A kind of other administrative act (行政强制, 行政确认, 行政征收, 行政给付) of one body."""

    kind: str
    mark: str
    """The character in its document number (强, 确, 征, 给)."""
    content: str
    basis: str
    parties: tuple[str, ...]
    """Trades of the firms it concerns; ``PERSON``: a natural person."""
    lifted: str | None = None
    """For a 行政强制 that may be lifted: what the remark says was done."""


_PENALTIES = load("penalties")
PLACES: tuple[str, ...] = tuple(_PENALTIES["places"])
PRODUCTS: tuple[str, ...] = tuple(_PENALTIES["goods"])
FOODS: tuple[str, ...] = tuple(_PENALTIES["foods"])
PENALTY_TEMPLATES: dict[str, tuple[PenaltyTemplate, ...]] = {
    field: tuple(
        PenaltyTemplate(**(t | {"fine": tuple(t["fine"]), "parties": tuple(t["parties"])}))
        for t in templates
    )
    for field, templates in _PENALTIES["templates"].items()
}

LICENCE_TEMPLATES: dict[str, LicenceTemplate] = {
    kind: LicenceTemplate(**t) for kind, t in load("licences")["templates"].items()
}

#: Template key (a department's act_kinds) → template.
ACT_TEMPLATES: dict[str, ActTemplate] = {
    key: ActTemplate(**(t | {"parties": tuple(t["parties"])}))
    for key, t in load("acts")["templates"].items()
}
