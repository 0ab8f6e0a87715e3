"""GET /api/v2/accounts/:account_id/year_in_review: the caller's year in the account.

Source at v4.10: app/controllers/api/v2/accounts/year_in_reviews_controller.rb and
app/builders/year_in_review_builder.rb (built in fakewoot/reporting/year_in_review.py). Any member
of the account (agent or administrator); bots are refused. `year` defaults to 2025 and is echoed as
given (a query string's "2024" stays a string; the default is the number 2025).

The answer is cached in the caller's ui_settings under `year_in_review_<account id>_<year>`: a
present cached value is sent back as it is, so later conversations do not change it; otherwise the
built value is written there (the user's updated_at moves) and sent.

Where Chatwoot raises (a 500) fakewoot answers 422 `{"error": ...}`: a `year` that is not a whole
number (Time.utc's Integer() conversion) or beyond what PostgreSQL's timestamps hold.
"""

from __future__ import annotations

import re
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.reports import Unprocessable, _blank
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.reporting import year_in_review

DEFAULT_YEAR = 2025
CACHE_KEY = "year_in_review_{account_id}_{year}"
MSG_INVALID_YEAR = 'invalid value for Integer(): "{}"'
MSG_YEAR_OUT_OF_RANGE = "timestamp out of range"
INTEGER_RE = re.compile(r"\s*[+-]?\d+(_\d+)*\s*")
YEARS = range(-4713, 294_277)  # PostgreSQL's timestamp range


def _year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str) and INTEGER_RE.fullmatch(value):
        year = int(value.replace("_", ""))
    else:
        raise Unprocessable(MSG_INVALID_YEAR.format(value))
    if year not in YEARS:
        raise Unprocessable(MSG_YEAR_OUT_OF_RANGE)
    return year


def _cache_key(account_id: int, year: Any) -> str:
    """Ruby's "#{year}": a number or the string as given."""
    return CACHE_KEY.format(account_id=account_id, year=year)


async def show_year_in_review(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    shown = params.get("year")
    shown = DEFAULT_YEAR if shown is None else shown
    user = ctx.store.users.get(member.user_id)
    assert user is not None  # a membership names an existing user
    key = _cache_key(account.id, shown)
    cached = (user.ui_settings or {}).get(key)
    if not _blank(cached) and cached not in ([], {}, False):
        return json_response(cached, headers=ctx.response_headers)
    body = year_in_review.build(account, user.id, _year(shown), shown)
    ctx.store.users.update(user, ui_settings={**(user.ui_settings or {}), key: body})
    return json_response(body, headers=ctx.response_headers)


routes = [
    Route(
        "GET", "/api/v2/accounts/{account_id:int}/year_in_review", show_year_in_review, "year_in_reviews.show"
    )
]
