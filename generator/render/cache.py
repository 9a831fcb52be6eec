"""Pages whose inputs did not change are not rendered again: they are hard-linked from the live release.

Every portal page is ``template(global context, page context)``. Its key is the sha256 of

* the build's global key: the code and theme (every file), the package versions, and the
  Pelican context every template sees (settings, navigation, press updates, departments);
* the page's address and template name;
* its page context, walked value by value (``fingerprint``): scalars, dates, enums, lists,
  dicts, dataclasses (the derived views) and pydantic models (the records), each object once
  per build. A value of any other type makes the page uncacheable (it is rendered).

``portal build`` writes the keys of its pages beside its site (``NNNNNN/pages.json``); the
next build links a page from the live release when the live key is the same, and renders it
otherwise. Templates see ``portal`` too, for the as-of date only (``PORTAL_AS_OF`` is in the
global key): anything else a page shows must come through its page context, or this cache
cannot see it change. Hard links are safe because a release is never written after it is
finished (publish/release.py), and a link is made only into a fresh staging tree.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

#: Beside a release's site: page address → key.
KEYS_FILE = "pages.json"
#: Dataclass fields that say where a record was read (file, line), never shown on a page:
#: a row inserted above would otherwise change every later record's key.
_SOURCE_POSITION = frozenset({"path", "line"})


class Uncacheable(TypeError):
    """A page context holds a value ``fingerprint`` cannot key."""


class Fingerprints:
    """Digests of page-context values; each object is walked once per build (by identity)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self._active: set[int] = set()
        """Objects being walked: views refer to each other (an objection and its record)."""

    def digest(self, value: Any) -> bytes:
        h = hashlib.sha256()
        self._feed(h, value)
        return h.digest()

    def _object(self, value: Any) -> bytes:
        """The digest of a dataclass or model instance, memoised (the object is kept alive)."""
        hit = self._memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if id(value) in self._active:
            # A cycle: named, not walked again (its own fields are being fed further up).
            return f"cycle:{type(value).__qualname__}".encode()
        self._active.add(id(value))
        try:
            digest = self._walk(value)
        finally:
            self._active.discard(id(value))
        self._memo[id(value)] = (value, digest)
        return digest

    def _walk(self, value: Any) -> bytes:
        h = hashlib.sha256(type(value).__qualname__.encode())
        if isinstance(value, BaseModel):
            try:
                # pydantic's own serialiser (Rust) walks a record's fields ten times faster;
                # a field it cannot serialise is walked here instead.
                h.update(value.model_dump_json(round_trip=True).encode())
                return h.digest()
            except Exception:  # noqa: BLE001 - PydanticSerializationError and kin
                h = hashlib.sha256(type(value).__qualname__.encode())
            names = list(type(value).model_fields)
        else:
            names = [f.name for f in dataclasses.fields(value)]
            if _SOURCE_POSITION <= set(names):
                names = [n for n in names if n not in _SOURCE_POSITION]
        for name in names:
            h.update(name.encode() + b"=")
            self._feed(h, getattr(value, name))
        return h.digest()

    def _feed(self, h: Any, value: Any) -> None:  # noqa: C901 - one branch per kind of value
        t = type(value)
        if value is None or t in (bool, int, float, str, Decimal, date, datetime):
            h.update(f"{t.__name__}:{value!r};".encode())
        elif t is Markup:
            h.update(b"M:" + str(value).encode() + b";")
        elif isinstance(value, Enum):
            h.update(f"E:{t.__qualname__}.{value.name};".encode())
        elif isinstance(value, list | tuple):
            h.update(f"[{len(value)}".encode())
            for item in value:
                self._feed(h, item)
            h.update(b"]")
        elif isinstance(value, dict):
            h.update(f"{{{len(value)}".encode())
            for k, v in value.items():
                self._feed(h, k)
                self._feed(h, v)
            h.update(b"}")
        elif isinstance(value, set | frozenset):
            h.update(b"S" + b"".join(sorted(self.digest(v) for v in value)))
        elif isinstance(value, BaseModel) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        ):
            h.update(b"O" + self._object(value))
        elif isinstance(value, str | int | float):  # subclasses (StrEnum handled above)
            h.update(f"{t.__qualname__}:{value!r};".encode())
        else:
            raise Uncacheable(t.__qualname__)


def _content(item: Any) -> Any:
    """A Pelican article or page as the values templates show of it."""
    return [
        type(item).__name__,
        getattr(item, "save_as", ""),
        getattr(item, "url", ""),
        str(getattr(item, "title", "")),
        str(getattr(item, "date", "")),
        str(getattr(item, "category", "")),
        getattr(item, "lang", ""),
        str(getattr(item, "status", "")),
        hashlib.sha256(str(getattr(item, "content", "")).encode()).hexdigest(),
        str(getattr(item, "summary", "")),
    ]


#: The packages whose files make the pages: any edit changes every key.
_CODE = Path(__file__).resolve().parents[2]
_CODE_DIRS = ("generator", "search", "theme")
_VERSIONS = ("pelican", "jinja2", "markdown", "markupsafe", "whoosh", "pagefind", "tantivy", "pydantic")
#: Settings that say where the build writes, not what a page shows (each release has its own).
_WHERE = frozenset({"OUTPUT_PATH"})
#: Pelican context keys templates use besides the (upper-case) settings.
_CONTENT_LISTS = ("articles", "pages", "drafts", "hidden_pages", "draft_pages", "translations", "dates")


def _tree(h: Any, root: Path, label: str) -> None:
    """Every file under ``root``: relative path and bytes, in sorted order."""
    if not root.is_dir():
        h.update(f"{label}: none\n".encode())
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".pyc"):
                continue
            path = Path(dirpath) / name
            h.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            with open(path, "rb") as fh:
                h.update(hashlib.file_digest(fh, "sha256").digest())


def code_digest() -> str:
    """sha256 of the code, theme and dependency versions a build runs."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for name in _CODE_DIRS:
        _tree(h, _CODE / name, name)
    for package in _VERSIONS:
        try:
            h.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{package} -\n".encode())
    return h.hexdigest()


def global_key(context: dict, code: str, as_of: date) -> str:
    """The key every page shares: the code and theme, the as-of date and the Pelican context
    templates read (the upper-case settings, the press updates, pages and categories)."""
    prints = Fingerprints()
    h = hashlib.sha256(f"{code}\0{as_of.isoformat()}\0".encode())
    for name in sorted(context):
        if name in _WHERE or not (
            name.isupper() or name in _CONTENT_LISTS or name in ("categories", "tags", "authors")
        ):
            continue  # Pelican's and the portal's internals (the Portal itself, the writer's state)
        value = context[name]
        if name in _CONTENT_LISTS:
            value = [_content(a) for a in value or []]
        elif name in ("categories", "tags", "authors"):
            value = [[str(c), [_content(a) for a in items]] for c, items in value or []]
        try:
            h.update(name.encode() + b"=" + prints.digest(value))
        except Uncacheable:
            # Functions, generators, Pelican internals: named by type only. Their behaviour is
            # code, and the code is in ``code``.
            h.update(f"{name}=<{type(value).__qualname__}>".encode())
    return h.hexdigest()


class PageCache:
    """Keys of this build's pages; links unchanged ones from the live release."""

    def __init__(self, output: Path, live_site: Path | None, global_key: str) -> None:
        self.output = Path(output)
        self.live = Path(live_site) if live_site else None
        self.global_key = global_key
        self.prints = Fingerprints()
        self.keys: dict[str, str] = {}
        self.reused = 0
        self.rendered = 0
        self._live_keys = self._read(self.live.parent / KEYS_FILE) if self.live else {}

    @staticmethod
    def _read(path: Path) -> dict[str, str]:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def key(self, template: str, save_as: str, context: dict[str, Any]) -> str | None:
        """The page's key, or None when its context holds a value that cannot be keyed."""
        h = hashlib.sha256(f"{self.global_key}\0{template}\0{save_as}\0".encode())
        try:
            for name in sorted(context):
                if name == "portal":
                    continue  # the as-of date only: in the global key (see the module docstring)
                h.update(name.encode() + b"=" + self.prints.digest(context[name]))
        except Uncacheable:
            return None
        return h.hexdigest()

    def reuse(self, save_as: str, key: str | None) -> bool:
        """Link the live release's page when its key is ``key``; True when done."""
        if key is None or self.live is None or self._live_keys.get(save_as) != key:
            return False
        target = self.output / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.live / save_as, target)
        except OSError:
            return False
        self.keys[save_as] = key
        self.reused += 1
        return True

    def rendered_page(self, save_as: str, key: str | None) -> None:
        """Record the key of a page just rendered."""
        self.rendered += 1
        if key is not None:
            self.keys[save_as] = key

    def save(self) -> None:
        """Write the keys beside the site (``NNNNNN/pages.json``)."""
        path = self.output.parent / KEYS_FILE
        path.write_text(json.dumps(self.keys, ensure_ascii=False, sort_keys=True), "utf-8")
