"""Personal numbers in text: full resident IDs (with a valid check digit) and mobile numbers.

The models mask what they know to be ID numbers; ``find_leaks`` catches what slipped
through anywhere else. The build's last guard (publish/scan.py) and the search indexes use it.
"""

from __future__ import annotations

import re

from stdnum.cn import ric

# A resident ID: 17 digits and a check character, not inside a longer run of digits.
_ID_RE = re.compile(rb"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
# A mainland mobile number: 1[3-9] and 9 more digits, standing alone. Digits glued to
# letters are identifiers (a record anchor like r18483364749c, a 许可编号), not phones.
_MOBILE_RE = re.compile(rb"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def find_leaks(data: bytes) -> list[tuple[int, str]]:
    """(line, kind) of each full resident ID (valid check digit) or mobile number in ``data``."""
    hits = []
    for m in _ID_RE.finditer(data):
        if ric.is_valid(m.group().decode()):
            hits.append((data.count(b"\n", 0, m.start()) + 1, "居民身份证号码"))
    for m in _MOBILE_RE.finditer(data):
        hits.append((data.count(b"\n", 0, m.start()) + 1, "手机号码"))
    return hits
