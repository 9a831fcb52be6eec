"""The one table of administrative-act record kinds (双公示 and the other acts of 五(一)).

Everything that names a kind — the loader's CSV folders, objection targets, record
anchors, page addresses, search types, evaluation filters — reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import models as m


@dataclass(frozen=True)
class RecordKind:
    """One kind of administrative-act record and every name it goes by."""

    key: str
    """Short key: record anchors, objection targets (``penalty:文号``), search types."""
    label: str
    """The Chinese name: 行政处罚 / 行政许可 / 其他行政行为."""
    slug: str
    """URL slug of its period listings (``shuanggongshi/<dept>/<slug>-<year>.html``)."""
    dataset: str
    """Folder of its CSV exports under ``content/data``."""
    model: type[BaseModel]
    """The pydantic model of one row."""
    code_prefix: str
    """Prefix of the national pinyin column codes (``cf_`` for penalties, ``xk_`` for licences)."""
    layout: tuple[str, ...]
    """The national column layout (DOMAIN.md) as model field names, in order: the open-data
    files keep it so the city platform ingests them unchanged. Other acts have no national
    layout; theirs is the model's order, shaped like the 双公示 one."""


#: The 行政相对人 columns every 双公示 layout starts with.
SUBJECT_LAYOUT = (
    "subject_name",
    "subject_kind",
    "subject_uscc",
    "subject_business_reg",
    "subject_org_code",
    "subject_tax_reg",
    "subject_institution_cert",
    "subject_social_org_cert",
    "legal_rep",
    "legal_rep_id_type",
    "legal_rep_id",
    "subject_id_type",
    "subject_id",
)
PENALTY_LAYOUT = (
    *SUBJECT_LAYOUT,
    "decision_no",
    "violation_type",
    "facts",
    "legal_basis",
    "penalty_type",
    "content",
    "fine",
    "confiscated",
    "license_affected",
    "decided_on",
    "valid_until",
    "publicity_until",
    "authority",
    "authority_uscc",
    "source",
    "source_uscc",
    "remarks",
)
LICENSE_LAYOUT = (
    *SUBJECT_LAYOUT,
    "document_name",
    "decision_no",
    "category",
    "certificate_name",
    "license_no",
    "content",
    "decided_on",
    "valid_from",
    "valid_until",
    "authority",
    "authority_uscc",
    "state",
    "source",
    "source_uscc",
    "remarks",
)
#: The subject's registration numbers other than the 统一社会信用代码, for bodies that predate
#: it (工商注册号, 组织机构代码, 税务登记号, 事业单位证书号, 社会组织登记证号).
OLD_REGISTRATION_CODES = SUBJECT_LAYOUT[3:8]

PENALTY = RecordKind("penalty", "行政处罚", "penalty", "penalties", m.Penalty, "cf_", PENALTY_LAYOUT)
LICENSE = RecordKind("license", "行政许可", "license", "licenses", m.License, "xk_", LICENSE_LAYOUT)
OTHER_ACT = RecordKind(
    "act", "其他行政行为", "act", "other-acts", m.OtherAct, "", tuple(m.OtherAct.model_fields)
)

#: Every record kind by key, in display order.
RECORD_KINDS: dict[str, RecordKind] = {k.key: k for k in (PENALTY, LICENSE, OTHER_ACT)}
#: The same kinds by dataset folder.
KIND_OF_DATASET: dict[str, RecordKind] = {k.dataset: k for k in RECORD_KINDS.values()}
