"""Full-text search of Chinese in SQLite FTS5: overlapping character pairs (二元分词).

SQLite's tokenizers do not segment Chinese: ``unicode61`` takes a whole run of Chinese
characters as one token, ``trigram`` misses every two-character word (罚款, 餐饮). So the
database indexes each text, with everything but letters and digits removed, as its
overlapping character pairs (示例区甲商贸 → 示例 例区 区甲 甲商 商贸), and a query term is
the phrase of its own pairs: any fragment of two or more characters matches where it
occurs, as a substring would — a company-name fragment, a word, a 文号 with or without
its brackets (示市监罚〔2025〕2号 = 示市监罚20252号), part of a code. A one-character term
is a prefix query. Terms separated by spaces must all match.

Pairs rather than jieba words (search/'s segmenter): a fragment of a name matches
whatever the dictionary thinks its words are, the index does not change when jieba's
dictionary does, and the query rule is simple enough to write in SQL (``canned_sql``),
so Datasette's canned queries search without any plugin.
"""

from __future__ import annotations

import re

#: What is not a letter or digit (CJK characters are letters): removed before pairing.
_NOT_WORD = re.compile(r"[\W_]+")
#: The punctuation a query typed into a canned query may contain, removed in SQL.
SQL_STRIPPED = " \u3000\t〔〕（）()[]【】《》<>「」『』、，,。.：:；;-—－–/\\·•\"'“”‘’!！?？#*+_~|"
_SQL_STRIPPED_LITERAL = SQL_STRIPPED.replace("'", "''")


def _pairs(term: str) -> list[str]:
    """Overlapping character pairs of a term (a one-character term: itself)."""
    return [term] if len(term) < 2 else [term[i : i + 2] for i in range(len(term) - 1)]


def segment(text: str | None) -> str:
    """Index text: its letters and digits as overlapping pairs, separated by spaces."""
    kept = _NOT_WORD.sub("", text or "")
    return kept if len(kept) < 2 else " ".join(map(str.__add__, kept[:-1], kept[1:]))


def match_query(text: str) -> str:
    """An FTS5 MATCH expression finding each space-separated term of ``text`` as a substring:
    the phrase of its pairs (a one-character term: a prefix), terms ANDed."""
    terms = []
    for raw in text.split():
        term = _NOT_WORD.sub("", raw)
        if len(term) == 1:
            terms.append(f'"{term}"*')
        elif term:
            terms.append('"' + " ".join(_pairs(term)) + '"')
    return " ".join(terms) or '""'


def canned_sql(table: str, fts_table: str) -> str:
    """SQL of a Datasette canned query: ``match_query`` of one term ``:q``, written in SQL.

    ``:q`` is one term (a name, a word, a 文号, with or without punctuation); spaces are
    removed rather than splitting terms. An empty term matches nothing.
    """
    return (
        "with recursive\n"
        # :q character by character, without the punctuation a user may type
        "  c(i, ch) as (select 1, substr(:q, 1, 1)"
        " union all select i + 1, substr(:q, i + 1, 1) from c where i < length(:q)),\n"
        f"  q(s) as (select coalesce(group_concat(ch, ''), '') from (select ch from c"
        f" where ch != '' and instr('{_SQL_STRIPPED_LITERAL}', ch) = 0 order by i)),\n"
        "  n(i) as (select 1 union all select i + 1 from n, q where i < length(s) - 1),\n"
        "  pairs(p) as (select group_concat(substr(s, i, 2), ' ')"
        " from (select i, s from n, q order by i)),\n"
        "  expr(e) as (select case when length(s) < 2 then '\"' || s || '\"*'"
        " else '\"' || (select p from pairs) || '\"' end from q)\n"
        f"select t.rowid, t.* from [{table}] t\n"
        f"where t.rowid in (select rowid from [{fts_table}]"
        f" where [{fts_table}] match (select e from expr))\n"
        "order by t.rowid"
    )
