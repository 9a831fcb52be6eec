"""States a record, a sanction or an objection is in as of a date: enums, never bare strings.

Their values are the words shown on the pages; compare members, not their text.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Publicity status of a record as of a date."""

    active = "公示中"
    under_objection = "异议处理中"
    expired = "公示期满"
    revoked = "已撤销"
    repaired = "已信用修复"
    exempt = "依规不公示"
    not_yet = "尚未公示"

    @property
    def public(self) -> bool:
        """Shown on the site (a record under objection stays up, marked as such)."""
        return self in (Status.active, Status.under_objection)


class SanctionState(StrEnum):
    """Where a sanction (四(三)) stands as of a date."""

    done = "已完成"
    done_late = "逾期完成"
    in_progress = "整改中"
    overdue = "已逾期"
    waived = "已免除"
    in_force = "生效中"
    ended = "已结束"
    applied = "已执行"
    """A sanction without a deadline (公开通报批评 …): applied when imposed."""
    unrecorded = "未登记"
    """A sanction the rules require that the case does not record."""


class ObjectionState(StrEnum):
    """Where an objection (六(一)) stands as of a date, against its answer deadline."""

    answered_on_time = "按期答复"
    answered_late = "逾期答复"
    pending = "办理中"
    overdue = "逾期未答复"

    @property
    def on_time(self) -> bool | None:
        """True answered in time, False late or overdue, None still within the deadline."""
        return {
            ObjectionState.answered_on_time: True,
            ObjectionState.answered_late: False,
            ObjectionState.overdue: False,
        }.get(self)


class Compensation(StrEnum):
    """Where the compensation of a promise's lawful change (依法变更, 五(三)) stands as of a date."""

    not_due = "无须补偿"
    unpaid = "补偿未支付"
    paid = "补偿已支付"
