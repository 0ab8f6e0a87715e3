"""Liquid in outgoing message content (Chatwoot's Liquidable concern, liquid 5.4 in lax mode).

A subset: `{{ variable.path | filter: arg }}` outputs with whitespace control, `{% raw %}` and
`{% comment %}`; text between backticks is left alone, as Chatwoot wraps it in raw. Anything Liquid
refuses (an unterminated `{{`, a tag left open) and any tag outside the subset raises LiquidError,
and the caller keeps the content as it was (Chatwoot rescues Liquid::Error the same way).
The drops are plain dicts (see messages.py); a missing key renders as nothing.

Source: app/models/concerns/liquidable.rb, app/drops/*.rb (reference inboxes-conversations-messages.md 4.3).
"""

from __future__ import annotations

import re
from typing import Any

# Liquid::Tokenizer: a tag, a variable up to its first "}" (then an optional second), or a lone opener
_TOKENS = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}?|\{\{|\{%)", re.DOTALL)
_TAG = re.compile(r"\{%-?\s*(\w+)\s*(.*?)-?%\}", re.DOTALL)
_BLOCK_END = re.compile(r"(.*)\{%-?\s*(\w+)\s*(.*)?-?%\}", re.DOTALL)
_CODE = re.compile(r"`(.*?)`", re.DOTALL)
_QUOTED = r"\"[^\"]*\"|'[^']*'"
_FRAGMENT = re.compile(rf"(?:{_QUOTED}|[^\s,|'\"])+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_LITERALS: dict[str, Any] = {
    "true": True,
    "false": False,
    "nil": None,
    "null": None,
    "empty": "",
    "blank": "",
}


class LiquidError(Exception):
    """Liquid::SyntaxError: the template cannot be parsed."""


def protect_code(content: str) -> str:
    """Liquidable#modified_liquid_content: text between backticks becomes a raw block."""
    return _CODE.sub(lambda m: "{% raw %}`" + m.group(1) + "`{% endraw %}", content)


def render(source: str, drops: dict[str, Any]) -> str:
    """Parse and render `source`; LiquidError when Liquid would refuse it."""
    tokens = [t for t in _TOKENS.split(source) if t]
    out: list[str] = []
    trim_next = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.startswith("{{"):
            if not token.endswith("}}"):
                raise LiquidError(f"Variable '{token}' was not properly terminated")
            if token.startswith("{{-") and out:
                out[-1] = out[-1].rstrip()
            markup = token[2:-2]
            markup = markup[1:] if markup.startswith("-") else markup
            trim_next = markup.endswith("-")
            markup = markup[:-1] if trim_next else markup
            out.append(_output(_variable(markup, drops)))
            continue
        if token.startswith("{%"):
            tag = _TAG.fullmatch(token)
            if tag is None:
                raise LiquidError(f"Tag '{token}' was not properly terminated")
            name, markup = tag.group(1), tag.group(2)
            if name not in ("raw", "comment") or markup.strip():
                raise LiquidError(f"Unknown tag '{name}'")  # outside fakewoot's subset
            body, index = _block(tokens, index, "end" + name)
            if name == "raw":
                out.append(body)
            trim_next = False
            continue
        out.append(token.lstrip() if trim_next else token)
        trim_next = False
    return "".join(out)


def _block(tokens: list[str], index: int, end: str) -> tuple[str, int]:
    """A raw or comment body: every token up to the one ending in `{% end... %}`, verbatim."""
    body: list[str] = []
    while index < len(tokens):
        token = tokens[index]
        index += 1
        closing = _BLOCK_END.fullmatch(token)
        if closing is not None and closing.group(2) == end:
            body.append(closing.group(1))
            return "".join(body), index
        body.append(token)
    raise LiquidError(f"'{end[3:]}' tag was never closed")


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == separator:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _variable(markup: str, drops: dict[str, Any]) -> Any:
    """Lax Liquid::Variable: the first fragment is the value, then `| filter: arg, arg` pieces."""
    name = _FRAGMENT.search(markup)
    if name is None:
        return None
    value = _expression(name.group(0), drops)
    rest = markup[name.end() :]
    for piece in _split_outside_quotes(rest, "|")[1:]:
        filter_name = re.search(r"\w+", piece)
        if filter_name is None:
            continue
        arguments = piece[filter_name.end() :].lstrip()
        args = []
        if arguments.startswith(":"):
            args = [
                _expression(found.group(0), drops)
                for part in _split_outside_quotes(arguments[1:], ",")
                if (found := _FRAGMENT.search(part)) is not None
            ]
        value = _filter(filter_name.group(0), value, args)
    return value


def _expression(text: str, drops: dict[str, Any]) -> Any:
    if text[:1] in "\"'" and text[-1:] == text[:1] and len(text) > 1:
        return text[1:-1]
    if text in _LITERALS:
        return _LITERALS[text]
    if _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    value: Any = drops
    for key in re.findall(r"[^.\[\]'\"]+", text):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _filter(name: str, value: Any, args: list[Any]) -> Any:
    """The standard filters messages use; an unknown one returns its input (lax, no strict_filters)."""
    if name == "default":
        return args[0] if args and (value is None or value is False or value in ("", [], {})) else value
    text = _output(value)
    simple = {
        "upcase": text.upper,
        "downcase": text.lower,
        "capitalize": text.capitalize,
        "strip": text.strip,
        "lstrip": text.lstrip,
        "rstrip": text.rstrip,
    }
    if name in simple:
        return simple[name]()
    if name in ("append", "prepend") and args:
        extra = _output(args[0])
        return text + extra if name == "append" else extra + text
    return value


def _output(value: Any) -> str:
    """How Liquid writes a value: nil nothing, booleans and numbers as Ruby prints them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "".join(_output(item) for item in value)
    return str(value)


def render_params(value: Any, drops: dict[str, Any]) -> Any:
    """Liquidable#process_liquid_in_hash: every non-blank string of a hash (arrays too) rendered on
    its own; a string Liquid refuses stays as it was."""
    if isinstance(value, dict):
        return {key: render_params(item, drops) for key, item in value.items()}
    if isinstance(value, list):
        return [render_params(item, drops) for item in value]
    if isinstance(value, str) and value.strip():
        try:
            return render(value, drops)
        except LiquidError:
            return value
    return value
