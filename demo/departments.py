"""The department directory of 示例区: ``DEPARTMENTS`` (from ``data/departments.yaml``).

Each ``Dept`` says what the body decides (penalty fields, licence and act kinds), how
much, and how its export writes dates; its 统一社会信用代码 follows from its kind and
its position in the directory. ``department_records()`` is content/data/departments.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.core.models import DepartmentKind

from .codes import (
    PREFIX_INSTITUTION,
    PREFIX_ORGAN,
    PREFIX_RESIDENTS_COMMITTEE,
    PREFIX_VILLAGERS_COMMITTEE,
    make_uscc,
)
from .datafiles import load


@dataclass(frozen=True)
class Dept:
    """A sample department and what it decides."""

    id: str
    name: str
    kind: DepartmentKind
    abbr: str
    """Abbreviation in its document numbers, e.g. 市监 in 示市监处罚〔2025〕12号."""
    penalty_fields: tuple[str, ...] = ()
    licence_kinds: tuple[str, ...] = ()
    act_kinds: tuple[str, ...] = ()
    weight: float = 1.0
    """Relative volume of its decisions."""
    dates: str = "slash"
    """How its export writes dates: slash / dash / cn."""
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    order: int | None = None
    """部门排序: the district's official order of its bodies."""

    @property
    def uscc(self) -> str:
        return DEPT_USCC[self.id]

    def make_code(self, index: int) -> str:
        """The body's 统一社会信用代码: prefix by kind, then a stable organisation code."""
        prefix = {
            DepartmentKind.district_department: PREFIX_ORGAN,
            DepartmentKind.subdistrict_office: PREFIX_ORGAN,
            DepartmentKind.public_institution: PREFIX_INSTITUTION,
        }.get(self.kind)
        if prefix is None:
            prefix = (
                PREFIX_VILLAGERS_COMMITTEE
                if self.name.endswith("村民委员会")
                else PREFIX_RESIDENTS_COMMITTEE
            )
        return make_uscc(prefix, f"{70410000 + 137 * index:08d}")


def _dept(entry: dict[str, Any]) -> Dept:
    """A Dept from its entry in departments.yaml (kind by its Chinese name, lists as tuples)."""
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
    return Dept(**(fields | {"kind": DepartmentKind(entry["kind"])}))


DEPARTMENTS: tuple[Dept, ...] = tuple(_dept(entry) for entry in load("departments"))
DEPT_BY_ID = {d.id: d for d in DEPARTMENTS}
DEPT_USCC = {d.id: d.make_code(i) for i, d in enumerate(DEPARTMENTS)}


#: Marks every sample contact value: the numbers and addresses reach no real office.
DEMO_MARK = "（演示数据）"


def demo_phone(index: int) -> str:
    """A body's objection line in the sample: area code 0000, which no real line has."""
    return f"0000-86{index + 1:02d}0000{DEMO_MARK}"


def demo_address(d: Dept, index: int) -> str:
    """Where a sample body receives objections: a window in the district's service centre,
    or the street office's or committee's own service hall."""
    if d.kind in (DepartmentKind.district_department, DepartmentKind.public_institution):
        return f"示例区政务服务中心{index % 4 + 2}楼{d.name.removeprefix('示例区')}窗口{DEMO_MARK}"
    return f"{d.name}便民服务大厅{DEMO_MARK}"


def department_records() -> list[dict]:
    """departments.yaml: every sample body, its code, kind, order, aliases and public contact."""
    out = []
    for index, d in enumerate(DEPARTMENTS):
        item: dict[str, Any] = {"id": d.id, "name": d.name, "uscc": d.uscc, "kind": d.kind.value}
        if d.order is not None:
            item["order"] = d.order
        if d.aliases:
            item["aliases"] = list(d.aliases)
        if d.parent:
            item["parent"] = d.parent
        office = "办公室" if d.kind != DepartmentKind.grassroots_autonomy else "便民服务室"
        item["contact"] = f"{d.name}{office}（演示数据，非真实联系方式）"
        item["phone"] = demo_phone(index)
        item["address"] = demo_address(d, index)
        out.append(item)
    return out
