"""The publish ledger: what every publish put online, changed and withdrew, kept between publishes.

One SQLite file (setting PORTAL_LEDGER; default ``<output>.ledger.sqlite`` beside the output
and its releases, so it survives every switch; back it up like any file, e.g. with
``sqlite3 output.ledger.sqlite ".backup copy.sqlite"``). Per record it holds a stable opaque
id, a content hash, first published, last changed, and withdrawn on + reason category.

``portal publish`` records each publish here; ``portal build`` is a preview: it reads the
ledger to show what a publish would record, and writes nothing. The ledger is written only
after the new release is live, in one transaction.

Private by design: the ledger itself keeps each record's reference (``penalty:文号``) to know
it again, but nothing published carries it. Opaque ids are keyed hashes (HMAC with a secret
made when the ledger is created and kept in it), so nobody can test a guessed 文号 against
the published ids, while the same ledger state always gives the same ids.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..core.derive import Portal
from ..core.history import Change, ChangeOp, PublishDay, RecordHistory, WithdrawalReason
from ..core.problems import BuildError, Problem
from ..core.states import Status
from ..render.urls import case_url, department_url, promise_url, record_url

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    ref TEXT PRIMARY KEY,
    opaque_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    digest TEXT,
    first_published TEXT NOT NULL,
    last_changed TEXT NOT NULL,
    withdrawn_on TEXT,
    reason TEXT
);
CREATE TABLE IF NOT EXISTS changes (
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    op TEXT NOT NULL,
    opaque_id TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (day, seq)
);
"""

_REASONS = {
    Status.expired: WithdrawalReason.expired,
    Status.revoked: WithdrawalReason.revoked,
    Status.repaired: WithdrawalReason.repaired,
}


@dataclass(frozen=True)
class Item:
    """A record as one publish shows it."""

    ref: str
    kind: str
    digest: str
    url: str
    title: str


@dataclass
class Entry:
    """One record's row in the ledger."""

    ref: str
    opaque_id: str
    kind: str
    digest: str | None
    first_published: date
    last_changed: date
    withdrawn_on: date | None = None
    reason: WithdrawalReason | None = None

    @property
    def live(self) -> bool:
        return self.withdrawn_on is None


@dataclass
class State:
    """The whole ledger in memory."""

    secret: str
    entries: dict[str, Entry] = field(default_factory=dict)
    changes: list[tuple[date, ChangeOp, str, WithdrawalReason | None]] = field(
        default_factory=list
    )
    """(day, op, opaque id, reason), in the order they were recorded."""

    @property
    def last_day(self) -> date | None:
        return self.changes[-1][0] if self.changes else None


@dataclass
class Plan:
    """What this publish records: the new state and today's changes."""

    state: State
    today: list[Change]
    as_of: date


# --------------------------------------------------------------------------- what is published


def _digest(*parts: Any) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def published_items(portal: Portal) -> dict[str, Item]:
    """Every record the portal shows, by reference, with a hash of what the pages show of it."""
    items: list[Item] = []
    for r in portal.records:
        digest = _digest(
            r.record.model_dump(mode="json"), r.status, r.subject, r.department.id, r.published_on
        )
        title = f"{r.label} {r.record.decision_no}"
        items.append(Item(r.ref, r.kind, digest, record_url(r), title))
    for c in portal.cases:
        states = [s.state for s in c.sanctions]
        digest = _digest(c.case.model_dump(mode="json"), c.status, states, c.under_objection)
        items.append(Item(c.ref, "case", digest, case_url(c.case.id), c.case.title))
    for p in portal.promises:
        history = [h.model_dump(mode="json") for h in p.history]
        digest = _digest(p.promise.model_dump(mode="json", exclude={"history"}), history, p.overdue)
        items.append(Item(p.ref, "promise", digest, promise_url(p.promise.id), p.display_title))
    for v in portal.civil:
        digest = _digest(v.record.model_dump(mode="json"), v.status, v.display_name)
        url = f"{department_url(v.department.id)}#civil-servants"
        items.append(Item(v.ref, "civil", digest, url, f"{v.department.name} 公务员诚信记录"))
    return {i.ref: i for i in items}


def withdrawal_reasons(portal: Portal) -> dict[str, WithdrawalReason]:
    """Why each record that exists but is not public is withdrawn (expired, revoked, repaired)."""
    out: dict[str, WithdrawalReason] = {}
    for view in (*portal.all_records, *portal.all_cases, *portal.all_civil):
        if view.status in _REASONS:
            out[view.ref] = _REASONS[view.status]
    return out


# --------------------------------------------------------------------------- the ledger file


class Ledger:
    """The ledger file of one output."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @staticmethod
    def default_path(output: Path) -> Path:
        """``<output>.ledger.sqlite`` beside the output (outside its releases)."""
        output = Path(output).absolute()
        return output.with_name(f"{output.name}.ledger.sqlite")

    def load(self) -> State:
        """The ledger's state; an absent file is an empty ledger with a new secret."""
        if not self.path.is_file():
            return State(secret=secrets.token_hex(32))
        with closing(sqlite3.connect(self.path)) as db:
            secret = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()[0]
            state = State(secret=secret)
            for row in db.execute("SELECT * FROM records ORDER BY ref"):
                ref, oid, kind, digest, first, last, withdrawn, reason = row
                state.entries[ref] = Entry(
                    ref,
                    oid,
                    kind,
                    digest,
                    date.fromisoformat(first),
                    date.fromisoformat(last),
                    date.fromisoformat(withdrawn) if withdrawn else None,
                    WithdrawalReason(reason) if reason else None,
                )
            for day, op, oid, reason in db.execute(
                "SELECT day, op, opaque_id, reason FROM changes ORDER BY day, seq"
            ):
                state.changes.append(
                    (
                        date.fromisoformat(day),
                        ChangeOp(op),
                        oid,
                        WithdrawalReason(reason) if reason else None,
                    )
                )
        return state

    def commit(self, plan: Plan) -> None:
        """Write the plan's state in one transaction (the file is created if absent)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path)) as db, db:
            db.executescript(SCHEMA)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('secret', ?)", (plan.state.secret,))
            db.execute("DELETE FROM records")
            db.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.ref,
                        e.opaque_id,
                        e.kind,
                        e.digest,
                        e.first_published.isoformat(),
                        e.last_changed.isoformat(),
                        e.withdrawn_on.isoformat() if e.withdrawn_on else None,
                        e.reason.value if e.reason else None,
                    )
                    for e in plan.state.entries.values()
                ],
            )
            day = plan.as_of.isoformat()
            start = db.execute("SELECT COUNT(*) FROM changes WHERE day = ?", (day,)).fetchone()[0]
            db.executemany(
                "INSERT INTO changes VALUES (?, ?, ?, ?, ?)",
                [
                    (day, start + n, c.op.value, c.opaque_id, c.reason.value if c.reason else None)
                    for n, c in enumerate(plan.today)
                ],
            )


# --------------------------------------------------------------------------- one publish


def opaque_id(secret: str, ref: str) -> str:
    """A record's opaque id: a keyed hash of its reference (unguessable without the ledger)."""
    return hmac.new(secret.encode(), ref.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def first_published(state: State, as_of: date) -> dict[str, date]:
    """Record reference → date of the first publish that held it (up to ``as_of``)."""
    return {r: e.first_published for r, e in state.entries.items() if e.first_published <= as_of}


def plan(state: State, portal: Portal, as_of: date) -> Plan:
    """Compare the ledger with what this build shows: the new state and today's changes."""
    if state.last_day and as_of < state.last_day:
        raise BuildError(
            [
                Problem(
                    "ledger", 1, "as-of", f"发布记录已有 {state.last_day} 的发布，不能以更早的日期 {as_of} 发布"
                )
            ]
        )
    items = published_items(portal)
    reasons = withdrawal_reasons(portal)
    entries = {ref: replace(e) for ref, e in state.entries.items()}
    today: list[Change] = []
    for ref, item in sorted(items.items(), key=lambda kv: opaque_id(state.secret, kv[0])):
        entry = entries.get(ref)
        if entry is None or not entry.live:
            oid = entry.opaque_id if entry else opaque_id(state.secret, ref)
            first = entry.first_published if entry else as_of
            entries[ref] = Entry(ref, oid, item.kind, item.digest, first, as_of)
            today.append(Change(ChangeOp.add, oid, item.kind, item.url, item.title))
        elif entry.digest != item.digest:
            entry.digest, entry.last_changed = item.digest, as_of
            today.append(Change(ChangeOp.modify, entry.opaque_id, item.kind, item.url, item.title))
    for ref, entry in sorted(entries.items(), key=lambda kv: kv[1].opaque_id):
        if entry.live and ref not in items:
            reason = reasons.get(ref, WithdrawalReason.removed)
            entry.withdrawn_on, entry.reason, entry.digest = as_of, reason, None
            entry.last_changed = as_of
            today.append(Change(ChangeOp.delete, entry.opaque_id, reason=reason))
    new_state = State(state.secret, entries, list(state.changes))
    new_state.changes += [(as_of, c.op, c.opaque_id, c.reason) for c in today]
    return Plan(new_state, today, as_of)


def apply(plan: Plan, portal: Portal) -> None:
    """Give the Portal its history: per public record, and every publish day (newest first)."""
    items = published_items(portal)
    by_id = {e.opaque_id: e for e in plan.state.entries.values()}
    portal.history = {
        ref: RecordHistory(e.opaque_id, e.first_published, e.last_changed)
        for ref, e in plan.state.entries.items()
        if e.live and ref in items
    }
    days: dict[date, PublishDay] = {}
    for day, op, oid, reason in plan.state.changes:
        entry = by_id.get(oid)
        item = items.get(entry.ref) if entry is not None and entry.live else None
        if op == ChangeOp.delete:
            change = Change(op, oid, reason=reason)
        elif item is not None:
            change = Change(op, oid, item.kind, item.url, item.title)
        else:
            change = Change(op, oid)  # since withdrawn: the id alone, nothing else
        days.setdefault(day, PublishDay(day)).changes.append(change)
    portal.publishes = [days[d] for d in sorted(days, reverse=True)]
