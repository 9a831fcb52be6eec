"""Problem reports: every defect in the content is one ``path:line: field: message`` line."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    """One defect, located in the file a clerk edits."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


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
    loc = [str(p) for p in error["loc"]]
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
