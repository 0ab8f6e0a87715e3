"""Hypothesis strategies for code that talks to Chatwoot: contact bodies, contact filters, credentials.

Every strategy follows the fake's rules (fakewoot/store/contacts.py, contact_filters.py, validation.py),
kept to values real Chatwoot agrees on: no NUL characters (PostgreSQL refuses them), ASCII digits in
phone numbers (Ruby's \\d), no surrounding whitespace in e-mails, JSON numbers a JavaScript client can
hold, and no trailing `query_operator` on the last filter condition (Chatwoot's SQL would fail there).

    from hypothesis import given
    from fakewoot.testing import contact_payloads, invalid_contact_payloads

    @given(payload=contact_payloads())
    def test_sync_creates_contacts(fakewoot, payload):
        fakewoot.fake.reset()  # one example after the other in the same test: start clean
        my_crm.push_contact(base_url=fakewoot.url, token=fakewoot.admin_token, contact=payload)

Values are random, so two draws in one example can collide on the unique fields (email, phone
number, identifier); the seeded contacts' values are never drawn on purpose, but reset the fake
between examples rather than rely on that.
"""

from __future__ import annotations

import base64
import json
import string
from collections.abc import Mapping
from dataclasses import field
from typing import Any, Literal, NamedTuple, overload

from hypothesis import strategies as st

from fakewoot.records import dataclass
from fakewoot.store.contact_filters import (
    MSG_INVALID_KEY,
    MSG_INVALID_OPERATOR,
    MSG_INVALID_VALUE,
    MSG_QUERY_OPERATOR,
    PRESENCE_OPS,
    STANDARD,
)
from fakewoot.store.contacts import STRING_LIMIT

__all__ = [
    "DEFAULT_TOKENS",
    "Credentials",
    "InvalidContact",
    "InvalidFilter",
    "contact_payloads",
    "credentials",
    "emails",
    "filter_payloads",
    "invalid_contact_payloads",
    "phone_numbers",
]

# The default fixture set's tokens (fakewoot/fixtures/default; the same as the pytest plugin's).
ADMIN_TOKEN = "fakewoot-admin-token"
AGENT_TOKEN = "fakewoot-agent-token"
GLOBEX_ADMIN_TOKEN = "fakewoot-globex-admin-token"
PLATFORM_TOKEN = "fakewoot-platform-token"
BOT_TOKEN = "fakewoot-bot-token"
# user api_access_token -> the user's email (uid)
DEFAULT_TOKENS: Mapping[str, str] = {
    ADMIN_TOKEN: "john@acme.inc",
    AGENT_TOKEN: "jane@acme.inc",
    GLOBEX_ADMIN_TOKEN: "hank@globex.test",
}
NON_USER_TOKENS = (PLATFORM_TOKEN, BOT_TOKEN)

# The 401 bodies Chatwoot (and the fake) answer on /api/v1 endpoints.
BODY_SIGN_IN = {"errors": ["You need to sign in or sign up before continuing."]}
BODY_INVALID_TOKEN = {"error": "Invalid Access Token"}
BODY_BOT = {"error": "Access to this endpoint is not authorized for bots"}

RESOLVING_FIELDS = ("email", "phone_number", "identifier")
_JS_SAFE = 2**53 - 1

# --------------------------------------------------------------------------- building blocks

# Any Unicode text PostgreSQL stores: no NUL, no lone surrogates.
_chars = st.characters(codec="utf-8", exclude_characters="\x00")
# Printable ASCII without @ (and so without whitespace): e-mail local parts and domains.
_email_chars = st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="@")
_token_chars = string.ascii_letters + string.digits + "-_"


def _text(min_size: int = 0, max_size: int = STRING_LIMIT) -> st.SearchStrategy[str]:
    return st.text(_chars, min_size=min_size, max_size=max_size)


def emails() -> st.SearchStrategy[str]:
    """Addresses the fake and Devise.email_regexp (`\\A[^@\\s]+@[^@\\s]+\\z`) accept, ≤ 255 characters,
    mixed case (the fake stores them lower-cased)."""
    loose = st.builds(
        "{}@{}".format,
        st.text(_email_chars, min_size=1, max_size=64),
        st.text(_email_chars, min_size=1, max_size=63),
    )
    return st.one_of(st.emails().filter(lambda e: len(e) <= STRING_LIMIT), loose)


def phone_numbers() -> st.SearchStrategy[str]:
    """E.164 numbers: `+`, a digit 1-9, then 1..14 ASCII digits (valid under v4.10's end-anchored
    `/\\+[1-9]\\d{1,14}\\z/`, which the fake applies, and under a fully anchored one)."""
    return st.builds(
        "+{}{}".format,
        st.integers(min_value=1, max_value=9),
        st.text(string.digits, min_size=1, max_size=14),
    )


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-_JS_SAFE, max_value=_JS_SAFE),
        st.floats(allow_nan=False, allow_infinity=False),
        _text(max_size=40),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(_text(min_size=1, max_size=12), children, max_size=3),
        ),
        max_leaves=6,
    )


def _attributes(known_keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.one_of(st.sampled_from(known_keys), _text(min_size=1, max_size=30))
    return st.dictionaries(keys, _json_values(), max_size=4)


_ADDITIONAL_KEYS = ("company", "company_name", "city", "country", "country_code", "description")
_CUSTOM_KEYS = ("customer_type", "plan", "seats", "signup_date", "is_premium")


# --------------------------------------------------------------------------- contacts


def contact_payloads(*, resolved: bool | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies for `POST /api/v1/accounts/:id/contacts` (and `PATCH .../contacts/:id`) that pass the
    fake's validation. Every key is optional (an empty body is valid):

    * `name`: any text (NUL excluded), 0..255 characters;
    * `email`: matches the fake's EMAIL_RE, ≤ 255 characters, mixed case;
    * `phone_number`: E.164, `+`, a digit 1-9, then 1..14 digits;
    * `identifier`: any text, 1..255 characters;
    * `blocked`: a boolean;
    * `custom_attributes`, `additional_attributes`: small JSON objects (the usual keys such as `plan`,
      `city`, `company` appear often), integers within ±(2**53 - 1), no NaN or infinity.

    `resolved=True` always includes one of email / phone_number / identifier (the contact shows in
    `GET .../contacts`, which lists only those); `resolved=False` never includes them (the contact is
    created but not listed, and cannot clash with another contact); None: either.

    Values are random: draw several into one account and the unique fields may collide (422).
    """
    optional: dict[str, st.SearchStrategy[Any]] = {
        "name": _text(),
        "blocked": st.booleans(),
        "custom_attributes": _attributes(_CUSTOM_KEYS),
        "additional_attributes": _attributes(_ADDITIONAL_KEYS),
    }
    if resolved is not False:
        optional.update(
            email=emails(),
            phone_number=phone_numbers(),
            identifier=_text(min_size=1),
        )
    payloads = st.fixed_dictionaries({}, optional=optional)
    if resolved:
        payloads = payloads.filter(lambda p: any(key in p for key in RESOLVING_FIELDS))
    return payloads


class InvalidContact(NamedTuple):
    """A contact body with exactly one bad field, and the attribute the 422 names for it:
    `{"message": "...", "attributes": [attribute]}`."""

    payload: dict[str, Any]
    attribute: str


def _bad_emails() -> st.SearchStrategy[str]:
    part = st.text(_email_chars, min_size=1, max_size=20)
    return st.one_of(
        part,  # no @ at all
        st.builds("{}@{}@{}".format, part, part, part),  # two @
        st.builds("{} {}@{}".format, part, part, part),  # whitespace inside
        st.builds("@{}".format, part),  # no local part
        st.builds("{}@".format, part),  # no domain
        # matches the format but is too long (Email is too long (maximum is 255 characters))
        st.builds(
            "{}@{}".format,
            st.text(_email_chars, min_size=128, max_size=160),
            st.text(_email_chars, min_size=128, max_size=160),
        ),
    )


def _bad_phones() -> st.SearchStrategy[str]:
    """Wrong under both the end-only regex (v4.10, the fake) and a fully anchored one."""
    digits = st.text(string.digits, min_size=1, max_size=14)
    return st.one_of(
        st.builds("{}{}".format, st.integers(1, 9), digits),  # no +
        st.builds("+0{}".format, digits),  # starts with 0
        st.sampled_from(["+1", "+", "+9"]),  # too short
        st.text(string.digits, min_size=16, max_size=20).map(lambda d: "+1" + d),  # > 15 digits
        st.builds("+1{} {}".format, digits, digits),  # a space
        st.builds("+1{}-{}".format, digits, digits),  # a dash
        st.builds("+1{}{}".format, digits, st.text(string.ascii_letters, min_size=1, max_size=4)),
    )


def invalid_contact_payloads() -> st.SearchStrategy[InvalidContact]:
    """`(payload, attribute)`: a valid body from `contact_payloads(resolved=False)` with one bad field
    added. The fake (and Chatwoot) answer 422 with `attributes == [attribute]`:

    * `email`: no @, two @, inner whitespace, no local part or domain, or longer than 255 (never blank:
      a blank e-mail is stored as null, which is valid);
    * `phone_number`: not E.164 (no +, +0..., too short, more than 15 digits, spaces, dashes, letters);
    * `name`: 256..400 characters;
    * `identifier`: 256..400 characters.
    """
    bad = st.one_of(
        st.tuples(st.just("email"), _bad_emails()),
        st.tuples(st.just("phone_number"), _bad_phones()),
        st.tuples(st.just("name"), _text(min_size=STRING_LIMIT + 1, max_size=400)),
        st.tuples(st.just("identifier"), _text(min_size=STRING_LIMIT + 1, max_size=400)),
    )
    return st.builds(
        lambda base, pair: InvalidContact({**base, pair[0]: pair[1]}, pair[0]),
        contact_payloads(resolved=False),
        bad,
    )


# --------------------------------------------------------------------------- filters

ALL_OPERATORS: tuple[str, ...] = tuple(dict.fromkeys(op for _, ops in STANDARD.values() for op in ops))
STANDARD_KEYS: tuple[str, ...] = tuple(STANDARD)
DEFAULT_LABELS = ("support", "billing", "vip")


class InvalidFilter(NamedTuple):
    """Filter conditions with exactly one invalid condition, and the fake's (and Chatwoot's) answer:
    422 `{"error": message}`."""

    payload: list[dict[str, Any]]
    message: str


def _values_for(key: str, operator: str, labels: tuple[str, ...]) -> st.SearchStrategy[list[Any]]:
    kind = STANDARD[key][0]
    if operator in PRESENCE_OPS:
        return st.just([])
    if kind == "labels":
        return st.sampled_from(labels).map(lambda label: [label])
    if kind == "date":
        if operator == "days_before":
            return st.integers(min_value=0, max_value=3650).map(lambda n: [str(n)])
        return st.dates().map(lambda d: [d.isoformat()])
    if kind == "boolean":
        return st.sampled_from([True, False, "true", "false"]).map(lambda b: [b])
    if kind == "phone":
        number = st.text(string.digits, min_size=1, max_size=15)
        return st.lists(st.builds("{}{}".format, st.sampled_from(["", "+"]), number), min_size=1, max_size=3)
    return st.lists(_text(min_size=1, max_size=30), min_size=1, max_size=3)


@st.composite
def _condition(draw: st.DrawFn, labels: tuple[str, ...]) -> dict[str, Any]:
    key = draw(st.sampled_from(STANDARD_KEYS))
    operator = draw(st.sampled_from(STANDARD[key][1]))
    return {
        "attribute_key": key,
        "filter_operator": operator,
        "values": draw(_values_for(key, operator, labels)),
    }


def _chain(draw: st.DrawFn, conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """query_operator AND/OR (any case) joins each condition to the next; the last one has null."""
    joins = st.sampled_from(["and", "or", "AND", "OR", "And", "Or"])
    for index, condition in enumerate(conditions):
        last = index == len(conditions) - 1
        condition["query_operator"] = None if last else draw(joins)
    return conditions


_BAD_QUERY_OPERATORS = st.one_of(
    st.sampled_from(["xor", "not", "AND NOT", "&&", "||", "andor", "nand"]),
    st.text(string.ascii_letters, min_size=1, max_size=6).filter(lambda s: s.lower() not in ("and", "or")),
)
_BAD_DATES = st.sampled_from(["yesterday", "not-a-date", "2024-13-01", "01/02/2024", "2024-02-30", "20240"])


@st.composite
def _invalid_condition(draw: st.DrawFn, labels: tuple[str, ...]) -> tuple[dict[str, Any], str | None, str]:
    """(condition, bad query_operator or None, expected message)."""
    kind = draw(st.sampled_from(["query_operator", "operator", "values", "key", "date"]))
    if kind == "query_operator":
        condition = draw(_condition(labels))
        return condition, draw(_BAD_QUERY_OPERATORS), MSG_QUERY_OPERATOR
    if kind == "operator":
        key = draw(st.sampled_from(STANDARD_KEYS))
        allowed = STANDARD[key][1]
        operator = draw(
            st.sampled_from([op for op in (*ALL_OPERATORS, "like", "between") if op not in allowed])
        )
        condition = {"attribute_key": key, "filter_operator": operator, "values": ["x"]}
        return condition, None, MSG_INVALID_OPERATOR.format(key=key, operators=",".join(allowed))
    if kind == "values":
        key = draw(st.sampled_from(STANDARD_KEYS))
        operator = draw(st.sampled_from([op for op in STANDARD[key][1] if op not in PRESENCE_OPS]))
        condition = {"attribute_key": key, "filter_operator": operator, "values": []}
        return condition, None, MSG_INVALID_VALUE.format(key=key)
    if kind == "key":
        key = "fw_unknown_" + draw(st.text(string.ascii_lowercase + string.digits + "_", max_size=10))
        operator = draw(st.sampled_from(["equal_to", "not_equal_to", "contains"]))
        condition = {"attribute_key": key, "filter_operator": operator, "values": ["x"]}
        return condition, None, MSG_INVALID_KEY.format(key=key, keys=",".join(STANDARD_KEYS))
    key = draw(st.sampled_from(["created_at", "last_activity_at"]))
    operator = draw(st.sampled_from(["is_greater_than", "is_less_than"]))
    condition = {"attribute_key": key, "filter_operator": operator, "values": [draw(_BAD_DATES)]}
    return condition, None, MSG_INVALID_VALUE.format(key=key)


@st.composite
def _valid_filters(draw: st.DrawFn, labels: tuple[str, ...], max_size: int) -> list[dict[str, Any]]:
    conditions = draw(st.lists(_condition(labels), min_size=1, max_size=max_size))
    return _chain(draw, conditions)


@st.composite
def _invalid_filters(draw: st.DrawFn, labels: tuple[str, ...], max_size: int) -> InvalidFilter:
    conditions = draw(st.lists(_condition(labels), min_size=0, max_size=max_size - 1))
    bad, bad_join, message = draw(_invalid_condition(labels))
    position = draw(st.integers(min_value=0, max_value=len(conditions)))
    conditions.insert(position, bad)
    _chain(draw, conditions)
    if bad_join is not None:
        bad["query_operator"] = bad_join
    return InvalidFilter(conditions, message)


@overload
def filter_payloads(
    valid: Literal[True] = ..., *, labels: tuple[str, ...] = ..., max_size: int = ...
) -> st.SearchStrategy[list[dict[str, Any]]]: ...
@overload
def filter_payloads(
    valid: Literal[False], *, labels: tuple[str, ...] = ..., max_size: int = ...
) -> st.SearchStrategy[InvalidFilter]: ...
def filter_payloads(
    valid: bool = True, *, labels: tuple[str, ...] = DEFAULT_LABELS, max_size: int = 4
) -> st.SearchStrategy[list[dict[str, Any]]] | st.SearchStrategy[InvalidFilter]:
    """Conditions for `POST /api/v1/accounts/:id/contacts/filter`, sent as `{"payload": conditions}`.

    Each condition is `{"attribute_key", "filter_operator", "values", "query_operator"}` over the
    standard keys (name, phone_number, email, identifier, country_code, city, company, labels,
    created_at, last_activity_at, blocked) with an operator allowed for the key and values of its type:
    text for text keys (only the first counts for equal_to), digits with or without `+` for
    phone_number, a label name from `labels` (or `[]` for is_present / is_not_present), an ISO date
    (or a day count for days_before) for dates, a boolean for blocked. `query_operator` is and/or in
    any case, chaining each condition to the next; the last condition has null.

    `valid=True` (1..max_size conditions): the fake answers 200. `valid=False`: an `InvalidFilter`
    `(payload, message)` with one invalid condition among 0..max_size-1 valid ones, answered 422
    `{"error": message}`: a query_operator other than AND/OR, an operator the key does not allow,
    blank values, an unknown attribute key (prefixed `fw_unknown_`, so never a defined custom
    attribute), or a date that is not ISO 8601.
    """
    if valid:
        return _valid_filters(labels, max_size)
    return _invalid_filters(labels, max_size)


# --------------------------------------------------------------------------- credentials


@dataclass(frozen=True)
class Credentials:
    """One way of presenting (or failing to present) credentials to `/api/v1/...`.

    Send `headers` as request headers and `params` as query parameters. `valid` tells whether a
    user endpoint such as `GET /api/v1/profile` answers 200; when it does not, it answers 401 with
    `expected_body`. `uid` is the user's email when valid."""

    kind: str
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    valid: bool = False
    uid: str | None = None
    expected_body: dict[str, Any] | None = None


def _bearer(values: Mapping[str, str]) -> str:
    return "Bearer " + base64.b64encode(json.dumps(dict(values)).encode()).decode()


def _valid_credentials(
    tokens: Mapping[str, str], devise: Mapping[str, str] | None
) -> st.SearchStrategy[Credentials]:
    spelling = st.sampled_from(["api_access_token", "api-access-token"])
    options = [
        st.builds(
            lambda item, name: Credentials("api_access_token", {name: item[0]}, valid=True, uid=item[1]),
            st.sampled_from(sorted(tokens.items())),
            spelling,
        )
    ]
    if devise is not None:
        trio = {name: devise[name] for name in ("access-token", "client", "uid")}
        uid = trio["uid"]
        options.append(
            st.sampled_from(
                [
                    Credentials("devise_headers", dict(trio), valid=True, uid=uid),
                    Credentials("devise_bearer", {"Authorization": _bearer(trio)}, valid=True, uid=uid),
                    Credentials("devise_query", params=dict(trio), valid=True, uid=uid),
                ]
            )
        )
    return st.one_of(options)


def _invalid_credentials(tokens: Mapping[str, str]) -> st.SearchStrategy[Credentials]:
    known = {*tokens, *NON_USER_TOKENS, *DEFAULT_TOKENS}
    bogus = st.text(_token_chars, min_size=1, max_size=40).filter(lambda t: t not in known)
    uids = st.one_of(st.sampled_from(sorted(tokens.values())), emails())
    return st.one_of(
        st.just(Credentials("missing", expected_body=BODY_SIGN_IN)),
        st.just(Credentials("empty_token", {"api_access_token": ""}, expected_body=BODY_SIGN_IN)),
        bogus.map(
            lambda t: Credentials("bogus_token", {"api_access_token": t}, expected_body=BODY_INVALID_TOKEN)
        ),
        st.sampled_from(NON_USER_TOKENS).map(
            lambda t: Credentials("non_user_token", {"api_access_token": t}, expected_body=BODY_BOT)
        ),
        st.builds(
            lambda token, client, uid: Credentials(
                "devise_bogus",
                {"access-token": token, "client": client, "uid": uid},
                expected_body=BODY_SIGN_IN,
            ),
            bogus,
            bogus,
            uids,
        ),
        st.builds(
            lambda token, uid: Credentials(
                "devise_incomplete", {"access-token": token, "uid": uid}, expected_body=BODY_SIGN_IN
            ),
            bogus,
            uids,
        ),
        bogus.map(
            lambda t: Credentials(
                "bearer_garbage", {"Authorization": f"Bearer {t}"}, expected_body=BODY_SIGN_IN
            )
        ),
        st.builds(
            lambda token, client, uid: Credentials(
                "devise_bogus_bearer",
                {"Authorization": _bearer({"access-token": token, "client": client, "uid": uid})},
                expected_body=BODY_SIGN_IN,
            ),
            bogus,
            bogus,
            uids,
        ),
    )


def credentials(
    valid: bool | None = None,
    *,
    tokens: Mapping[str, str] | None = None,
    devise: Mapping[str, str] | None = None,
) -> st.SearchStrategy[Credentials]:
    """`Credentials` for user endpoints (`/api/v1/...`): `valid=True` only good ones, `False` only bad
    ones, None (default) both.

    Valid (`GET /api/v1/profile` answers 200):
    * `api_access_token`: a user's token from `tokens` (token -> email; default: the default fixtures'
      administrator, agent and Globex administrator) in the `api_access_token` or `api-access-token`
      header;
    * only when `devise` is given (the `access-token`, `client` and `uid` response headers of a
      `POST /auth/sign_in`, whose tokens are random): the same trio as headers (`devise_headers`), as an
      `Authorization: Bearer base64(json)` header (`devise_bearer`) or as query params (`devise_query`).

    Invalid (401 with `expected_body`):
    * `missing`, `empty_token` (a blank api_access_token counts as absent) -> `{"errors": ["You need to
      sign in or sign up before continuing."]}`;
    * `bogus_token` (random letters, digits, `-`, `_`) -> `{"error": "Invalid Access Token"}`;
    * `non_user_token`: the platform app's or the agent bot's token ->
      `{"error": "Access to this endpoint is not authorized for bots"}` (those tokens work on the platform
      API and the bot's own endpoints, not here);
    * `devise_bogus` (made-up access-token/client for a real or random uid), `devise_incomplete` (no
      client... and a bogus token), `bearer_garbage` (not base64 JSON), `devise_bogus_bearer` (well-formed
      Bearer, made-up values) -> the sign-in body above.
    """
    tokens = DEFAULT_TOKENS if tokens is None else tokens
    if valid is True:
        return _valid_credentials(tokens, devise)
    if valid is False:
        return _invalid_credentials(tokens)
    return st.one_of(_valid_credentials(tokens, devise), _invalid_credentials(tokens))
