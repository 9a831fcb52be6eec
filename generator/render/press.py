"""The press office's Markdown checked before Pelican reads it: will each file be published, and where.

Pelican writes a press update to ``updates/{slug}.html`` and a page to ``{slug}.html``
(generator/defaults.py). What it cannot place it skips with a log line, or it stops the
build with a traceback:

* a ``Slug`` with a path in it (``../../x``) is skipped as "outside output path";
* two files with one slug, or a slug that is a portal page's (``index``, ``search``),
  stop the build (Pelican refuses to write a file twice);
* ``Save_as``/``URL`` metadata can put an update anywhere, the home page included;
* a file whose name starts with a dot (``..md``) is not read at all; nor is one that is
  not UTF-8; an update without Title or Date, or with an unknown Status, is skipped.

``portal validate`` reports each as ``path:line: field: message`` (this module is the
render plugin's ``check_content`` receiver), so no update is lost without a report.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date, slugify

from .. import defaults
from ..core.problems import Problem
from . import urls

#: Folder under content → the address pattern of its files (as generator/defaults.py sets).
SAVE_AS = {folder: defaults.ARTICLE_SAVE_AS for folder in defaults.ARTICLE_PATHS} | {
    folder: defaults.PAGE_SAVE_AS for folder in defaults.PAGE_PATHS
}
#: Addresses the portal writes itself, which no Markdown file may take.
PORTAL_ADDRESSES = {urls.HOME, urls.SEARCH, urls.SITEMAP, urls.NOT_FOUND, urls.UPDATES, urls.FEEDS}
#: Python-Markdown's extensions for Markdown files (Pelican's MarkdownReader).
EXTENSIONS = {"md", "markdown", "mkd", "mdown"}
#: A slug is one path segment of letters, digits, ``-`` and ``_``, with single dots inside.
SLUG_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*(?:\.[0-9A-Za-z_-]+)*")
STATUSES = {"published", "draft", "hidden"}

# Python-Markdown's meta extension (which Pelican uses), line by line, keeping line numbers.
_META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
_END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


def metadata(text: str) -> dict[str, tuple[int, str]]:
    """``key → (line, value)`` of a Markdown file's metadata header; the first of a repeated key."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: dict[str, tuple[int, str]] = {}
    start = 1 if lines and _BEGIN_RE.match(lines[0]) else 0
    key = None
    for n, line in enumerate(lines[start:], start + 1):
        if not line.strip() or _END_RE.match(line):
            break
        m = _META_RE.match(line)
        if m:
            key = m["key"].lower()
            out.setdefault(key, (n, m["value"].strip()))
        elif not (_META_MORE_RE.match(line) and key):
            break
    return out


def _files(root: Path) -> list[tuple[str, Path]]:
    """(folder, path) of every file under the update and page folders, sorted."""
    out = []
    for folder in SAVE_AS:
        base = root / folder
        if base.is_dir():
            out += [(folder, p) for p in sorted(base.rglob("*")) if p.is_file()]
    return out


def check_markdown(root: Path, rel: Any = str) -> list[Problem]:
    """Every reason a press update or page under ``root`` would not be published where it should."""
    problems: list[Problem] = []
    taken: dict[str, tuple[str, int]] = {}
    for folder, path in _files(root):
        name = path.name
        where = rel(path)
        if any(fnmatch.fnmatch(name, p) for p in defaults.IGNORE_FILES):
            continue  # editor lock files (.#name): Pelican ignores them, and so do we
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in EXTENSIONS:
            continue
        if os.path.splitext(name)[1].lower().lstrip(".") != suffix:
            problems.append(Problem(where, 1, "文件名", "以「.」开头的文件不会被发布；请改名，如 2026-01-20-biao-ti.md"))
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            line = path.read_bytes()[: e.start].count(b"\n") + 1
            problems.append(Problem(where, line, "编码", "Markdown 文件必须是 UTF-8 编码"))
            continue
        meta = metadata(text)
        problems += _fields(where, folder, meta)
        slug_line, slug = meta.get("slug", (1, ""))
        if not slug:
            slug = slugify(path.stem, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
        if not SLUG_RE.fullmatch(slug):
            field = "Slug" if "slug" in meta else "文件名"
            problems.append(Problem(where, slug_line, field, _bad_slug(slug)))
            continue
        address = SAVE_AS[folder].format(slug=slug)
        if address in PORTAL_ADDRESSES:
            problems.append(Problem(where, slug_line, "Slug", f"「{slug}」的地址 {address} 是门户自己的页面；请换一个"))
        elif address in taken:
            first, line = taken[address]
            problems.append(Problem(where, slug_line, "Slug", f"「{slug}」与 {first}:{line} 的地址相同（{address}）"))
        else:
            taken[address] = (where, slug_line)
    return problems


def _bad_slug(slug: str) -> str:
    if not slug:
        return "文件名里没有可作网址的字母或数字；请加一行 Slug: 拼音-网址"
    return f"「{slug[:60]}」不能作网址：只能用字母、数字、- 和 _（不含 / 和 ..）"


def _fields(where: str, folder: str, meta: dict[str, tuple[int, str]]) -> list[Problem]:
    """Metadata Pelican would refuse, or that would place the page outside the portal's scheme."""
    out = []
    for key in ("save_as", "url"):
        if key in meta:
            out.append(Problem(where, meta[key][0], key.capitalize(), "不支持：网址由 Slug 决定，请删去这一行"))
    if "status" in meta and meta["status"][1].lower() not in STATUSES:
        out.append(Problem(where, meta["status"][0], "Status", f"「{meta['status'][1]}」应为 draft、hidden 或 published"))
    if not meta.get("title", (0, ""))[1]:
        out.append(Problem(where, 1, "Title", "缺少标题（Title: …）"))
    draft = meta.get("status", (0, ""))[1].lower() == "draft"
    if folder in defaults.ARTICLE_PATHS:
        line, value = meta.get("date", (1, ""))
        if not value and not draft:  # Pelican dates an undated draft itself
            out.append(Problem(where, 1, "Date", "缺少日期（Date: 2026-01-20 09:00）"))
        elif value:
            try:
                get_date(value.replace("_", " "))
            except (ValueError, OverflowError):
                out.append(Problem(where, line, "Date", f"「{value[:40]}」不是日期，应为 2026-01-20 09:00"))
    return out


def on_check_content(content: Any, **_: Any) -> list[Problem]:
    """generator.signals.check_content receiver: the Markdown beside the data."""
    root = Path(content.root)
    return check_markdown(root, lambda p: str(p.relative_to(root.parent)))
