"""Field types shared by the data models: Chinese dates, 统一社会信用代码, resident ID numbers.

Each type parses what real department exports contain and fails with a message
a clerk can act on; the message becomes the ``message`` part of a problem report.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated

from pydantic import BeforeValidator
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

#: 有效期至 ``2099/12/31`` is how exports say "long-term" (长期).
LONG_TERM = date(2099, 12, 31)

_DATE_RE = re.compile(r"^(\d{4})\s*[/\-年.]\s*(\d{1,2})\s*[/\-月.]\s*(\d{1,2})\s*日?$")
# Excel shows 18-digit numbers as 9.13701E+17, losing every digit after the 6th.
_SCIENTIFIC_RE = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_MASKED_ID_RE = re.compile(r"^\d{6}\*{8,12}[\dXx*]{0,4}$")


def parse_cn_date(value: object) -> date | None:
    """Parse ``YYYY/MM/DD``, ``YYYY-MM-DD`` or ``YYYY年MM月DD日``; empty means no date."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"「{text}」不是日期，应为 YYYY/MM/DD、YYYY-MM-DD 或 YYYY年MM月DD日")
    y, mo, d = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"「{text}」是不存在的日期") from None


def check_not_scientific(text: str) -> None:
    """Refuse a code that Excel turned into scientific notation (e.g. ``9.13701E+17``)."""
    if _SCIENTIFIC_RE.match(text):
        raise ValueError(
            f"「{text}」被 Excel 转成了科学计数法，原代码已丢失；请把该列设为文本格式后重新导出"
        )


def parse_uscc(value: object) -> str | None:
    """Validate a 统一社会信用代码 (GB 32100-2015) with its check digit."""
    if value is None:
        return None
    text = str(value).strip().upper()
    return _validate_uscc(text) if text else None


@lru_cache(maxsize=1 << 16)
def _validate_uscc(text: str) -> str:
    # Authorities' and frequent parties' codes repeat on every row; stdnum's cleaning is slow.
    check_not_scientific(text)
    try:
        return uscc.validate(text)
    except InvalidLength:
        raise ValueError(f"「{text}」长度为 {len(text)}，统一社会信用代码应为 18 位") from None
    except InvalidChecksum:
        raise ValueError(f"「{text}」校验位错误") from None
    except ValidationError:
        raise ValueError(f"「{text}」含有统一社会信用代码不允许的字符") from None


def mask_id_number(number: str) -> str:
    """Mask a resident ID as real exports do: keep the 6-digit region, hide the rest."""
    return number[:6] + "*" * (len(number) - 6)


def parse_resident_id(value: object) -> str | None:
    """Validate a 居民身份证号码 (GB 11643) and return it masked; never keep the full number.

    An already masked number (``370103************``) is accepted as it is:
    it cannot be validated, and need not be.
    """
    if value is None:
        return None
    text = str(value).strip().upper()
    if not text:
        return None
    check_not_scientific(text)
    if _MASKED_ID_RE.match(text):
        return mask_id_number(text)
    try:
        ric.validate(text)
    except InvalidChecksum:
        raise ValueError("身份证号码校验位错误（号码未显示，以免泄露）") from None
    except InvalidComponent:
        raise ValueError("身份证号码的出生日期或地区码无效（号码未显示）") from None
    except ValidationError:
        raise ValueError("身份证号码格式错误（应为 18 位；号码未显示）") from None
    return mask_id_number(text)


#: The largest amount accepted, in 万元 (1 万亿元): above it a cell is a typo or an attack.
MAX_WAN = Decimal("100000000")
#: Decimal places accepted in 万元: 6 is one 分.
MAX_PLACES = 6


def parse_amount(value: object) -> Decimal | None:
    """An amount in 万元: a finite number from 0 to MAX_WAN with at most 6 decimal places.

    Empty means none. Thousands separators are tolerated; ``1e400``, ``NaN`` and
    ``Infinity`` are refused, so every page, data file and API answer gets a real number.
    """
    if value is None:
        return None
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"「{text[:40]}」不是金额（单位：万元）") from None
    if not amount.is_finite():
        raise ValueError(f"「{text[:40]}」不是有限的金额（单位：万元）")
    if amount < 0:
        raise ValueError(f"金额不能为负数：{text}")
    if amount > MAX_WAN:
        raise ValueError(f"金额「{text[:40]}」超过上限 {MAX_WAN} 万元，请核对单位（万元）")
    if amount.as_tuple().exponent < -MAX_PLACES:
        raise ValueError(f"金额「{text[:40]}」小数位过多（万元最多 {MAX_PLACES} 位小数）")
    return amount


def empty_to_none(value: object) -> object:
    """CSV cells are strings: an empty cell is an absent value."""
    if isinstance(value, str) and not value.strip():
        return None
    return value.strip() if isinstance(value, str) else value


CNDate = Annotated[date, BeforeValidator(parse_cn_date)]
USCC = Annotated[str, BeforeValidator(parse_uscc)]
WanYuan = Annotated[Decimal, BeforeValidator(parse_amount)]
Text = Annotated[str, BeforeValidator(empty_to_none)]
