"""tantivy behind ``search/engine.py``'s interface: the engine for a district's full scale.

Selected by the setting ``PORTAL_SEARCH_ENGINE = "tantivy"`` (docs/settings.md); Whoosh stays
the default. Whoosh could not index a 200,000-record district (68,000 documents) in under
150 s on one core, nor answer common words within 50 ms (bench/RESULTS.md); tantivy (Rust,
tantivy-py pinned) indexes it on both cores in seconds and answers in milliseconds.

The same documents, query syntax and answers as the Whoosh engine:

* Text (title, body, subject, department name) is segmented by the same jieba dictionary
  (rjieba, search mode) before tantivy sees it (``PreTokenizedString``), and query words in
  default mode, as ``search/analysis.py`` does for Whoosh. Codes and 文号 are single
  lower-cased terms; prefixes (``文号:示环罚〔2025〕*``) are regular-expression queries.
* Queries are parsed here (``_Parser``), not by tantivy's parser: Whoosh's syntax with the
  Chinese field names (``engine.FIELD_ALIASES``), ``AND``/``OR``/``NOT``, parentheses,
  ``"phrases"``, ``金额:>10``, ``日期:[2025-01-01 TO 2025-06-30]``; words are ANDed, each
  matching any of ``engine.DEFAULT_FIELDS`` (title and subject weigh double).
* Totals are exact (tantivy counts every match in Rust), so ``SearchResults.exact`` is True.

The index lives in ``<target>/tantivy/`` with ``hashes.json`` and ``meta.json`` beside it, so
a build updates it document by document as it does the Whoosh index (tantivy never rewrites a
file in place: segment files are immutable and its own metadata is replaced by rename, so the
live index can be hard-linked).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import tantivy

from .analysis import _NOT_A_WORD, _tokenize
from .schema import TYPES, SearchDocument
from .snippets import snippet

ENGINE = "tantivy"
SUBDIR = "tantivy"
TEXT_FIELDS = ("title", "body", "subject", "dept_name")
KEYWORD_FIELDS = ("id", "type", "dept", "dept_full", "uscc", "decision_no", "category")
BOOSTS = {"title": 2.0, "subject": 2.0}
#: Writer heap: tantivy splits it between its threads (at least 15 MB each).
HEAP = 128 * 1024 * 1024


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in TEXT_FIELDS:
        b.add_text_field(name, stored=False, tokenizer_name="raw", index_option="position")
    for name in KEYWORD_FIELDS:
        b.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic", fast=name == "id")
    b.add_float_field("amount", stored=False, indexed=True, fast=True)
    b.add_date_field("date", stored=False, indexed=True, fast=True)
    b.add_bytes_field("stored", stored=True, indexed=False)
    return b.build()


#: word → its indexed form (lower case), or "" for punctuation: words repeat, the checks need not.
_FORMS: dict[str, str] = {}


def _form(word: str) -> str:
    form = _FORMS.get(word)
    if form is None:
        form = "" if _NOT_A_WORD.match(word) else word.lower()
        if len(_FORMS) < 500_000:
            _FORMS[word] = form
    return form


def words(text: str, mode: str = "search") -> list[tuple[str, int, int]]:
    """(word, start, end) as the Whoosh analyzer makes them: jieba words, lower case, no punctuation."""
    out = []
    for w, s, e in _tokenize(text, mode=mode):
        form = _form(w)
        if form:
            out.append((form, s, e))
    return out


def _pretokenized(text: str) -> tantivy.PreTokenizedString:
    token = tantivy.Token
    tokens = [token(w, i, s, e) for i, (w, s, e) in enumerate(words(text))]
    return tantivy.PreTokenizedString(text, tokens)


def _categories(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；,，]", text) if p.strip()]


def _document(doc: SearchDocument) -> tantivy.Document:
    d = tantivy.Document()
    for name in TEXT_FIELDS:
        value = getattr(doc, name)
        if value:
            d.add_pre_tokenized_text(name, _pretokenized(value))
    d.add_text("id", doc.id)
    d.add_text("type", doc.type)
    for name, value in (("dept", doc.dept), ("dept_full", doc.dept_name)):
        if value:
            d.add_text(name, value)
    for name in ("uscc", "decision_no"):
        if getattr(doc, name):
            d.add_text(name, getattr(doc, name).lower())
    for part in _categories(doc.category):
        d.add_text("category", part)
    if doc.amount is not None:
        d.add_float("amount", float(doc.amount))
    if doc.date is not None:
        d.add_date("date", datetime.combine(doc.date, time(), tzinfo=UTC))
    d.add_bytes("stored", json.dumps(doc.as_dict(), ensure_ascii=False).encode("utf-8"))
    return d


# --------------------------------------------------------------------------- build


def build(docs: list[SearchDocument], target: Path, old: dict[str, str] | None, previous: Path | None) -> tuple[int, int, int]:
    """Index ``docs`` into ``target/tantivy``: from ``previous`` when given (only changed ids).

    Returns (added, updated, deleted).
    """
    path = Path(target) / SUBDIR
    if previous is not None and old is not None:
        shutil.copytree(Path(previous) / SUBDIR, path, copy_function=os.link)
        index = tantivy.Index.open(str(path))
    else:
        path.mkdir(parents=True)
        old = {}
        index = tantivy.Index(_schema(), str(path))
    new = {d.id: d.digest for d in docs}
    removed = sorted(old.keys() - new.keys())
    changed = [d for d in docs if old.get(d.id) != new[d.id]]
    added = updated = 0
    if removed or changed:
        writer = index.writer(heap_size=HEAP, num_threads=min(2, os.cpu_count() or 1))
        try:
            for ident in removed + [d.id for d in changed if d.id in old]:
                writer.delete_documents_by_term("id", ident)
            for doc in changed:
                writer.add_document(_document(doc))
                if doc.id in old:
                    updated += 1
                else:
                    added += 1
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
    return added, updated, len(removed)


def exists(path: Path) -> bool:
    return (Path(path) / SUBDIR / "meta.json").is_file()


# --------------------------------------------------------------------------- parsing


_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<field>[A-Za-z_]+):(?P<fvalue>"[^"]*"|\[[^\]]*\]|\{[^}]*\}|\S+?)(?=\s|\)|$)'
    r'|(?P<phrase>"[^"]*")|(?P<word>[^\s()"]+))'
)


class _Parser:
    """Whoosh's query syntax (after ``engine.prepare``) as tantivy queries."""

    def __init__(
        self, schema: tantivy.Schema, error: type[Exception], fields: list[str], explain: Any
    ) -> None:
        self.schema = schema
        self.error = error
        self.fields = fields
        """Fields searched when a query names none (``engine.DEFAULT_FIELDS``)."""
        self.explain = explain
        """``engine._explain``: Whoosh's error messages in the portal's words."""
        self.words: set[str] = set()
        """The text words the query looks for (for snippets)."""

    def parse(self, text: str) -> tantivy.Query:
        self.tokens = self._lex(text)
        self.at = 0
        q = self._or()
        if self.at < len(self.tokens):
            raise self.error(f"查询语法错误：多余的「{self.tokens[self.at][1]}」")
        if q is None:
            raise self.error("查询中没有可检索的词")
        return q

    def _lex(self, text: str) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                if text[pos:].strip():
                    raise self.error(f"查询语法错误：无法理解「{text[pos:].strip()[:20]}」")
                break
            pos = m.end()
            if m["open"]:
                out.append(("(", "("))
            elif m["close"]:
                out.append((")", ")"))
            elif m["field"]:
                out.append(("field", (m["field"], m["fvalue"])))
            elif m["phrase"]:
                out.append(("phrase", m["phrase"][1:-1]))
            elif m["word"] in ("AND", "OR", "NOT"):
                out.append((m["word"], m["word"]))
            else:
                out.append(("word", m["word"]))
        return out

    def _peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def _or(self) -> tantivy.Query | None:
        parts = [self._and()]
        while self._peek() == "OR":
            self.at += 1
            parts.append(self._and())
        parts = [p for p in parts if p is not None]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts])

    def _and(self) -> tantivy.Query | None:
        must: list[tantivy.Query] = []
        must_not: list[tantivy.Query] = []
        while self._peek() not in (None, ")", "OR"):
            if self._peek() == "AND":
                self.at += 1
                continue
            negate = False
            if self._peek() == "NOT":
                self.at += 1
                negate = True
            q = self._unary()
            if q is not None:
                (must_not if negate else must).append(q)
        if not must and not must_not:
            return None
        if not must:
            must = [tantivy.Query.all_query()]
        if len(must) == 1 and not must_not:
            return must[0]
        clauses = [(tantivy.Occur.Must, q) for q in must] + [(tantivy.Occur.MustNot, q) for q in must_not]
        return tantivy.Query.boolean_query(clauses)

    def _unary(self) -> tantivy.Query | None:
        kind, value = self.tokens[self.at]
        self.at += 1
        if kind == "(":
            q = self._or()
            if self._peek() != ")":
                raise self.error("查询语法错误：括号「(」没有闭合")
            self.at += 1
            return q
        if kind == "field":
            return self._field(*value)
        if kind == "phrase":
            return self._default(value, phrase=True)
        if kind == "word":
            return self._default(value)
        raise self.error(f"查询语法错误：「{value}」用法不对")

    # ---- leaves

    def _text(self, field: str, text: str, phrase: bool = False) -> tantivy.Query | None:
        ws = [w for w, _, _ in words(text, mode="default")]
        if not ws:
            return None
        self.words.update(ws)
        if phrase and len(ws) > 1:
            q = tantivy.Query.phrase_query(self.schema, field, ws)
        elif len(ws) == 1:
            q = tantivy.Query.term_query(self.schema, field, ws[0])
        else:
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, w)) for w in ws]
            )
        boost = BOOSTS.get(field)
        return tantivy.Query.boost_query(q, boost) if boost else q

    def _keyword(self, field: str, value: str) -> tantivy.Query:
        if field in ("uscc", "decision_no"):
            value = value.lower()
        if field == "type":
            value = {label: key for key, label in TYPES.items()}.get(value, value)
        if "*" in value or "?" in value:
            pattern = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value)
            return tantivy.Query.regex_query(self.schema, field, pattern)
        return tantivy.Query.term_query(self.schema, field, value)

    def _default(self, text: str, phrase: bool = False) -> tantivy.Query | None:
        """A word or phrase without a field: each of its words in any default field, all words."""
        DEFAULT_FIELDS = self.fields  # noqa: N806 - the engine's constant
        ws = [w for w, _, _ in words(text, mode="default")]
        if not ws:
            return None
        if phrase and len(ws) > 1:
            alts = [self._text(f, text, phrase=True) for f in DEFAULT_FIELDS if f in TEXT_FIELDS]
            alts += [self._keyword(f, text) for f in DEFAULT_FIELDS if f not in TEXT_FIELDS]
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alts if q is not None])
        per_word = []
        for w in ws:
            alts = [self._text(f, w) for f in DEFAULT_FIELDS if f in TEXT_FIELDS]
            per_word.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alts if q is not None]))
        # A code or 文号 typed whole is one keyword term as well as its words.
        whole = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._keyword(f, text)) for f in DEFAULT_FIELDS if f not in TEXT_FIELDS]
        )
        words_q = per_word[0] if len(per_word) == 1 else tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, q) for q in per_word]
        )
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, words_q), (tantivy.Occur.Should, whole)])

    def _field(self, field: str, value: str) -> tantivy.Query | None:
        if value.startswith('"') and value.endswith('"'):
            value, phrase = value[1:-1], True
        else:
            phrase = False
        if field in TEXT_FIELDS:
            return self._text(field, value, phrase)
        if field == "amount":
            return self._range(field, value, float, tantivy.FieldType.Float)
        if field == "date":
            return self._range(field, value, _date, tantivy.FieldType.Date)
        return self._keyword(field, value)

    def _explain(self, field: str, value: str, error: Exception) -> str:
        return _explain_with(self.explain, field, value, error)

    def _range(self, field: str, value: str, convert: Any, ftype: Any) -> tantivy.Query:
        try:
            m = re.fullmatch(r"([\[{])\s*(\S*?)\s*TO\s*(\S*?)\s*([\]}])", value)
            if m:
                lo = convert(m[2]) if m[2] not in ("", "*") else None
                hi = convert(m[3]) if m[3] not in ("", "*") else None
                inc_lo, inc_hi = m[1] == "[", m[4] == "]"
            elif m := re.fullmatch(r"(>=|<=|>|<)(.+)", value):
                bound = convert(m[2])
                lo, hi = (bound, None) if m[1].startswith(">") else (None, bound)
                inc_lo = inc_hi = m[1].endswith("=")
                inc_lo, inc_hi = (inc_lo, True) if hi is None else (True, inc_hi)
            else:
                lo = hi = convert(value)
                inc_lo = inc_hi = True
                if ftype == tantivy.FieldType.Date:
                    hi = _date(value, end=True)
        except ValueError as e:
            raise self.error(f"查询语法错误：{self._explain(field, value, e)}") from None
        return tantivy.Query.range_query(
            self.schema, field, ftype, lo, hi, include_lower=inc_lo if lo is not None else True,
            include_upper=inc_hi if hi is not None else True,
        )  # fmt: skip


def _explain_with(explain: Any, field: str, value: str, error: Exception) -> str:
    """The Whoosh engine's words for the same mistakes (``engine._explain``)."""
    if field == "amount":
        return explain(f"'{value}' is not a valid number")
    return explain(error)


def _date(text: str, end: bool = False) -> datetime:
    """A date as ``engine.prepare`` leaves it (YYYYMMDD, or YYYY, YYYYMM) as a UTC instant."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 8:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    elif len(digits) == 6:
        day = date(int(digits[:4]), int(digits[4:]), 1)
    elif len(digits) == 4:
        day = date(int(digits), 1, 1)
    else:
        raise ValueError(f"'{text}' is not a parseable date")
    return datetime.combine(day, time.max if end else time(), tzinfo=UTC)





# --------------------------------------------------------------------------- searching


class TantivyIndex:
    """An opened tantivy index with the Whoosh SearchIndex's ``search`` (see search/engine.py)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._index = tantivy.Index.open(str(self.path / SUBDIR))
        self._schema = self._index.schema

    @property
    def doc_count(self) -> int:
        return self._index.searcher().num_docs

    def close(self) -> None:
        """Nothing to release: tantivy's searchers are reference-counted."""

    def search(self, req: Any, engine: Any) -> Any:
        """One page of results for ``req`` (an engine.SearchRequest); ``engine`` is search.engine's
        vocabulary (``QueryError``, ``Hit``, ``SearchResults``, ``DEFAULT_FIELDS``, ``_explain``),
        handed in rather than imported, so the two modules do not import each other."""
        error, hit_class, results_class = engine.QueryError, engine.Hit, engine.SearchResults
        parser = _Parser(self._schema, error, engine.DEFAULT_FIELDS, engine._explain)
        parse_prepared = engine.prepare
        q = parser.parse(parse_prepared(req.text))
        flt = self._filter(req, error)
        if flt:
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, q)] + [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in flt]
            )
        searcher = self._index.searcher()
        start = (req.page - 1) * req.per_page
        kwargs: dict[str, Any] = {"limit": req.per_page, "offset": start, "count": True}
        if req.sort == "date":
            kwargs |= {"order_by_field": "date", "order": tantivy.Order.Desc}
        result = searcher.search(q, **kwargs)
        hits = []
        for score, address in result.hits:
            stored = json.loads(bytes(searcher.doc(address)["stored"][0]).decode("utf-8"))
            marked = snippet(stored.get("body", ""), parser.words)
            amount = stored.get("amount")
            hits.append(
                hit_class(
                    id=stored["id"], type=stored["type"], url=stored["url"], title=stored["title"],
                    score=round(float(score), 4) if req.sort == "relevance" else None,
                    snippet=marked.text, snippet_html=marked.html, subject=stored.get("subject", ""),
                    uscc=(stored.get("uscc") or "").upper(), decision_no=stored.get("decision_no", ""),
                    dept=stored.get("dept", ""), dept_name=stored.get("dept_name", ""),
                    amount=float(amount) if amount is not None else None, date=stored.get("date"),
                    category=",".join(_categories(stored.get("category", ""))),
                )
            )  # fmt: skip
        return results_class(req.text, result.count or 0, req.page, req.per_page, hits, False, True)

    def _filter(self, req: Any, error: type[Exception]) -> list[tantivy.Query]:
        out = []
        if req.type:
            key = {label: k for k, label in TYPES.items()}.get(req.type, req.type)
            if key not in TYPES:
                raise error(f"未知类型「{req.type}」；可用：{', '.join(TYPES)}")
            out.append(tantivy.Query.term_query(self._schema, "type", key))
        if req.dept:
            out.append(
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "dept", req.dept)),
                        (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "dept_full", req.dept)),
                    ]
                )
            )
        if req.date_from or req.date_to:
            if req.date_from and req.date_to and req.date_from > req.date_to:
                raise error("起始日期晚于截止日期")
            lo = datetime.combine(req.date_from, time(), tzinfo=UTC) if req.date_from else None
            hi = datetime.combine(req.date_to, time.max, tzinfo=UTC) if req.date_to else None
            out.append(tantivy.Query.range_query(self._schema, "date", tantivy.FieldType.Date, lo, hi))
        return out
