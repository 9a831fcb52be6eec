"""Publication history as the pages show it: when each record was first published and last
changed, and what each publish added, changed and withdrew.

The publish ledger (generator/publish/ledger.py) keeps this between publishes and hands it
to the Portal; core only defines its shape. A record is known to the outside world only by
its opaque id: a withdrawn record's entry carries that id and a reason category, never its
文号, name or content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ChangeOp(StrEnum):
    """What a publish did to a record."""

    add = "ADD"
    modify = "MOD"
    delete = "DEL"


class WithdrawalReason(StrEnum):
    """Why a record left publication (the only thing a DEL entry says besides the id)."""

    expired = "expired"
    revoked = "revoked"
    repaired = "repaired"
    removed = "removed"
    """No longer in the departments' exports (or no longer public for another reason)."""

    @property
    def label(self) -> str:
        """The reason in words."""
        return {
            "expired": "公示期满",
            "revoked": "决定撤销或变更",
            "repaired": "信用修复",
            "removed": "不再列入导出数据",
        }[self.value]


@dataclass(frozen=True)
class RecordHistory:
    """One published record's place in the history."""

    opaque_id: str
    """Stable id that reveals nothing: assigned at first publish, never derived from the 文号."""
    first_published: date
    last_changed: date


@dataclass(frozen=True)
class Change:
    """One entry of a publish's delta."""

    op: ChangeOp
    opaque_id: str
    kind: str | None = None
    """Record kind (penalty, case, promise …); None on a DEL entry and for withdrawn records."""
    url: str | None = None
    """Permalink while the record is public; None once it is withdrawn (no trace)."""
    title: str | None = None
    """What the pages call the record, while it is public."""
    reason: WithdrawalReason | None = None
    """DEL entries only."""


@dataclass
class PublishDay:
    """Everything one publish changed."""

    day: date
    changes: list[Change] = field(default_factory=list)

    def count(self, op: ChangeOp) -> int:
        """How many entries of one kind."""
        return sum(1 for c in self.changes if c.op == op)
