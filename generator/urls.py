"""Site-relative addresses of the portal's own pages: the one place pages, feeds, scores and search take them from.

Record permalinks (period listing + stable anchor) are in ``derive.listing_path`` and ``derive.record_key``.
"""

from __future__ import annotations


def department_url(dept_id: str) -> str:
    """Site-relative path of a department's integrity page."""
    return f"departments/{dept_id}.html"


def case_url(case_id: str) -> str:
    """Site-relative path of a case page."""
    return f"cases/{case_id}.html"


def promise_url(promise_id: str) -> str:
    """Site-relative path of a promise page."""
    return f"promises/{promise_id}.html"
