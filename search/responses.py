"""What the portal's WSGI application answers: a status, headers and a body (bytes or a file)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, BinaryIO

#: The methods every address answers; anything else gets 405 with this list in ``Allow``.
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(ALLOWED_METHODS)


@dataclass
class Response:
    """One answer. ``file`` (an open file of ``length`` bytes) is sent instead of ``body``."""

    status: HTTPStatus
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    file: BinaryIO | None = None
    length: int | None = None

    @property
    def status_line(self) -> str:
        return f"{self.status.value} {self.status.phrase}"

    def content_length(self) -> int:
        """Bytes of the body a GET would get (HEAD announces the same)."""
        return len(self.body) if self.length is None else self.length

    def close(self) -> None:
        """Close the file, when the body is not going to be sent (HEAD, errors)."""
        if self.file is not None:
            self.file.close()


def _finite(value: Any) -> Any:
    """``value`` with infinite and NaN floats replaced by None (they are not JSON)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def json_bytes(payload: Any) -> bytes:
    """Strict JSON (never ``Infinity`` or ``NaN``, which break every client), UTF-8."""
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a non-finite number somewhere: null is what JSON can say
        text = json.dumps(_finite(payload), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def text(status: HTTPStatus, message: str = "", headers: list[tuple[str, str]] | None = None) -> Response:
    """A short plain-text answer (the status phrase when no message is given)."""
    body = (message or f"{status.value} {status.phrase}").encode("utf-8") + b"\n"
    return Response(status, [("Content-Type", "text/plain; charset=utf-8"), *(headers or [])], body)


def options(extra: list[tuple[str, str]] | None = None) -> Response:
    """The answer to OPTIONS: the methods allowed, no body."""
    return Response(HTTPStatus.NO_CONTENT, [("Allow", ALLOW), *(extra or [])])


#: The one-line reason a 405 gives.
NOT_ALLOWED = f"只支持 {ALLOW} 请求"


def not_allowed() -> Response:
    """405 for any method but GET, HEAD and OPTIONS."""
    return text(HTTPStatus.METHOD_NOT_ALLOWED, NOT_ALLOWED, [("Allow", ALLOW)])
