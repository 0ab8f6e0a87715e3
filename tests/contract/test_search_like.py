"""Search's ILIKE '%q%' as PostgreSQL reads the spliced pattern (search_service.rb, v4.10): `%` and
`_` in q stay wildcards, a backslash escapes the next character, so a trailing backslash makes the
closing `%` literal: the value must end with q's text and a `%`."""

from __future__ import annotations

from tests.conftest import ADMIN_TOKEN, token

ADMIN = token(ADMIN_TOKEN)
CONTACTS = "/api/v1/accounts/1/contacts"


def _contact(client, name: str, email: str) -> int:
    response = client.post(CONTACTS, json={"name": name, "email": email}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return int(response.json()["payload"]["contact"]["id"])


def _found(client, q: str) -> list[int]:
    response = client.get("/api/v1/accounts/1/search/contacts", params={"q": q}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return sorted(c["id"] for c in response.json()["payload"]["contacts"])


def test_wildcards_and_the_escape(client, fake):
    ends = _contact(client, "Deal zq50%", "deal1@like.test")
    middle = _contact(client, "zq50% deal", "deal2@like.test")
    plain = _contact(client, "zq500 deal", "deal3@like.test")
    assert _found(client, "zq50\\") == [ends]  # '%zq50\%': ends with "zq50%"
    assert _found(client, "zq50\\%") == [ends, middle]  # '%zq50\%%': "zq50%" anywhere
    assert _found(client, "zq_0") == [ends, middle, plain]  # `_` any one character
    assert _found(client, "zq5_0") == [plain]
    assert _found(client, "zq%deal") == [middle, plain]  # `%` any run
