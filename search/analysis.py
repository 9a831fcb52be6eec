"""Chinese word segmentation for Whoosh: a small analyzer of our own over ``jieba.tokenize``.

``jieba.analyse.ChineseAnalyzer`` would do the same but importing ``jieba.analyse`` also
loads keyword-extraction data (+0.6 s, +130 MB), which search never uses.

Segmentation is done by rjieba (jieba-rs, the same dictionary and algorithm in Rust) when it
is installed: ten times faster, and the same tokens with the same offsets, in search and in
default mode, on the 12,000 bodies, titles and names compared (bench/RESULTS.md). jieba
stays the reference and the fallback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import jieba
from whoosh.analysis import LowercaseFilter, Token, Tokenizer

try:
    import rjieba
except ImportError:  # pragma: no cover - rjieba is pinned in requirements.txt
    rjieba = None

jieba.setLogLevel(logging.WARNING)
#: ``tokenize(text, mode)`` → (word, start, end): rjieba's when it is there, else jieba's.
_tokenize = rjieba.tokenize if rjieba is not None else jieba.tokenize

#: Tokens made only of punctuation or spaces (〔 〕 ， 。) are not words.
_NOT_A_WORD = re.compile(r"^[\W_]+$")


class JiebaTokenizer(Tokenizer):
    """Segments text with jieba: search mode when indexing, default mode in queries."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JiebaTokenizer)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(  # noqa: PLR0913 - Whoosh's tokenizer protocol
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whole value as one token (Whoosh asks for this when parsing some queries).
            token.original = token.text = value
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        # Documents are indexed in search mode (每个长词 and its shorter parts); a query needs
        # only the default segmentation, whose words are all among those: fewer terms to AND.
        jieba_mode = "default" if mode == "query" else "search"
        for word, start, end in _tokenize(value, mode=jieba_mode):
            if _NOT_A_WORD.match(word):
                continue
            token.original = token.text = word
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def chinese_analyzer() -> object:
    """jieba segmentation, then lower case (for Latin letters in names and codes)."""
    return JiebaTokenizer() | LowercaseFilter()


def warm_up() -> None:
    """Load the segmenter's dictionary now rather than during the first query."""
    if rjieba is not None:
        rjieba.tokenize("示例")
    else:
        jieba.initialize()
