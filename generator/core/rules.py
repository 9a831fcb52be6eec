"""Publicity rules and deadlines, read from ``content/data/rules.yaml``.

Several of these values are local practice rather than verified national rules
(see DOMAIN.md), so they are configuration with documented defaults.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .models import Model


class Rules(Model):
    """Deadlines, publicity periods and privacy practice the portal applies."""

    publish_within_workdays: int = Field(7, ge=1)
    """Working days after the decision within which a record must be online (五(一))."""
    objection_answer_workdays: int = Field(10, ge=1)
    """Working days within which the provider answers an objection (六(一))."""
    penalty_min_months: int = Field(3, ge=0)
    """Minimum publicity of a penalty, months from the decision; credit repair cannot end it sooner."""
    penalty_min_months_serious: int = Field(12, ge=0)
    """Minimum publicity for penalties in the serious fields below."""
    serious_fields: list[str] = ["特种设备", "安全生产", "消防"]
    """Words which, found in 违法行为类型 or 处罚依据, put a penalty in the serious fields."""
    penalty_max_years: int = Field(3, ge=1)
    """Maximum publicity of a penalty, years from the decision, unless 公示截止期 says otherwise."""
    license_max_years: int = Field(3, ge=1)
    """Publicity of a licence, years from the decision (it also ends when revoked or cancelled)."""
    act_max_years: int = Field(3, ge=1)
    """Publicity of other administrative acts, years from the decision."""
    case_max_years: int = Field(3, ge=1)
    """Publicity of a dishonesty case, years from exposure, unless the case sets its own end."""
    civil_servant_max_years: int = Field(3, ge=1)
    """Publicity of a civil-servant record, years from the decision, unless it sets its own end."""
    unpublished_penalty_types: list[str] = []
    """处罚类别 values that are not published when they are the only sanction (e.g. 警告)."""
    natural_person_names: Literal["full", "masked"] = "masked"
    """How natural persons' names appear in 双公示 records: full, or masked as 张某."""
    honours_ban_years: int = Field(1, ge=0)
    """Default length of 取消荣誉评选资格 when a sanction gives no end date."""
    debtor_restrictions: list[str] = [
        "不得获得各级政府的补贴、补助资金",
        "不得获得融资授信",
        "投资项目不予审批",
        "财政只保障工资和民生支出，其余拨款一律暂停",
    ]
    """Restrictions (四(三)) on a body listed as 失信被执行人, shown until the listing is lifted."""
    revoked_license_states: list[str] = ["撤销", "注销", "吊销"]
    """当前状态 values that withdraw a licence."""
