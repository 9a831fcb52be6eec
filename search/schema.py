"""What a search document is: the one dataclass every index is fed, and the document types.

Kept apart from ``documents`` (which makes them from the Portal) so that the query side
(``portal search``, ``portal serve``) starts without loading the build's modules.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from generator.core.kinds import RECORD_KINDS

#: Document types → Chinese label (the ``type`` field and the filters use the keys).
TYPES: dict[str, str] = {
    **{k.key: k.label for k in RECORD_KINDS.values()},
    "case": "案例",
    "promise": "政府承诺",
    "department": "部门诚信档案",
    "update": "工作动态",
}

@dataclass(frozen=True)
class SearchDocument:
    """One searchable thing with a permalink; every field is plain text or a scalar."""

    type: str
    id: str
    """Unique across types, e.g. ``penalty:示市监罚〔2025〕1号`` or ``case:overdue-contract``."""
    url: str
    """Site-relative permalink (no leading slash) so it works under any mirror path."""
    title: str
    body: str
    subject: str = ""
    """相对人名称 (or a promise's counterparty) as published."""
    uscc: str = ""
    """The subject's 统一社会信用代码 (a department document: the department's own)."""
    decision_no: str = ""
    """文号."""
    dept: str = ""
    """Department id."""
    dept_name: str = ""
    amount: Decimal | None = None
    """万元."""
    date: date | None = None
    category: str = ""
    """Sub-kind: 处罚类别, 许可类别, 案例类别, 承诺类别, 动态栏目 …"""

    @property
    def type_label(self) -> str:
        return TYPES.get(self.type, self.type)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (dates ISO, amounts as strings to keep their digits)."""
        # Every field is a scalar: a shallow copy is asdict()'s answer without its deep copies
        # (a third of a 68,000-document index build went there).
        out = {f.name: getattr(self, f.name) for f in _FIELDS}
        out["date"] = self.date.isoformat() if self.date else None
        out["amount"] = str(self.amount) if self.amount is not None else None
        return out

    @property
    def digest(self) -> str:
        """Content hash: a document is re-indexed only when this changes."""
        text = json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


_FIELDS = fields(SearchDocument)
