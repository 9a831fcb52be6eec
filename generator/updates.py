"""Draft press updates (工作动态) for the press office: ``portal new-update "标题"``.

The file gets every metadata field Pelican and the site need (Title, Date,
Category, an ASCII Slug for the URL, Summary, Status: draft) and a body
skeleton; the press office fills in the text and removes ``Status: draft`` to
publish. An existing file is never overwritten.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from unidecode import unidecode

#: Words of the pinyin slug kept in the file name and URL; enough to recognise the title.
SLUG_WORDS = 8


class UpdateExists(FileExistsError):
    """The draft's file is already there; nothing was written."""


def slugify(title: str) -> str:
    """A short, stable ASCII slug: the title's first pinyin syllables (or a hash if none)."""
    # Spaces around each CJK character keep syllables apart from digits (2026年 → 2026 nian).
    spaced = "".join(f" {unidecode(c)} " if ord(c) >= 0x2E80 else c for c in title)
    words = re.findall(r"[a-z0-9]+", unidecode(spaced).lower())
    slug = "-".join(words[:SLUG_WORDS])
    return slug or "update-" + hashlib.sha1(title.encode()).hexdigest()[:8]


def _metadata_value(text: str) -> str:
    """One line of Pelican metadata: no line breaks, trimmed."""
    return " ".join(text.split())


def render_update(title: str, category: str, day: date, slug: str) -> str:
    """The Markdown text of a new draft update."""
    title, category = _metadata_value(title), _metadata_value(category)
    return (
        f"Title: {title}\n"
        f"Date: {day:%Y-%m-%d} 09:00\n"
        f"Category: {category}\n"
        f"Slug: {slug}\n"
        f"Summary: {title}（摘要待填写，一两句话，显示在列表和订阅中）\n"
        "Status: draft\n"
        "\n"
        "<!-- 发布前：补全摘要和正文，删去 Status: draft 一行。不要写入个人电话、身份证号码或住址。 -->\n"
        "\n"
        "## 基本情况\n"
        "\n"
        "（何时、何地、哪个部门、做了什么。）\n"
        "\n"
        "## 主要内容\n"
        "\n"
        "（要点分条列出；引用文件写明文号。）\n"
        "\n"
        "## 下一步工作\n"
        "\n"
        "（后续安排和公众可以怎样参与或监督。）\n"
    )


def new_update(
    content: Path, title: str, category: str = "工作动态", day: date | None = None
) -> Path:
    """Write ``content/updates/<YYYY-MM-DD>-<slug>.md`` as a draft; refuse to overwrite."""
    if not title.strip():
        raise ValueError("标题不能为空")
    day = day or date.today()
    slug = slugify(title)
    folder = Path(content) / "updates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day:%Y-%m-%d}-{slug}.md"
    try:
        with path.open("x", encoding="utf-8") as fh:  # "x": fails if the file exists, atomically
            fh.write(render_update(title, category, day, f"{day:%Y-%m-%d}-{slug}"))
    except FileExistsError:
        raise UpdateExists(f"{path} 已存在，未覆盖；请修改标题或日期，或直接编辑该文件") from None
    return path
