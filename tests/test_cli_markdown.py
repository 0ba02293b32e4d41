"""--format markdown is valid CommonMark that says exactly what the posts say, and --format
text keeps lines and code: checked on markdown-it-py's token stream, not on substrings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from discuz_extract import Author, Post, PostStatus, Quote, Thread, merge_pages, parse_page
from discuz_extract.cli._markdown import to_markdown
from discuz_extract.cli._render import to_text

from .conftest import FIXTURES
from .test_cli import run

CST = timezone(timedelta(hours=8))
PHP = "<?php\n    echo '<b>hi</b>';\n\tif ($a) {\n        return 1;\n    }\n?>"
TICKS = "s = '```'\nt = '````'"
HOSTILE_LINES = [
    "<script>alert(1)</script>",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "<div>block html</div>",
    "a *star* and _under_ and `tick` and [link](javascript:alert(1)) and <http://x.y/>",
    "&amp; &copy; entity text and a trailing backslash \\",
    "===",
    "---",
    "~~~",
    "| a | b |",
]


def hostile() -> Thread:
    first = Post(
        floor=1,
        is_first=True,
        author=Author(name="<img src=x onerror=alert(1)>"),
        posted_at=datetime(2024, 10, 3, 20, 15, tzinfo=CST),
        text="\n".join(
            ["代码如下：", "<?php", "echo '<b>hi</b>';", "if ($a) {", "return 1;", "}", "?>", *HOSTILE_LINES]
        ),
        code_blocks=[PHP],
    )
    reply = Post(
        floor=None,
        author=Author(name=None),
        quotes=[Quote(author="<b>quoted</b>", text="quoted line one\nquoted line two")],
        text="the reply's own line\nand its second line",
    )
    ticks = Post(floor=3, author=None, text="看代码\ns = '```'\nt = '````'", code_blocks=[TICKS])
    blocked = Post(floor=4, status=PostStatus.BLOCKED, status_text="<i>作者被禁止</i>")
    return Thread(
        title="<script>x</script> *title* #", url="https://h/thread-1-1-1.html", posts=[first, reply, ticks, blocked]
    )


def tokens(markdown: str) -> list[Token]:
    """Every token, inline children included, in document order."""
    out: list[Token] = []
    for token in MarkdownIt("commonmark").parse(markdown):
        out.append(token)
        out.extend(token.children or [])
    return out


def inline_lines(inline: Token) -> list[str]:
    """The lines of an inline token: text between hard breaks (a soft break would merge lines)."""
    lines, current = [], ""
    for child in inline.children or []:
        assert child.type != "softbreak", f"two lines merged into one: {inline.content!r}"
        if child.type == "hardbreak":
            lines.append(current)
            current = ""
        else:
            current += child.content
    return [*lines, current]


def paragraphs(markdown: str) -> list[list[str]]:
    stream = MarkdownIt("commonmark").parse(markdown)
    return [inline_lines(stream[i + 1]) for i, t in enumerate(stream) if t.type == "paragraph_open"]


def test_no_raw_html_passes() -> None:
    kinds = {t.type for t in tokens(to_markdown(hostile()))}
    assert "html_block" not in kinds and "html_inline" not in kinds
    html = MarkdownIt("commonmark").render(to_markdown(hostile()))
    assert "<script" not in html and "<img" not in html and "<div" not in html and 'href="javascript' not in html


def test_code_is_fenced_verbatim() -> None:
    fences = [t for t in tokens(to_markdown(hostile())) if t.type == "fence"]
    assert [f.content for f in fences] == [PHP + "\n", TICKS + "\n"]
    assert fences[1].markup == "`" * 5  # longer than the longest run of backticks inside


def test_every_text_line_is_one_line_as_written() -> None:
    paras = paragraphs(to_markdown(hostile()))
    assert ["代码如下："] in paras
    assert [line.strip() for line in HOSTILE_LINES] in paras  # literal, one line per line
    assert ["the reply's own line", "and its second line"] in paras


def test_quotes_are_closed_before_the_reply() -> None:
    stream = MarkdownIt("commonmark").parse(to_markdown(hostile()))
    types = [t.type for t in stream]
    opened = types.index("blockquote_open")
    closed = types.index("blockquote_close", opened)
    inside = [inline_lines(t) for t in stream[opened:closed] if t.type == "inline"]
    assert inside == [["<b>quoted</b>:", "quoted line one", "quoted line two"]]
    after = [inline_lines(t) for t in stream[closed:] if t.type == "inline"]
    assert after[0] == ["the reply's own line", "and its second line"]


def test_unknown_values_are_written_as_such() -> None:
    stream = MarkdownIt("commonmark").parse(to_markdown(hostile()))
    headings = [inline_lines(stream[i + 1])[0] for i, t in enumerate(stream) if t.type == "heading_open"]
    assert headings[0] == "<script>x</script> *title* #"
    assert headings[2] == "#? · unknown author · unknown time" and headings[3].startswith("#3 · unknown author")
    assert not any("None" in h for h in headings)
    assert ["[blocked] <i>作者被禁止</i>"] in paragraphs(to_markdown(hostile()))


def test_a_real_thread_renders_with_its_code_and_quote() -> None:
    files = [str(FIXTURES / f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
    code, out, _ = run(["parse", *files, "--format", "markdown"])
    thread = merge_pages([parse_page((FIXTURES / f"rich.desktop.p{n}.gbk.html").read_bytes()) for n in (1, 2, 3)])
    assert code == 0
    fences = [t.content for t in tokens(out) if t.type == "fence"]
    assert fences == [b + "\n" for p in thread.posts for b in p.code_blocks] and "    print(post.text)" in fences[0]
    assert {t.type for t in tokens(out)}.isdisjoint({"html_block", "html_inline"})
    assert sum(t.type == "blockquote_open" for t in tokens(out)) == sum(len(p.quotes) for p in thread.posts)
    assert thread.posts[0].text.split("\n") in paragraphs(out)


def test_text_keeps_code_verbatim_and_says_unknown() -> None:
    text = to_text(hostile())
    assert PHP in text and "\n".join(HOSTILE_LINES) in text
    assert "[#? · unknown author · unknown time]" in text and "None" not in text
    assert "> <b>quoted</b>:\n> quoted line one\n> quoted line two\nthe reply's own line" in text


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_an_incomplete_thread_says_which_pages_are_absent(fmt: str) -> None:
    thread = merge_pages([parse_page((FIXTURES / "rich.desktop.p1.gbk.html").read_bytes())])
    out = to_markdown(thread) if fmt == "markdown" else to_text(thread)
    assert "incomplete: pages 2-3 missing" in out
