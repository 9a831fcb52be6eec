"""Problem reports: every defect in the content is one ``path:line: field: message`` line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

#: A report stays one readable line however long or odd the quoted value: fields and
#: messages longer than these keep their head and tail (the message's instruction).
MAX_FIELD = 80
MAX_MESSAGE = 300
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str, limit: int) -> str:
    """``text`` as part of a one-line report: line breaks shown as ⏎, control characters
    escaped, and cut in the middle when longer than ``limit``."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", _BREAK.sub("⏎", text))
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


@dataclass(frozen=True, order=True)
class Problem:
    """One defect, located in the file a clerk edits."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = one_line(self.field, MAX_FIELD) or "-"
        return f"{self.path}:{self.line}: {field}: {one_line(self.message, MAX_MESSAGE)}"


def split_field(message: str, default: str) -> tuple[str, str]:
    """Model-level checks prefix their message with ``field: ``; recover that field."""
    head, sep, rest = message.partition(": ")
    if sep and head.isidentifier():
        return head, rest
    return default, message


_PYDANTIC_MESSAGES = {
    "missing": "必填项为空",
    "extra_forbidden": "未知字段",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "too_short": "至少需要一项",
}


def describe(error: dict) -> tuple[str, str]:
    """Turn one pydantic error into (field path, Chinese message)."""
    loc = [str(p) or '""' for p in error["loc"]]  # an empty YAML key is named, not left blank
    message = error["msg"]
    if error["type"] == "value_error":
        message = str(error["ctx"]["error"]) if "ctx" in error else message
        message = message.removeprefix("Value error, ")
    elif error["type"] == "enum":
        message = f"「{error.get('input')}」不在允许的取值中：{error['ctx']['expected']}"
    elif error["type"] == "string_pattern_mismatch":
        message = f"「{error.get('input')}」格式不符（{error['ctx']['pattern']}）"
    elif error["type"] == "literal_error":
        message = f"「{error.get('input')}」不在允许的取值中：{error['ctx']['expected']}"
    elif error["type"] in _PYDANTIC_MESSAGES:
        message = _PYDANTIC_MESSAGES[error["type"]]
    field = ".".join(loc)
    if not loc:
        field, message = split_field(message, "-")
    return field, message


def from_validation_error(exc: ValidationError) -> list[tuple[str, str]]:
    """All (field, message) pairs of a pydantic ValidationError."""
    return [describe(e) for e in exc.errors(include_url=False)]


class BuildError(Exception):
    """The build stopped; ``problems`` says why, one line each."""

    def __init__(self, problems: list[Problem] | list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
