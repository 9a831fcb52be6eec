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


# --------------------------------------------------------------------------- free text, at the source

#: A separator people type inside a number: space, hyphen, dash (full-width forms too).
_SEP = r"[ \t\u3000\-\u2010-\u2015\uff0d.]?"
#: ``\d`` is Unicode-aware: full-width digits (１３８…) match as well.
_TEXT_NUMBERS = re.compile(
    rf"(?<!\d)(?:"
    rf"(?P<id>[1-9１-９](?:{_SEP}\d){{16}}{_SEP}[\dXxＸｘ])"
    rf"|(?P<mobile>[1１]{_SEP}[3-9３-９](?:{_SEP}\d){{9}})"
    rf"|(?P<landline>(?:[(（][0０]\d{{2,3}}[)）]\s?|[0０]\d{{2,3}}{_SEP})[2-8２-８]\d{{2,3}}{_SEP}\d{{4}})"
    rf")(?!\d)"
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")


def _digits(text: str) -> str:
    return "".join(c for c in text.translate(_FULL_WIDTH) if c.isdigit() or c in "Xx").upper()


def personal_numbers(text: str, landlines: bool = True) -> list[str]:
    """Kinds of personal number written in ``text``, however typed: 居民身份证号码 (valid
    check digit), 手机号码, and 固定电话 with an area code (unless ``landlines`` is False).

    Full-width digits, spaces or hyphens inside the number and letters glued to it do not
    hide it: this is the check where data enters (``portal validate``), on free-text fields.
    """
    found = []
    for m in _TEXT_NUMBERS.finditer(text):
        if m.group("id"):
            if ric.is_valid(_digits(m.group("id"))):
                found.append("居民身份证号码")
        elif m.group("mobile"):
            found.append("手机号码")
        elif landlines:
            found.append("固定电话")
    return found
