"""The search engine behind search/: build (incrementally), open and query an index.

Nothing outside search/ imports Whoosh or tantivy; the functions here (``build_index``,
``open_index``, ``SearchIndex.search``) and the plain dataclasses they return are
the whole interface. Whoosh is the default engine; ``build_index(engine="tantivy")``
(setting ``PORTAL_SEARCH_ENGINE``, docs/settings.md) writes a tantivy index instead
(search/tantivy_engine.py), for a district whose index Whoosh cannot build or answer in
time (bench/RESULTS.md). An index says which engine wrote it (``meta.json``), and
``open_index`` opens either with the same ``SearchIndex``: same query syntax, same answers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from time import monotonic
from typing import Any

from whoosh import fields, index, qparser, query
from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.collectors import TimeLimit, TimeLimitCollector

from . import tantivy_engine
from .analysis import chinese_analyzer
from .schema import TYPES, SearchDocument
from .snippets import snippet

#: The engines ``build_index`` can write; the first is the default.
ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"

#: Bump when the schema or the analyzer changes: an older index is then rebuilt, not updated.
SCHEMA_VERSION = 1
HASHES_FILE = "hashes.json"
META_FILE = "meta.json"
#: Longest query accepted (characters, after stripping); longer ones get a QueryError.
MAX_QUERY_CHARS = 500
#: Above this many documents a query ranked by relevance collects only the page asked for
#: (top-k, skipping blocks that cannot enter it) and its total is Whoosh's estimate, shown
#: as "约 N 条" (``SearchResults.exact`` False): counting every match of a common word
#: costs a full scan (1.6 s p95 at 120,000 documents, issue 10). Below it, totals are exact.
EXACT_TOTAL_LIMIT = 20000

#: Fields searched when a query names none.
DEFAULT_FIELDS = ["title", "subject", "body", "decision_no", "uscc", "dept_name"]

#: Chinese (and other) names accepted in queries → schema field.
FIELD_ALIASES: dict[str, list[str]] = {
    "subject": ["相对人名称", "行政相对人名称", "相对人", "企业名称", "名称"],
    "uscc": ["统一社会信用代码", "信用代码"],
    "decision_no": ["文号", "决定书文号", "行政处罚决定书文号", "决定文书号", "行政许可决定文书号"],
    "dept_name": ["处罚机关", "许可机关", "实施机关", "机关", "部门"],
    "dept": ["部门代码"],
    "amount": ["金额", "罚款金额"],
    "date": ["日期", "决定日期"],
    "category": ["类别", "处罚类别"],
    "type": ["类型"],
    "title": ["标题"],
    "body": ["内容", "正文", "违法事实"],
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
_TYPE_BY_LABEL = {label: key for key, label in TYPES.items()}


class QueryError(ValueError):
    """A query that cannot be run; the message is one line, meant for the user."""


def schema() -> fields.Schema:
    """The index schema: one Whoosh document per SearchDocument."""
    zh = chinese_analyzer()
    # Codes typed in lower case (91370999ma…) still match; the stored value keeps its case.
    folded_id = IDTokenizer() | LowercaseFilter()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        url=fields.STORED(),
        title=fields.TEXT(analyzer=zh, stored=True, field_boost=2.0),
        body=fields.TEXT(analyzer=zh, stored=True),
        subject=fields.TEXT(analyzer=zh, stored=True, field_boost=2.0),
        uscc=fields.ID(stored=True, analyzer=folded_id),
        decision_no=fields.ID(stored=True, analyzer=folded_id),
        dept=fields.ID(stored=True),
        dept_full=fields.ID(),
        dept_name=fields.TEXT(analyzer=zh, stored=True),
        amount=fields.NUMERIC(float, stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
        category=fields.KEYWORD(stored=True, commas=True),
    )


def _whoosh_fields(doc: SearchDocument) -> dict[str, Any]:
    """A SearchDocument as Whoosh field values (empty values left out)."""
    out: dict[str, Any] = {
        "id": doc.id,
        "type": doc.type,
        "url": doc.url,
        "title": doc.title,
        "body": doc.body,
        "subject": doc.subject,
        "uscc": doc.uscc,
        "decision_no": doc.decision_no,
        "dept": doc.dept,
        "dept_full": doc.dept_name,
        "dept_name": doc.dept_name,
        "category": ",".join(p.strip() for p in re.split(r"[;；,，]", doc.category) if p.strip()),
    }
    out = {k: v for k, v in out.items() if v}
    if doc.amount is not None:
        out["amount"] = float(doc.amount)
    if doc.date is not None:
        out["date"] = datetime.combine(doc.date, time())
    return out


# --------------------------------------------------------------------------- build


@dataclass
class BuildStats:
    """What a build did."""

    documents: int
    added: int
    updated: int
    deleted: int
    incremental: bool


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def engine_of(path: Path) -> str:
    """The engine that wrote the index at ``path`` (``meta.json``; Whoosh for older indexes)."""
    meta = _read_json(Path(path) / META_FILE)
    return meta.get("engine", "whoosh") if isinstance(meta, dict) else "whoosh"


def _reusable(previous: Path | None, engine: str = DEFAULT_ENGINE) -> bool:
    """An earlier index this code can update (same engine and schema version, hashes present)."""
    if previous is None or not previous.is_dir():
        return False
    meta = _read_json(previous / META_FILE)
    exists = tantivy_engine.exists(previous) if engine == "tantivy" else index.exists_in(str(previous))
    return (
        isinstance(meta, dict)
        and meta.get("schema_version") == SCHEMA_VERSION
        and meta.get("engine", "whoosh") == engine
        and isinstance(_read_json(previous / HASHES_FILE), dict)
        and exists
    )


def up_to_date(
    docs: list[SearchDocument], previous: Path | None, engine: str | None = None
) -> bool:
    """True when ``previous`` is a compatible index of exactly these documents (nothing to do)."""
    if not _reusable(previous, engine or DEFAULT_ENGINE):
        return False
    return _read_json(previous / HASHES_FILE) == {d.id: d.digest for d in docs}


def build_index(
    docs: list[SearchDocument],
    target: Path,
    previous: Path | None = None,
    procs: int = 1,
    engine: str | None = None,
) -> BuildStats:
    """Write the index of ``docs`` into the fresh directory ``target``.

    When ``previous`` holds a compatible index it is copied and only documents whose
    content hash changed are re-indexed; documents gone from ``docs`` are deleted.
    ``engine``: "whoosh" (the default, ``DEFAULT_ENGINE``) or "tantivy".
    """
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"未知的检索引擎「{engine}」；可用：{', '.join(ENGINES)}")
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    if engine == "tantivy":
        return _build_tantivy(docs, target, previous)
    incremental = _reusable(previous)
    if incremental:
        # Hard links, not copies: Whoosh writes new files and never rewrites one in place;
        # our own two files below are replaced (unlinked first), never written through.
        shutil.copytree(previous, target, copy_function=os.link)
        for name in (HASHES_FILE, META_FILE):
            (target / name).unlink(missing_ok=True)
        ix = index.open_dir(str(target))
        old: dict[str, str] = _read_json(previous / HASHES_FILE)
    else:
        target.mkdir(parents=True)
        ix = index.create_in(str(target), schema())
        old = {}
    new = {d.id: d.digest for d in docs}
    if len(new) != len(docs):
        raise ValueError("search documents must have unique ids")
    removed = sorted(old.keys() - new.keys())
    changed = [d for d in docs if old.get(d.id) != new[d.id]]
    stats = BuildStats(len(docs), 0, 0, len(removed), incremental)
    if removed or changed:
        # Several processes pay only on a large first build (at 6,000 documents two were slower
        # than one: each loads jieba's dictionary, and two segments slow queries down).
        use_procs = procs if procs > 1 and not incremental and len(changed) > 20000 else 1
        kwargs = {"procs": use_procs, "multisegment": True} if use_procs > 1 else {}
        writer = ix.writer(limitmb=256, **kwargs)
        try:
            # Old versions go in one pass with one searcher: update_document opens a searcher
            # per call, which made 600 updates of a 60,000-document index take 20 s.
            stale = removed + [d.id for d in changed if d.id in old]
            for start in range(0, len(stale), 1000):
                ids = [query.Term("id", i) for i in stale[start : start + 1000]]
                writer.delete_by_query(query.Or(ids))
            for doc in changed:
                writer.add_document(**_whoosh_fields(doc))
                if doc.id in old:
                    stats.updated += 1
                else:
                    stats.added += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    ix.close()
    _write_meta(target, new, "whoosh")
    return stats


def _write_meta(target: Path, hashes: dict[str, str], engine: str) -> None:
    """``hashes.json`` (written last of the two: ``index_stamp`` reads it) and ``meta.json``."""
    (target / META_FILE).write_text(
        json.dumps(
            {"schema_version": SCHEMA_VERSION, "documents": len(hashes), "engine": engine},
            sort_keys=True,
        ),
        "utf-8",
    )
    (target / HASHES_FILE).write_text(
        json.dumps(hashes, ensure_ascii=False, sort_keys=True, indent=0), "utf-8"
    )


def _build_tantivy(docs: list[SearchDocument], target: Path, previous: Path | None) -> BuildStats:
    """build_index for tantivy: the same hashes, the documents in search/tantivy_engine.py."""
    new = {d.id: d.digest for d in docs}
    if len(new) != len(docs):
        raise ValueError("search documents must have unique ids")
    incremental = _reusable(previous, "tantivy")
    old = _read_json(previous / HASHES_FILE) if incremental and previous is not None else None
    target.mkdir(parents=True)
    added, updated, deleted = tantivy_engine.build(docs, target, old, previous if incremental else None)
    _write_meta(target, new, "tantivy")
    return BuildStats(len(docs), added, updated, deleted, incremental)


# --------------------------------------------------------------------------- query


@dataclass
class SearchRequest:
    """A query and its filters, as the CLI and the API accept them."""

    text: str
    type: str | None = None
    dept: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    time_limit: float | None = None
    """Seconds of matching before the search stops and returns what it has."""


@dataclass
class Hit:
    """One result: the document's stored fields, score and highlighted snippet."""

    id: str
    type: str
    url: str
    title: str
    score: float | None
    """Relevance (None when sorted by date)."""
    snippet: str
    """Plain text, matched words in 【】."""
    snippet_html: str
    """HTML-escaped text, matched words in <mark>."""
    subject: str = ""
    uscc: str = ""
    decision_no: str = ""
    dept: str = ""
    dept_name: str = ""
    amount: float | None = None
    date: str | None = None
    category: str = ""

    @property
    def type_label(self) -> str:
        return TYPES.get(self.type, self.type)

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["type_label"] = self.type_label
        return out


@dataclass
class SearchResults:
    """A page of hits and how many documents matched in all."""

    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    timed_out: bool = False
    exact: bool = True
    """False when ``total`` is an estimate (约 N 条): a large index, ranked by relevance."""


def _balanced(text: str) -> str | None:
    """Why the brackets or quotes of a query do not balance, if they do not."""
    if text.count('"') % 2:
        return "引号不成对"
    depth = {"(": 0, "[": 0, "{": 0}
    closing = {")": "(", "]": "[", "}": "{"}
    for ch in text:
        if ch in depth:
            depth[ch] += 1
        elif ch in closing:
            depth[closing[ch]] -= 1
            if depth[closing[ch]] < 0:
                return f"多余的「{ch}」"
    open_ = [ch for ch, n in depth.items() if n]
    return f"括号「{open_[0]}」没有闭合" if open_ else None


#: A wildcard at the start of a word (or field value): it would expand to every term.
_LEADING_WILDCARD = re.compile(r"(?:^|[\s(:])[*?]")
_FIELD_PREFIX = re.compile(r"(?<![\w:])([A-Za-z_\u4e00-\u9fff]+)([:：])(?!//)")
_TYPE_VALUE = re.compile(r"\btype:(\S+)")
_DATE_IN_QUERY = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?")
_DATE_FIELD = re.compile(r"\b(date:)(\[[^\]]*\]|\{[^}]*\}|[<>]=?\S+|\S+)")


class _Deadline(TimeLimitCollector):
    """Whoosh's TimeLimitCollector without its timer thread: the clock is read between matches.

    Whoosh's collector (without SIGALRM, which only the main thread may use) starts a
    ``threading.Timer`` per search that only sets a flag checked between matches; starting
    that thread cost more than a millisecond under load. Reading the clock there is the same check.
    """

    def prepare(self, top_searcher: Any, q: query.Query, context: Any) -> None:
        self.child.prepare(top_searcher, q, context)
        self.timedout = False
        self._deadline = monotonic() + self.timelimit

    def collect_matches(self) -> None:
        child = self.child
        for sub_docnum in child.matches():
            if monotonic() > self._deadline:
                self.timedout = True
                raise TimeLimit
            child.collect(sub_docnum)

    def finish(self) -> None:
        self.child.finish()


class SearchIndex:
    """An opened index; safe to share between threads (a search has a searcher to itself)."""

    #: Idle searchers kept for the next searches (the API runs at most a few at once).
    KEEP_SEARCHERS = 8

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._tantivy: tantivy_engine.TantivyIndex | None = None
        if engine_of(self.path) == "tantivy":
            self._tantivy = tantivy_engine.TantivyIndex(self.path)
            self._schema = schema()  # the field names, for parsing (the same in both engines)
            self._idle, self._idle_lock, self._closed = [], threading.Lock(), False
            self._parsers = threading.local()
            return
        self._ix = index.open_dir(str(self.path))
        # Read once: Whoosh's ``ix.schema`` reads and unpickles the table of contents each time.
        self._schema = self._ix.schema
        self._idle: list[Any] = []
        self._idle_lock = threading.Lock()
        self._closed = False
        self._parsers = threading.local()

    @property
    def doc_count(self) -> int:
        if self._tantivy is not None:
            return self._tantivy.doc_count
        return self._ix.doc_count()

    def close(self) -> None:
        """Close the idle searchers; those in use close when their search ends."""
        if self._tantivy is not None:
            self._tantivy.close()
            return
        with self._idle_lock:
            self._closed, idle, self._idle = True, self._idle, []
        for searcher in idle:
            searcher.close()
        self._ix.close()

    @contextmanager
    def _searcher(self) -> Iterator[Any]:
        """A searcher for one search, reused from an earlier one when the index is unchanged.

        Opening one reads the table of contents and opens every segment's files: 2 ms, a
        fifth of a typical API query. A searcher is used by one thread at a time.
        """
        with self._idle_lock:
            searcher = self._idle.pop() if self._idle else None
        if searcher is not None and not searcher.up_to_date():
            searcher.close()  # the directory was written to since (not in a release, which is fixed)
            searcher = None
        searcher = searcher or self._ix.searcher()
        try:
            yield searcher
        except BaseException:
            searcher.close()
            raise
        with self._idle_lock:
            if not self._closed and len(self._idle) < self.KEEP_SEARCHERS:
                self._idle.append(searcher)
                return
        searcher.close()

    # ---- parsing

    def _parser(self) -> qparser.QueryParser:
        """This thread's query parser (made once: building one took a tenth of a query)."""
        parser = getattr(self._parsers, "parser", None)
        if parser is None:
            parser = qparser.MultifieldParser(DEFAULT_FIELDS, self._schema, group=qparser.AndGroup)
            parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
            parser.add_plugin(qparser.GtLtPlugin())
            self._parsers.parser = parser
        return parser

    def _prepare(self, text: str) -> str:
        """Map field aliases (full-width colons too), refuse unknown fields, normalise dates."""
        names = set(self._schema.names()) - {"dept_full", "url"}

        def field_name(m: re.Match) -> str:
            name = _ALIAS_TO_FIELD.get(m.group(1), m.group(1))
            if name not in names and m.group(2) == "：":
                return m.group(0)  # ordinary Chinese text such as 处罚内容：罚款, not a field
            if (
                name in names and not m.string[m.end() : m.end() + 1].strip()
            ):  # nothing after the colon
                raise QueryError(
                    f"字段「{m.group(1)}」后缺少检索词（如 {m.group(1)}:…，冒号后不留空格）"
                )
            if name not in names:
                known = "、".join(sorted(_ALIAS_TO_FIELD)) + "；" + ", ".join(sorted(names))
                raise QueryError(f"未知字段「{m.group(1)}」；可用字段：{known}")
            return f"{name}:"

        text = _FIELD_PREFIX.sub(field_name, text)
        text = _TYPE_VALUE.sub(lambda m: f"type:{_TYPE_BY_LABEL.get(m.group(1), m.group(1))}", text)
        return _DATE_FIELD.sub(
            lambda m: (
                m.group(1)
                + _DATE_IN_QUERY.sub(lambda d: f"{d[1]}{int(d[2]):02d}{int(d[3]):02d}", m.group(2))
            ),
            text,
        )

    def _checked(self, text: str) -> str:
        """``text`` checked (empty, too long, unbalanced) and prepared (``_prepare``)."""
        text = (text or "").strip()
        if not text:
            raise QueryError("查询为空")
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"查询过长（最多 {MAX_QUERY_CHARS} 个字符）")
        problem = _balanced(text)
        if problem:
            raise QueryError(f"查询语法错误：{problem}")
        prepared = self._prepare(text)
        if _LEADING_WILDCARD.search(prepared):
            raise QueryError("通配符不能放在开头（可用 示环罚〔2025〕* 这样的前缀）")
        return prepared

    def parse(self, text: str) -> query.Query:
        """The Whoosh query for ``text``; raises QueryError with a one-line reason."""
        prepared = self._checked(text)
        try:
            q = self._parser().parse(prepared)
        except Exception as e:  # Whoosh raises bare Exceptions for unparseable dates
            raise QueryError(f"查询语法错误：{_explain(e)}") from None
        for part in _walk(q):
            if getattr(part, "error", None):
                raise QueryError(f"查询语法错误：{_explain(part.error)}")
            # A leading wildcard expands to every term of a field before any time limit applies.
            if isinstance(part, query.Every) or (
                isinstance(part, query.Wildcard) and part.text[:1] in ("*", "?")
            ):
                raise QueryError("通配符不能放在开头（可用 示环罚〔2025〕* 这样的前缀）")
        if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
            raise QueryError("查询中没有可检索的词")
        return q

    def _filter(self, req: SearchRequest) -> query.Query | None:
        parts: list[query.Query] = []
        if req.type:
            key = _TYPE_BY_LABEL.get(req.type, req.type)
            if key not in TYPES:
                raise QueryError(f"未知类型「{req.type}」；可用：{', '.join(TYPES)}")
            parts.append(query.Term("type", key))
        if req.dept:
            parts.append(
                query.Or([query.Term("dept", req.dept), query.Term("dept_full", req.dept)])
            )
        if req.date_from or req.date_to:
            if req.date_from and req.date_to and req.date_from > req.date_to:
                raise QueryError("起始日期晚于截止日期")
            start = datetime.combine(req.date_from, time()) if req.date_from else None
            end = datetime.combine(req.date_to, time.max) if req.date_to else None
            parts.append(query.DateRange("date", start, end))
        return query.And(parts) if parts else None

    # ---- searching

    def search(self, req: SearchRequest) -> SearchResults:
        """One page of results; stops matching after ``req.time_limit`` seconds."""
        if self._tantivy is not None:
            if req.sort not in ("relevance", "date"):
                raise QueryError("排序只能是 relevance 或 date")
            if req.page < 1 or req.per_page < 1:
                raise QueryError("页码和每页条数须为正整数")
            return self._tantivy.search(req, _Vocabulary(self._checked))
        try:
            return self._search(req)
        except (OSError, index.IndexError):
            # A build renamed the index directory while we read it: reopen the new one, once.
            self._ix = index.open_dir(str(self.path))
            self._schema, self._parsers = self._ix.schema, threading.local()
            with self._idle_lock:
                stale, self._idle = self._idle, []
            for searcher in stale:
                searcher.close()
            return self._search(req)

    def _search(self, req: SearchRequest) -> SearchResults:
        if req.sort not in ("relevance", "date"):
            raise QueryError("排序只能是 relevance 或 date")
        if req.page < 1 or req.per_page < 1:
            raise QueryError("页码和每页条数须为正整数")
        q = self.parse(req.text)
        flt = self._filter(req)
        if flt is not None:
            # A filter passed to the collector is skipped under TimeLimitCollector (and Whoosh's
            # Require inverts it): AND with a zero-score copy restricts without reordering.
            q = query.And([q, query.ConstantScoreQuery(flt, 0.0)])
        for part in _walk(q):
            if isinstance(part, query.Or):
                # On indexes under 5,000 documents Whoosh preloads each OR into 2,048-slot arrays
                # it clears and scans in Python; the merging matcher it uses on bigger ones costs
                # 10 % less CPU here, with the same hits in the same order.
                part.matcher_type = query.Or.DEFAULT_MATCHER
        with self._searcher() as searcher:
            sortedby = {"sortedby": "date", "reverse": True} if req.sort == "date" else {}
            # Small indexes: every match is collected in one pass (bounded by the time limit), so
            # the total is exact without the second, unbounded pass len(results) makes; Whoosh's
            # own count with optimize=False undercounts conjunctions. Large ones, by relevance:
            # the top page * per_page only, with block-quality skipping (EXACT_TOTAL_LIMIT).
            bounded = req.sort == "relevance" and searcher.doc_count_all() > EXACT_TOTAL_LIMIT
            limit = req.page * req.per_page if bounded else None
            collector = searcher.collector(limit=limit, **sortedby)
            timed_out = False
            if req.time_limit:
                collector = _Deadline(collector, req.time_limit, use_alarm=False)
            try:
                searcher.search_with_collector(q, collector)
            except TimeLimit:
                timed_out = True
            results = collector.results()
            body = searcher.schema["body"]
            # The query's words as indexed in the body (prefixes expanded), for the snippets.
            words = {body.from_bytes(t) for _, t in results.query_terms(expand=True, fieldname="body")}
            start = (req.page - 1) * req.per_page
            hits = [
                _hit(h, words, scored=req.sort == "relevance")
                for h in results[start : start + req.per_page]
            ]
            exact = True
            if not bounded:
                total = results.scored_length()  # when timed out: the matches seen so far
            elif results.has_exact_length():
                total = results.collector.count()  # nothing was skipped: it counted every match
            else:  # blocks were skipped: Whoosh's estimate, never a second full pass
                total, exact = max(results.estimated_length(), len(hits) + start), False
        return SearchResults(req.text, total, req.page, req.per_page, hits, timed_out, exact)


class _Vocabulary:
    """What search/tantivy_engine.py needs of this module, handed to it (no import cycle)."""

    QueryError = QueryError
    Hit = Hit
    SearchResults = SearchResults
    DEFAULT_FIELDS = DEFAULT_FIELDS

    def __init__(self, prepare: Any) -> None:
        self.prepare = prepare

    @staticmethod
    def _explain(error: object) -> str:
        return _explain(error)


def _explain(error: object) -> str:
    """Whoosh's English parse errors in the portal's words."""
    text = str(error)
    m = re.search(r"'(.*)' is not a valid number", text)
    if m:
        return f"「{m[1]}」不是数字（金额以万元计，如 金额:>10 或 金额:[1 TO 5]）"
    m = re.search(r"'(.*)' is not a parseable date", text)
    if m:
        return f"「{m[1]}」不是日期（如 日期:[2024-01-01 TO 2024-06-30]）"
    if "must be in" in text or "out of range" in text:
        return f"日期无效：{text}（月份 1–12，日须在当月之内）"
    return text


def _walk(q: query.Query):
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _walk(child)


def _hit(h: Any, words: set[str], scored: bool = True) -> Hit:
    stored = h.fields()
    when = stored.get("date")
    marked = snippet(stored.get("body", ""), words)
    return Hit(
        id=stored["id"],
        type=stored.get("type", ""),
        url=stored.get("url", ""),
        title=stored.get("title", ""),
        # Sorted by date, Whoosh's "score" is the sort key: not worth showing.
        score=round(float(h.score or 0.0), 4) if scored else None,
        snippet=marked.text,
        snippet_html=marked.html,
        subject=stored.get("subject", ""),
        uscc=(stored.get("uscc") or "").upper(),
        decision_no=stored.get("decision_no", ""),
        dept=stored.get("dept", ""),
        dept_name=stored.get("dept_name", ""),
        amount=stored.get("amount"),
        date=when.date().isoformat() if when else None,
        category=stored.get("category", ""),
    )


def open_index(path: Path) -> SearchIndex:
    """Open a built index (either engine); a missing or unreadable one raises FileNotFoundError."""
    path = Path(path)
    if engine_of(path) == "tantivy" and tantivy_engine.exists(path):
        return SearchIndex(path)
    if not index.exists_in(str(path)):
        raise FileNotFoundError(f"{path} 中没有搜索索引：先运行 portal build")
    return SearchIndex(path)


def index_stamp(path: Path) -> tuple[str, int, int, int]:
    """What identifies the index now at ``path``: it changes when a build or a copy replaces
    or rewrites it (``hashes.json``, written last by every build, is checked: one stat).

    A missing index raises FileNotFoundError.
    """
    try:
        info = (Path(path) / HASHES_FILE).stat()
    except OSError:
        raise FileNotFoundError(f"{path} 中没有搜索索引：先运行 portal build") from None
    return str(path), info.st_ino, info.st_mtime_ns, info.st_size
