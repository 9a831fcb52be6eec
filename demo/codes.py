"""Identification numbers of the sample: 统一社会信用代码 and resident ID numbers.

Every number is synthetic but has correct check characters, so the loader's checks
(python-stdnum) accept it. The registration region 379901 belongs to no real county.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric, uscc

#: Registration-authority region of 示例区: no real county uses 3799xx, as 示例区 does not exist.
REGION = "379901"
#: Birth-place codes for synthetic resident IDs: real codes valid for births 1958–2005,
#: because stdnum.cn.ric (and so the loader) checks the region against the birth year.
BIRTH_REGIONS = (
    "110101",
    "110102",
    "110105",
    "110108",
    "120101",
    "120102",
    "120103",
    "310101",
    "310104",
)

# GB 32100 registration-authority + organisation-kind prefixes.
PREFIX_ORGAN = "11"  # 机构编制 · 机关
PREFIX_INSTITUTION = "12"  # 机构编制 · 事业单位
# 民政 assigns 居民委员会 and 村民委员会 their codes: 55 for 居民委员会, 54 for 村民委员会
# (the 民政 kinds added after GB 32100-2015's original table; checked validators list 54/55).
PREFIX_RESIDENTS_COMMITTEE = "55"
PREFIX_VILLAGERS_COMMITTEE = "54"
PREFIX_COMPANY = "91"
PREFIX_SOLE_TRADER = "92"


def org_code(body: str) -> str:
    """GB 11714 organisation code: 8 characters plus its check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    check = 11 - sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix: str, body: str) -> str:
    """A 统一社会信用代码 with a correct check digit: prefix, 示例区 region, organisation code."""
    base = prefix + REGION + org_code(body)
    return base + uscc.calc_check_digit(base)


def make_resident_id(rng: random.Random) -> str:
    """A synthetic 18-digit resident ID that passes stdnum.cn.ric (masked when loaded)."""
    born = date(1958, 1, 1) + timedelta(days=rng.randrange(365 * 47))
    base = f"{rng.choice(BIRTH_REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return base + ric.calc_check_digit(base + "0")
