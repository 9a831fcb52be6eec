"""The built site's files, as ``portal serve`` gives them: files only, never outside the site.

* The site root is resolved for every request: the live path is a link that each build
  switches to a new release (generator/publish/release.py), and a running server must serve
  the new release from the next request on. One request reads one release throughout.
* No directory listings: a directory serves its ``index.html`` or the 404 page.
* No way out of the site: ``..`` segments are refused (also when sent encoded, ``%2e%2e``:
  the server decodes the path before it gets here), hidden names (``.git``) are refused,
  and every path is resolved (symbolic links followed) and must stay inside the release.
* Text is labelled UTF-8; Pagefind's own files (``*.pf_*``) are plain bytes.
* Text and scripts go gzip-compressed to clients that accept it (as nginx's
  ``gzip`` does, docs/deployment.md): a search page fetches about 40 % fewer bytes. Each
  file is compressed once per release and kept (``_gzipped``), never per request.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import re
import stat
from email.utils import formatdate, parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

from . import responses
from .responses import Response

NOT_FOUND_PAGE = "404.html"
INDEX = "index.html"
#: The one hidden name a site may need to publish (security.txt and the like, RFC 8615).
VISIBLE_DOTTED = {".well-known"}

#: Types of the files the portal writes; anything else is looked up, then octet-stream.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".sha256": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Types sent gzip-compressed to clients that accept it. Pagefind's index files are gzip
#: already (octet-stream), images are compressed in themselves.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml", "image/svg+xml")
#: Larger files (the open-data CSV of a whole district) are sent as they are, streamed.
MAX_GZIP_BYTES = 8 * 1024 * 1024
#: Feeds: ``feeds/updates.atom.xml``.
ATOM = ".atom.xml"
OCTETS = "application/octet-stream"
#: Relative links in the 404 page (``href="./theme/…"``) point at the site root.
_RELATIVE_LINK = re.compile(rb'(\s(?:href|src)=")\./')


def content_type(name: str) -> str:
    """The Content-Type of a file name: text in UTF-8, unknown types as plain bytes."""
    if name.endswith(ATOM):
        return "application/atom+xml; charset=utf-8"
    suffix = os.path.splitext(name)[1].lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed = mimetypes.guess_type(name, strict=True)[0]
    if guessed is None:
        return OCTETS
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def url_parts(path_info: str) -> list[str] | None:
    """The segments of a WSGI PATH_INFO, or None when the path may not be served.

    PATH_INFO holds the decoded path's bytes as Latin-1 (PEP 3333): they are read as UTF-8.
    Empty and ``.`` segments are dropped; ``..``, hidden names and NUL refuse the path.
    """
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p.startswith(".") and p not in VISIBLE_DOTTED for p in parts):
        return None  # "..", ".git", ".htaccess", ".env"
    return parts


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().lower().removeprefix("q=").strip()
            try:
                return not params.strip() or float(q) > 0
            except ValueError:
                return True
    return False


@lru_cache(maxsize=512)
def _gzipped(path: str, inode: int, mtime_ns: int, size: int) -> bytes:
    """A file's bytes gzip-compressed; keyed by inode and mtime, so a new release is read anew.

    mtime 0 in the gzip header: the same file compresses to the same bytes.
    """
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=6, mtime=0)


def _inside(root: Path, path: Path) -> bool:
    return path == root or root in path.parents


def _modified_since(header: str | None, mtime: float) -> bool:
    """False when the client's copy (If-Modified-Since) is as new as the file."""
    if not header:
        return True
    try:
        since = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return True
    return int(mtime) > since


class SiteFiles:
    """Answers GET and HEAD with the files of the site behind the live path ``site``."""

    def __init__(self, site: Path) -> None:
        self.site = Path(site).absolute()  # not resolved: the link moves with each release

    def __call__(self, method: str, path_info: str, environ: dict) -> Response:
        """The answer to a request for ``path_info`` (decoded, as WSGI gives it)."""
        if method == "OPTIONS":
            return responses.options()
        if method not in ("GET", "HEAD"):
            return responses.not_allowed()
        root = self.site.resolve()
        if not root.is_dir():
            return responses.text(HTTPStatus.SERVICE_UNAVAILABLE, "网站尚未生成：先运行 portal build")
        parts = url_parts(path_info)
        if parts is None:
            return self.not_found(root, environ)
        target = root.joinpath(*parts).resolve()
        if not _inside(root, target):
            return self.not_found(root, environ)  # a link pointing out of the site
        if target.is_dir():
            index = (target / INDEX).resolve()
            if not (_inside(root, index) and index.is_file()):
                return self.not_found(root, environ)  # no listing, ever
            if parts and not path_info.endswith("/"):
                return self._to_directory(parts, environ)
            target = index
        return self._file(target, environ) or self.not_found(root, environ)

    def _to_directory(self, parts: list[str], environ: dict) -> Response:
        """301 to the directory's address with its slash (its relative links need it).

        The location is built from the checked segments, so ``//evil.example`` cannot
        come out of it as an address on another host.
        """
        location = environ.get("SCRIPT_NAME", "") + "/" + "/".join(quote(p) for p in parts) + "/"
        if environ.get("QUERY_STRING"):
            location += "?" + environ["QUERY_STRING"]
        return responses.text(HTTPStatus.MOVED_PERMANENTLY, location, [("Location", location)])

    def _file(self, path: Path, environ: dict) -> Response | None:
        """A regular file's answer (304 when the client's copy is current); None if absent."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        f = os.fdopen(fd, "rb")
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            f.close()
            return None
        kind = content_type(path.name)
        headers = [("Content-Type", kind), ("Last-Modified", formatdate(info.st_mtime, usegmt=True))]
        compressible = kind.startswith(COMPRESSIBLE) and info.st_size <= MAX_GZIP_BYTES
        if compressible:
            headers.append(("Vary", "Accept-Encoding"))  # caches keep both forms apart
        if not _modified_since(environ.get("HTTP_IF_MODIFIED_SINCE"), info.st_mtime):
            f.close()
            return Response(HTTPStatus.NOT_MODIFIED, headers[1:])
        if compressible and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")):
            f.close()
            body = _gzipped(str(path), info.st_ino, info.st_mtime_ns, info.st_size)
            return Response(HTTPStatus.OK, [*headers, ("Content-Encoding", "gzip")], body)
        return Response(HTTPStatus.OK, headers, file=f, length=info.st_size)

    def not_found(self, root: Path, environ: dict) -> Response:
        """404 with the site's own 404 page (its relative links made absolute), or plain text."""
        page = root / NOT_FOUND_PAGE
        try:
            body = page.read_bytes() if _inside(root, page.resolve()) else None
        except OSError:
            body = None
        if body is None:
            return responses.text(HTTPStatus.NOT_FOUND, "404 未找到该页面")
        prefix = environ.get("SCRIPT_NAME", "").encode("latin-1") + b"/"
        body = _RELATIVE_LINK.sub(lambda m: m.group(1) + prefix, body)
        return Response(HTTPStatus.NOT_FOUND, [("Content-Type", TYPES[".html"])], body)
