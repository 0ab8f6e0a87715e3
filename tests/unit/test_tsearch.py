"""fakewoot/store/tsearch.py: PostgreSQL's english full-text matching (search_with_gin).

Stems are those of the Snowball English (Porter2) stemmer's published sample vocabulary
(snowballstem.org, algorithms/english: voc.txt / output.txt) and the algorithm's exceptional forms;
the tsvector and tsquery behaviours are PostgreSQL's (to_tsvector('english', ...), to_tsquery)."""

from __future__ import annotations

import pytest

from fakewoot.store.tsearch import STOP_WORDS, phrase_matcher, query_lexemes, stem, tokens

SAMPLES = {
    "consign": "consign",
    "consigned": "consign",
    "consigning": "consign",
    "consignment": "consign",
    "consistency": "consist",
    "consistently": "consist",
    "consolation": "consol",
    "consolatory": "consolatori",
    "consolidated": "consolid",
    "consolingly": "consol",
    "conspicuously": "conspicu",
    "conspiracy": "conspiraci",
    "conspirators": "conspir",
    "constable": "constabl",
    "constancy": "constanc",
    "knackeries": "knackeri",
    "kneaded": "knead",
    "kneeling": "kneel",
    "knees": "knee",
    "knightly": "knight",
    "knitting": "knit",
    "knives": "knive",
    "knocker": "knocker",
    "harry": "harri",
    "running": "run",
    "hopping": "hop",
    "hoped": "hope",
    "generously": "generous",
    "generate": "generat",
    "communism": "communism",
    "happily": "happili",
    "cries": "cri",
    "ties": "tie",
    "gaps": "gap",
    "gas": "gas",
    "wizards": "wizard",
    "relational": "relat",
    "hopefulness": "hope",
    "skies": "sky",
    "dying": "die",
    "news": "news",
    "succeeding": "succeed",
    "agreed": "agre",
    "feed": "feed",
    "controllable": "control",
    "fall": "fall",
    "sensational": "sensat",
    "electricity": "electr",
    "say": "say",
    "enjoy": "enjoy",
    "by": "by",
}


@pytest.mark.parametrize(("word", "expected"), SAMPLES.items())
def test_porter2_stems(word, expected):
    assert stem(word) == expected


def test_stop_words_are_postgres_english_list():
    assert len(STOP_WORDS) == 127
    assert {"is", "a", "the", "don", "s", "t"} <= STOP_WORDS


def test_tokens_keep_positions_of_stop_words():
    assert tokens("Harry Potter is a wizard") == ("harri", "potter", None, None, "wizard")


def test_tokens_hyphenated_word_gives_compound_then_parts():
    assert tokens("Well-known wizard") == (stem("well-known"), "well", "known", "wizard")


def test_tokens_email_and_numbers_stay_whole():
    assert tokens("mail Test@Example.com about 2024 or abc123") == (
        "mail",
        "test@example.com",
        None,
        "2024",
        None,
        "abc123",
    )


def test_query_drops_outer_stop_words_and_keeps_inner_gaps():
    assert query_lexemes("the Harry is wizard") == ["harri", None, "wizard"]
    assert query_lexemes("is the") == []


@pytest.mark.parametrize(
    ("query", "text", "matches"),
    [
        ("wizard", "Harry Potter is a wizard", True),
        ("wizards", "the Wizard of Oz", True),  # stems on both sides
        ("running", "he ran", False),
        ("running", "who runs", True),
        ("Harry Potter", "Harry Potter is a wizard", True),
        ("Potter Harry", "Harry Potter is a wizard", False),  # a phrase: order counts
        ("harry is wizard", "Harry, the wizard", True),  # a stop word holds its place
        ("harry is wizard", "Harry wizard", False),
        ("Harr", "Harry", False),  # whole lexemes, no prefixes
        ("the", "the end", False),  # only stop words: matches nothing
        ("test", "attested", False),
        ("test", None, False),
    ],
)
def test_phrase_matcher(query, text, matches):
    assert phrase_matcher(query)(text) is matches
