"""search/snippets.py: the text around the query's words, marked, and escaped for HTML."""

from __future__ import annotations

from search.snippets import LEAD_CHARS, MAX_CHARS, snippet, spans

FACTS = "当事人销售超过保质期的食品。经查，该公司<script>alert(1)</script>曾因超过保质期被警告。"


def test_words_are_marked_in_both_forms() -> None:
    got = snippet(FACTS, {"保质期"})
    assert got.text.count("【保质期】") == 2
    assert got.html.count("<mark>保质期</mark>") == 2


def test_html_snippet_escapes_the_text_around_the_marks() -> None:
    got = snippet(FACTS, {"保质期", "script"})
    assert "<script>" not in got.html and "&lt;<mark>script</mark>&gt;" in got.html
    assert "<【script】>alert(1)" in got.text  # the plain form is plain text, for JSON and the CLI


def test_overlapping_words_become_one_mark() -> None:
    assert spans("示例区有限公司", {"有限", "公司", "有限公司"}) == [(3, 7)]
    assert snippet("示例区有限公司", {"有限", "公司"}).text == "示例区【有限公司】"


def test_latin_words_match_whatever_their_case() -> None:
    got = snippet("统一社会信用代码 91370999MA0000003 的企业", {"91370999ma0000003"})
    assert "【91370999MA0000003】" in got.text


def test_long_text_gives_at_most_two_fragments_of_bounded_length() -> None:
    text = ("甲" * 300 + "罚款") * 4
    got = snippet(text, {"罚款"})
    fragments = got.text.split("…")
    assert len(fragments) == 2 and all(len(f) <= MAX_CHARS for f in fragments)


def test_text_without_the_words_gives_its_beginning() -> None:
    got = snippet("<b>" + "乙" * 200, {"罚款"})
    assert got.text == "<b>" + "乙" * (LEAD_CHARS - 3) + "…"
    assert got.html.startswith("&lt;b&gt;") and "<b>" not in got.html
