"""PostgreSQL full-text matching as Chatwoot's `search_with_gin` message search uses it:
`content @@ to_tsquery('w1 <-> w2 ...')` under the default text search configuration of a stock
PostgreSQL install, `english` (the default parser, the english stop words, the Snowball English
stemmer for words, lower-casing for everything else).

- Parsing (a subset of PostgreSQL's default parser): e-mail addresses are one token; runs of
  letters and digits are words; letters-only words joined by hyphens give the whole compound and
  then each part, each at its own position. Other characters (punctuation, `_`) separate tokens.
  Hosts, URLs, file paths and decimal numbers, which PostgreSQL keeps whole, are split here.
- A stop word keeps its position but is no lexeme: the query `harry is wizard` reads
  `harri <2> wizard`, which matches "Harry is wizard" and "Harry, the wizard" (not "Harry wizard",
  nor "Harry is a wizard").
- A query operand yielding several lexemes is a phrase of them; a query of stop words only matches
  nothing (PostgreSQL: "text-search query contains only stop words ... ignored").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_STOP_LIST = """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own same
    so than too very s t can will just don should now"""
STOP_WORDS = frozenset(_STOP_LIST.split())  # PostgreSQL's english.stop
TOKEN = re.compile(
    r"(?P<email>[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)+)"
    r"|(?P<hword>[^\W\d_]+(?:-[^\W\d_]+)+)"
    r"|(?P<word>[^\W_]+)"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_ALNUM = re.compile(r"[^\W_]+")

Lexeme = str | None  # None: a stop word's position


def tokens(text: str) -> tuple[Lexeme, ...]:
    """to_tsvector's positions in order: each a lexeme, or None for a stop word (cached per text)."""
    return _tokens(text)


@functools.lru_cache(maxsize=65_536)
def _tokens(text: str) -> tuple[Lexeme, ...]:
    lower = text.lower()
    if "@" not in lower and "-" not in lower:  # words only: the common case, one findall
        return tuple(map(_word, _ALNUM.findall(lower)))
    out: list[Lexeme] = []
    for found in TOKEN.finditer(lower):
        if found.group("email"):
            out.append(found.group())
        elif found.group("hword"):
            compound = found.group()
            out.append(stem(compound))
            out.extend(_word(part) for part in compound.split("-"))
        else:
            out.append(_word(found.group()))
    return tuple(out)


@functools.lru_cache(maxsize=65_536)
def _word(word: str) -> Lexeme:
    if word in STOP_WORDS:
        return None
    return stem(word) if _LETTERS.fullmatch(word) else word


def simple_tokens(text: str) -> list[str]:
    """to_tsvector('simple', text): lower-cased tokens, stop words included."""
    out: list[str] = []
    for found in TOKEN.finditer(text.lower()):
        if found.group("hword"):
            out.append(found.group())
            out.extend(found.group().split("-"))
        else:
            out.append(found.group())
    return out


def query_lexemes(query: str) -> list[Lexeme]:
    """`query.split.join(' <-> ')` read by to_tsquery: the operands' lexemes in a row, stop words as
    gaps; an operand without any token (punctuation only) drops out; leading and trailing gaps too."""
    lexemes: list[Lexeme] = []
    for operand in query.split():
        lexemes.extend(tokens(operand))
    while lexemes and lexemes[0] is None:
        lexemes.pop(0)
    while lexemes and lexemes[-1] is None:
        lexemes.pop()
    return lexemes


def phrase_matcher(query: str) -> Callable[[str | None], bool]:
    """`content @@ to_tsquery(...)` for a query without tsquery syntax; a blank query is not passed."""
    wanted = query_lexemes(query)
    if not wanted:
        return lambda text: False
    pattern = [(offset, lexeme) for offset, lexeme in enumerate(wanted) if lexeme is not None]
    first = pattern[0][1]

    def match(text: str | None) -> bool:
        if text is None:
            return False
        found = tokens(text)
        if first not in found:
            return False
        if len(pattern) == 1:
            return True
        n = len(found)
        for start, lexeme in enumerate(found):
            if lexeme != first:
                continue
            if all(start + offset < n and found[start + offset] == want for offset, want in pattern):
                return True
        return False

    return match


# --- the Snowball English (Porter2) stemmer --------------------------------------------------------

_VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDINGS = frozenset("cdeghkmnrt")
_EXCEPTIONS = {
    "skis": "ski",
    "skies": "sky",
    "dying": "die",
    "lying": "lie",
    "tying": "tie",
    "idly": "idl",
    "gently": "gentl",
    "ugly": "ugli",
    "early": "earli",
    "only": "onli",
    "singly": "singl",
    "sky": "sky",
    "news": "news",
    "howe": "howe",
    "atlas": "atlas",
    "cosmos": "cosmos",
    "bias": "bias",
    "andes": "andes",
}
_AFTER_1A = frozenset(("inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"))
_STEP2 = (
    ("ization", "ize"),
    ("ational", "ate"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("iveness", "ive"),
    ("tional", "tion"),
    ("biliti", "ble"),
    ("lessli", "less"),
    ("entli", "ent"),
    ("ation", "ate"),
    ("alism", "al"),
    ("aliti", "al"),
    ("ousli", "ous"),
    ("iviti", "ive"),
    ("fulli", "ful"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("abli", "able"),
    ("izer", "ize"),
    ("ator", "ate"),
    ("alli", "al"),
    ("bli", "ble"),
    ("ogi", "og"),
    ("li", ""),
)
_STEP3 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("alize", "al"),
    ("icate", "ic"),
    ("iciti", "ic"),
    ("ative", ""),
    ("ical", "ic"),
    ("ness", ""),
    ("ful", ""),
)
_STEP4 = (
    "ement",
    "ance",
    "ence",
    "able",
    "ible",
    "ment",
    "ant",
    "ent",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "ion",
    "al",
    "er",
    "ic",
)


def _region(word: str, start: int) -> int:
    """The start of the region after the first non-vowel that follows a vowel, from `start`."""
    for i in range(start + 1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return i + 1
    return len(word)


def _short_syllable_end(word: str) -> bool:
    if len(word) == 2:
        return word[0] in _VOWELS and word[1] not in _VOWELS
    return (
        len(word) >= 3
        and word[-3] not in _VOWELS
        and word[-2] in _VOWELS
        and word[-1] not in _VOWELS
        and word[-1] not in "wxY"
    )


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball English stemmer (Porter2) of a lower-case word."""
    if len(word) <= 2:
        return word
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    chars = list(word)
    if chars[0] == "y":
        chars[0] = "Y"
    for i in range(1, len(chars)):
        if chars[i] == "y" and chars[i - 1] in _VOWELS:
            chars[i] = "Y"
    w = "".join(chars)
    for prefix in ("gener", "commun", "arsen"):
        if w.startswith(prefix):
            r1 = len(prefix)
            break
    else:
        r1 = _region(w, 0)
    r2 = _region(w, r1)
    w = _step1a(w)
    if w in _AFTER_1A:
        return w
    w = _step1b(w, r1)
    if len(w) > 2 and w[-1] in "yY" and w[-2] not in _VOWELS:  # step 1c
        w = w[:-1] + "i"
    w = _replace(w, _STEP2, r1, step2=True)
    w = _step3(w, r1, r2)
    w = _step4(w, r2)
    w = _step5(w, r1, r2)
    return w.replace("Y", "y")


def _step1a(w: str) -> str:
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith(("ied", "ies")):
        return w[:-2] if len(w) > 4 else w[:-1]
    if w.endswith(("us", "ss")):
        return w
    if w.endswith("s") and _has_vowel(w[:-2]):
        return w[:-1]
    return w


def _step1b(w: str, r1: int) -> str:
    for suffix in ("eedly", "eed"):
        if w.endswith(suffix):
            return w[: -len(suffix)] + "ee" if len(w) - len(suffix) >= r1 else w
    for suffix in ("ingly", "edly", "ing", "ed"):
        if w.endswith(suffix):
            base = w[: -len(suffix)]
            if not _has_vowel(base):
                return w
            if base.endswith(("at", "bl", "iz")):
                return base + "e"
            if base.endswith(_DOUBLES):
                return base[:-1]
            if r1 >= len(base) and _short_syllable_end(base):
                return base + "e"
            return base
    return w


def _replace(w: str, table: tuple[tuple[str, str], ...], r1: int, *, step2: bool = False) -> str:
    for suffix, replacement in table:
        if not w.endswith(suffix):
            continue
        if len(w) - len(suffix) < r1:
            return w
        base = w[: -len(suffix)]
        if step2 and suffix == "ogi" and not base.endswith("l"):
            return w
        if step2 and suffix == "li" and (not base or base[-1] not in _LI_ENDINGS):
            return w
        return base + replacement
    return w


def _step3(w: str, r1: int, r2: int) -> str:
    for suffix, replacement in _STEP3:
        if not w.endswith(suffix):
            continue
        start = len(w) - len(suffix)
        if start < r1 or (suffix == "ative" and start < r2):
            return w
        return w[:start] + replacement
    return w


def _step4(w: str, r2: int) -> str:
    for suffix in _STEP4:
        if not w.endswith(suffix):
            continue
        start = len(w) - len(suffix)
        if start < r2:
            return w
        if suffix == "ion" and (start == 0 or w[start - 1] not in "st"):
            return w
        return w[:start]
    return w


def _step5(w: str, r1: int, r2: int) -> str:
    start = len(w) - 1
    if w.endswith("e"):
        if start >= r2 or (start >= r1 and not _short_syllable_end(w[:-1])):
            return w[:-1]
    elif w.endswith("l") and start >= r2 and w[-2:-1] == "l":
        return w[:-1]
    return w
