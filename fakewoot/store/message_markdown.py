"""Markdown to HTML for the e-mail content of replies in email inboxes (ChatwootMarkdownRenderer's
render_message: CommonMarker with the strikethrough extension, raw HTML omitted, images as bare
`<img src=... />`).

A subset of CommonMark: paragraphs with soft and hard breaks, ATX headings, fenced code, thematic
breaks, block quotes, flat lists; inline code, strong, emphasis, strikethrough, links, images,
autolinks, backslash escapes. Nested lists, setext headings, indented code and reference links are
rendered as paragraphs text.

Source: lib/chatwoot_markdown_renderer.rb, lib/base_markdown_renderer.rb (v4.10).
"""

from __future__ import annotations

import html
import re

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_QUOTE = re.compile(r" {0,3}> ?(.*)")
_ITEM = re.compile(r" {0,3}([-+*]|\d{1,9}[.)])[ \t]+(.*)")
_RAW_OMITTED = "<!-- raw HTML omitted -->"
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<codebody>.+?)(?P=ticks))"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<image>!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"(?P<imgtitle>[^\"]*)\")?\))"
    r"|(?P<link>\[(?P<text>[^\]]*)\]\((?P<href>[^)\s]*)(?:\s+\"(?P<title>[^\"]*)\")?\))"
    r"|(?P<autolink><(?P<url>[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>)"
    r"|(?P<html></?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<strong>\*\*(?=\S)(?P<sbody1>.+?)(?<=\S)\*\*|__(?=\S)(?P<sbody2>.+?)(?<=\S)__)"
    r"|(?P<del>~~(?=\S)(?P<dbody>.+?)(?<=\S)~~)"
    r"|(?P<em>\*(?=\S)(?P<ebody1>.+?)(?<=\S)\*|\b_(?=\S)(?P<ebody2>.+?)(?<=\S)_\b)",
    re.DOTALL,
)


def render_markdown(content: str) -> str:
    """The HTML ChatwootMarkdownRenderer#render_message gives, "" for blank content."""
    if not content.strip():
        return ""
    return _blocks(content.split("\n"))


def _blocks(lines: list[str]) -> str:
    out: list[str] = []
    paragraph: list[str] = []
    index = 0

    def flush() -> None:
        if paragraph:
            text = "\n".join(line.lstrip() for line in paragraph).rstrip()
            out.append(f"<p>{_inline(text)}</p>\n")
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        fence = _FENCE.fullmatch(line)
        if fence is not None:
            flush()
            marker, info = fence.group(1), fence.group(2)
            body: list[str] = []
            index += 1
            while index < len(lines) and not lines[index].strip().startswith(marker):
                body.append(lines[index])
                index += 1
            index += 1
            code = _escape("\n".join(body) + ("\n" if body else ""))
            language = f' class="language-{_escape(info)}"' if info else ""
            out.append(f"<pre><code{language}>{code}</code></pre>\n")
            continue
        index += 1
        if not line.strip():
            flush()
        elif (heading := _HEADING.fullmatch(line)) is not None:
            flush()
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2) or '')}</h{level}>\n")
        elif _BREAK.fullmatch(line) is not None:
            flush()
            out.append("<hr />\n")
        elif _QUOTE.fullmatch(line) is not None and not paragraph:
            quoted = [_QUOTE.fullmatch(line).group(1)]  # type: ignore[union-attr]
            while index < len(lines) and (more := _QUOTE.fullmatch(lines[index])) is not None:
                quoted.append(more.group(1))
                index += 1
            out.append(f"<blockquote>\n{_blocks(quoted)}</blockquote>\n")
        elif (item := _ITEM.fullmatch(line)) is not None and (
            not paragraph or not item.group(1)[0].isdigit()
        ):
            flush()
            marker = item.group(1)
            ordered = marker[0].isdigit()
            items = [item.group(2)]
            while index < len(lines) and (more_item := _ITEM.fullmatch(lines[index])) is not None:
                if more_item.group(1)[0].isdigit() != ordered:
                    break
                items.append(more_item.group(2))
                index += 1
            start = int(marker[:-1]) if ordered else 1
            tag = "ol" if ordered else "ul"
            opening = f'<ol start="{start}">' if ordered and start != 1 else f"<{tag}>"
            rendered = "".join(f"<li>{_inline(text.strip())}</li>\n" for text in items)
            out.append(f"{opening}\n{rendered}</{tag}>\n")
        else:
            paragraph.append(line)
    flush()
    return "".join(out)


def _escape(text: str) -> str:
    """CGI.escapeHTML: & < > " and '."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def _text(text: str) -> str:
    """Escaped text; two trailing spaces or a backslash before a newline is a hard break, one space
    before a newline goes."""
    escaped = _escape(text)
    escaped = re.sub(r" {2,}\n", "<br />\n", escaped)
    escaped = re.sub(r" \n", "\n", escaped)
    return re.sub(r"\\\n", "<br />\n", escaped)


def _inline(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(_text(text[position : match.start()]))
        position = match.end()
        kind = match.lastgroup
        if match.group("code") is not None:
            body = match.group("codebody").replace("\n", " ")
            if body.startswith(" ") and body.endswith(" ") and body.strip():
                body = body[1:-1]
            out.append(f"<code>{_escape(body)}</code>")
        elif match.group("escape") is not None:
            out.append(_escape(match.group("escape")[1]))
        elif match.group("image") is not None:
            src = _escape(match.group("src"))
            title = match.group("imgtitle")
            height = re.search(r"[?&]cw_image_height=([^&#]*)", match.group("src"))
            attributes = f' title="{_escape(title)}"' if title else ""
            if height is not None:
                attributes += f' height="{_escape(height.group(1))}" width="auto"'
            out.append(f'<img src="{src}"{attributes} />')
        elif match.group("link") is not None:
            href = _escape(match.group("href"))
            title = match.group("title")
            title_attribute = f' title="{_escape(title)}"' if title else ""
            out.append(f'<a href="{href}"{title_attribute}>{_inline(match.group("text"))}</a>')
        elif match.group("autolink") is not None:
            url = _escape(match.group("url"))
            out.append(f'<a href="{url}">{url}</a>')
        elif match.group("html") is not None:
            out.append(_RAW_OMITTED)
        elif match.group("strong") is not None:
            out.append(f"<strong>{_inline(match.group('sbody1') or match.group('sbody2'))}</strong>")
        elif match.group("del") is not None:
            out.append(f"<del>{_inline(match.group('dbody'))}</del>")
        elif kind is not None:
            out.append(f"<em>{_inline(match.group('ebody1') or match.group('ebody2'))}</em>")
    out.append(_text(text[position:]))
    return "".join(out)
