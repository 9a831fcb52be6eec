"""The publish history on the site: a 更新记录 page and a delta file per publish day, a feed.

Made from ``Portal.publishes`` (the publish ledger's record, generator/publish/ledger.py).
A withdrawn record leaves no trace: its entries carry the opaque id alone (DEL: the id and
the reason category), never its 文号, name, page or content. Delta files are JSON, one per
publish day, sorted as the ledger recorded them, so a mirror can apply them in order.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..core.derive import Portal
from ..core.history import Change, ChangeOp, PublishDay, WithdrawalReason
from . import feeds, urls

#: Links listed per operation on one day's page; a first publish adds every record, and the
#: delta file lists them all.
PAGE_LINKS = 500


def delta_entry(c: Change) -> dict[str, Any]:
    """One delta entry: op and opaque id; kind and permalink while public; DEL: the reason."""
    entry: dict[str, Any] = {"op": c.op.value, "id": c.opaque_id}
    if c.op == ChangeOp.delete:
        entry["reason"] = c.reason.value if c.reason else None
    elif c.kind:
        entry.update(kind=c.kind, url=c.url)
    return entry


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_delta_files(output: Path, days: list[PublishDay]) -> None:
    """``data/changes/<day>.json`` per publish day and ``data/changes/index.json``."""
    index = []
    for day in days:
        path = output / urls.delta_url(day.day)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            _json({"date": day.day.isoformat(), "changes": [delta_entry(c) for c in day.changes]})
        )
        index.append(
            {
                "date": day.day.isoformat(),
                "url": urls.delta_url(day.day),
                **{op.value: day.count(op) for op in ChangeOp},
            }
        )
    (output / urls.DELTA_INDEX).parent.mkdir(parents=True, exist_ok=True)
    (output / urls.DELTA_INDEX).write_bytes(_json({"publishes": index}))


def day_links(day: PublishDay, op: ChangeOp) -> tuple[list[Change], int]:
    """The day's public records of one operation (up to PAGE_LINKS) and how many in all, by kind
    and then by page (department, year), not in the order of their opaque ids."""
    public = sorted(
        (c for c in day.changes if c.op == op and c.url),
        key=lambda c: (c.kind or "", c.url or "", c.title or ""),
    )
    return public[:PAGE_LINKS], day.count(op)


def write_pages(write: Callable[..., None], portal: Portal) -> None:
    """更新记录: an index of publish days and one page per day."""
    days = portal.publishes
    write("changes", urls.CHANGES, days=days, ops=list(ChangeOp), page_title="更新记录")
    for day in days:
        write(
            "changes_day",
            urls.changes_day_url(day.day),
            day=day,
            added=day_links(day, ChangeOp.add),
            modified=day_links(day, ChangeOp.modify),
            deleted=_reasons(day),
            deleted_total=day.count(ChangeOp.delete),
            page_title=f"{day.day.isoformat()} 更新记录",
        )


def _reasons(day: PublishDay) -> list[tuple[WithdrawalReason, int]]:
    """How many records were withdrawn for each reason (counts only)."""
    counts = Counter(c.reason for c in day.changes if c.op == ChangeOp.delete and c.reason)
    return sorted(counts.items(), key=lambda kv: kv[0].value)


def changes_feed(portal: Portal, settings: dict) -> bytes:
    """One Atom entry per publish day, newest first."""
    entries = [
        {
            "path": urls.changes_day_url(day.day),
            "title": f"{day.day.isoformat()} 更新：新增 {day.count(ChangeOp.add)} 条，"
            f"变更 {day.count(ChangeOp.modify)} 条，撤下 {day.count(ChangeOp.delete)} 条",
            "updated": day.day,
            "summary": "本次发布的新增、变更和撤下记录（撤下的记录只公布数量和原因类别）。",
        }
        for day in portal.publishes[: feeds.FEED_LENGTH]
    ]
    name = settings.get("SITENAME", "")
    return feeds.atom(f"{name}：更新记录", urls.CHANGES_FEED, entries, settings, portal.as_of)


def last_modified(portal: Portal, pages: list[str]) -> dict[str, date]:
    """``<lastmod>`` per page: the latest change of a record shown on it, else the latest publish."""
    page_of = {r.ref: urls.record_url(r).partition("#")[0] for r in portal.records}
    page_of.update({c.ref: urls.case_url(c.case.id) for c in portal.cases})
    page_of.update({p.ref: urls.promise_url(p.promise.id) for p in portal.promises})
    page_of.update({v.ref: urls.department_url(v.department.id) for v in portal.civil})
    latest: dict[str, date] = {}
    for ref, history in portal.history.items():
        page = page_of.get(ref)
        if page is not None and history.last_changed > latest.get(page, date.min):
            latest[page] = history.last_changed
    newest = portal.publishes[0].day if portal.publishes else None
    out = {p: latest.get(p, newest) for p in pages}
    return {p: d for p, d in out.items() if d is not None}
