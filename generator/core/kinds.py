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


PENALTY = RecordKind("penalty", "行政处罚", "penalty", "penalties", m.Penalty, "cf_")
LICENSE = RecordKind("license", "行政许可", "license", "licenses", m.License, "xk_")
OTHER_ACT = RecordKind("act", "其他行政行为", "act", "other-acts", m.OtherAct, "")

#: Every record kind by key, in display order.
RECORD_KINDS: dict[str, RecordKind] = {k.key: k for k in (PENALTY, LICENSE, OTHER_ACT)}
#: The same kinds by dataset folder.
KIND_OF_DATASET: dict[str, RecordKind] = {k.dataset: k for k in RECORD_KINDS.values()}
