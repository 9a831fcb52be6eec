"""Result snippets: the parts of a text around the query's words, with those words marked.

Whoosh's highlighter re-segments every hit's whole text with jieba (search mode) to find the
matched words: at 20 hits a page that was four fifths of a query's time (36 of 45 ms on the
demo site), and each hit was segmented twice (plain and HTML snippet). Here the words the
query matched in the index are looked up in the text directly (``str.find``, case-folded for
Latin letters), once per hit, and both snippets are cut from the same fragments. A word
found inside a longer one is marked too; jieba's search mode indexes such inner words
anyway (有限公司 → 有限, 公司, 有限公司), so the marks are those Whoosh would have made.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

#: Fragments are at most MAX_CHARS long, with SURROUND characters of context around the words.
MAX_CHARS = 200
SURROUND = 30
TOP = 2
BETWEEN = "…"
#: Bounds on the work per hit: a prefix query (示环罚*) can expand to many words.
MAX_WORDS = 64
MAX_SPANS = 200
#: Shown when the text holds none of the words (the hit matched on its title or name).
LEAD_CHARS = 120


@dataclass
class Snippet:
    """One hit's snippet: plain text with words in 【】, and escaped HTML with <mark>."""

    text: str
    html: str


def spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the words occur in ``text``, in order, overlapping or touching ones merged."""
    folded = text.lower()
    if len(folded) != len(text):  # a letter whose lower case is longer: positions would shift
        folded = text
    found: list[tuple[int, int]] = []
    for word in sorted({w for w in words if w}, key=len, reverse=True)[:MAX_WORDS]:
        start = folded.find(word)
        while start != -1 and len(found) < MAX_SPANS:
            found.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def fragments(marks: list[tuple[int, int]], length: int) -> list[tuple[int, int, list]]:
    """Marks grouped into windows of context, each at most MAX_CHARS long: (start, end, marks)."""
    out: list[tuple[int, int, list]] = []
    for start, end in marks:
        if out and end + SURROUND - out[-1][0] <= MAX_CHARS and start - out[-1][1] <= SURROUND:
            first, _, inside = out[-1]
            out[-1] = (first, min(length, end + SURROUND), [*inside, (start, end)])
        else:
            out.append((max(0, start - SURROUND), min(length, end + SURROUND), [(start, end)]))
    return out


def _render(text: str, frags: list[tuple[int, int, list]], left: str, right: str, escape) -> str:
    parts = []
    for first, last, inside in frags:
        at, piece = first, []
        for start, end in inside:
            piece += [escape(text[at:start]), left, escape(text[start:end]), right]
            at = end
        piece.append(escape(text[at:last]))
        parts.append("".join(piece))
    return BETWEEN.join(parts)


def snippet(text: str, words: Iterable[str]) -> Snippet:
    """The best TOP fragments of ``text`` around ``words`` (in text order), as text and HTML."""
    text = text.replace("\n", " ")
    frags = fragments(spans(text, words), len(text))
    if not frags:
        lead = text[:LEAD_CHARS] + ("…" if len(text) > LEAD_CHARS else "")
        return Snippet(lead, html.escape(lead))
    # The fragments with most marked words, earliest first among equals; shown in text order.
    best = sorted(sorted(frags, key=lambda f: (-len(f[2]), f[0]))[:TOP], key=lambda f: f[0])
    return Snippet(
        _render(text, best, "【", "】", str),
        _render(text, best, "<mark>", "</mark>", html.escape),
    )
