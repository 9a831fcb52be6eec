"""Build-time leak scan: no file of the output may hold a full resident ID or a mobile number.

The last guard: it reads every written file, whatever produced it (a template, a feed,
a data file), with the same rule as everything else (core/privacy.py).
"""

from __future__ import annotations

from pathlib import Path

from ..core.privacy import find_leaks
from ..core.problems import Problem

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
