"""pg_search's ranked tsearch, as help-center article search orders its hits (Article.text_search at
v4.10): pg_search over setweight(to_tsvector('simple', title), 'A') || setweight(..., description,
'B') || setweight(..., content, 'C'), every query term a prefix (`term:*`), the terms ANDed, ordered
by ts_rank(vector, query, 2): PostgreSQL's calc_rank_or for one term, calc_rank_and for several,
divided by the document's number of positions (tsrank.c)."""

from __future__ import annotations

import math

from fakewoot.store.tsearch import simple_tokens

WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}  # ts_rank's default weights
MAX_POSITION = 16_383
Vector = dict[str, list[tuple[int, float]]]  # lexeme -> (position, weight), by position


def weighted_vector(fields: list[tuple[str | None, str]]) -> Vector:
    """`setweight(to_tsvector('simple', f1), w1) || ...`: each field's positions follow the last."""
    vector: Vector = {}
    offset = 0
    for text, weight in fields:
        found = simple_tokens(text or "")
        for index, lexeme in enumerate(found, start=1):
            vector.setdefault(lexeme, []).append((min(offset + index, MAX_POSITION), WEIGHTS[weight]))
        offset += len(found)
    return vector


def _word_distance(distance: int) -> float:
    return 1e-30 if distance > 100 else 1.0 / (1.005 + 0.05 * math.exp(distance / 1.5 - 2))


def _entries(vector: Vector, term: str) -> list[list[tuple[int, float]]]:
    """find_wordentry with a prefix: the matching lexemes' positions, in lexeme order."""
    return [vector[lexeme] for lexeme in sorted(vector) if lexeme.startswith(term)]


def _rank_or(vector: Vector, terms: list[str]) -> float:
    res = 0.0
    for term in terms:
        for positions in _entries(vector, term):
            resj, wjm, jm = 0.0, -1.0, 0
            for j, (_, weight) in enumerate(positions):
                resj += weight / ((j + 1) * (j + 1))
                if weight > wjm:
                    wjm, jm = weight, j
            res += (wjm + resj - wjm / ((jm + 1) * (jm + 1))) / 1.64493406685
    return res / len(terms) if terms else res


def _rank_and(vector: Vector, terms: list[str]) -> float:
    res = -1.0
    seen: list[list[tuple[int, float]] | None] = [None] * len(terms)
    for i, term in enumerate(terms):
        for positions in _entries(vector, term):
            seen[i] = positions
            for earlier in seen[:i]:
                if earlier is None:
                    continue
                for here, weight_here in positions:
                    for there, weight_there in earlier:
                        distance = abs(here - there)
                        if distance:
                            current = math.sqrt(weight_here * weight_there * _word_distance(distance))
                            res = current if res < 0 else 1.0 - (1.0 - res) * (1.0 - current)
    return res


def ts_rank(vector: Vector, terms: list[str]) -> float:
    """ts_rank(vector, 't1:* & t2:* ...', 2)."""
    unique = sorted(set(terms))
    res = _rank_and(vector, unique) if len(unique) > 1 else _rank_or(vector, unique)
    if res < 0:
        res = 1e-20
    length = sum(len(positions) for positions in vector.values())
    return res / length if length > 0 else res
