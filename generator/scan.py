"""Build-time leak scan: no file of the output may hold a full resident ID or a mobile number.

The models mask what they know to be ID numbers; this scan catches what slipped
through anywhere else (free text, a template, a search index), in every file.
"""

from __future__ import annotations

import re
from pathlib import Path

from stdnum.cn import ric

from .problems import Problem

# A resident ID: 17 digits and a check character, not inside a longer run of digits.
_ID_RE = re.compile(rb"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
# A mainland mobile number: 1[3-9] and 9 more digits, standing alone. Digits glued to
# letters are identifiers (a record anchor like r18483364749c, a 许可编号), not phones.
_MOBILE_RE = re.compile(rb"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
#: Files not scanned: binary formats where digit runs are not text.
_BINARY = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".woff",
    ".woff2",
    ".ico",
    ".pf_fragment",
    ".pf_index",
    ".pf_meta",
    ".pagefind",
}


def find_leaks(data: bytes) -> list[tuple[int, str]]:
    """(line, kind) of each full resident ID (valid check digit) or mobile number in ``data``."""
    hits = []
    for m in _ID_RE.finditer(data):
        if ric.is_valid(m.group().decode()):
            hits.append((data.count(b"\n", 0, m.start()) + 1, "居民身份证号码"))
    for m in _MOBILE_RE.finditer(data):
        hits.append((data.count(b"\n", 0, m.start()) + 1, "手机号码"))
    return hits


def scan_tree(root: Path) -> list[Problem]:
    """One Problem per leak in any file under ``root`` (paths relative to it)."""
    problems = []
    for path in sorted(Path(root).rglob("*")):
        if not path.is_file() or path.suffix.lower() in _BINARY:
            continue
        for line, kind in find_leaks(path.read_bytes()):
            rel = path.relative_to(root).as_posix()
            problems.append(
                Problem(rel, line, kind, "输出文件含完整个人号码，构建已中止（号码未显示）")
            )
    return problems
