"""Custom attribute definitions take Rails enum integers (issue 13 item 9): the dashboard's form sends
`attribute_model: 1`, `attribute_display_type: 0`; a string must be a name; `?attribute_model=1`
filters as `where(attribute_model: "1")` does."""

from __future__ import annotations

from tests.conftest import ADMIN_TOKEN, token

URL = "/api/v1/accounts/1/custom_attribute_definitions"
ADMIN = token(ADMIN_TOKEN)


def test_integer_enums_are_the_enum_values(client):
    body = {
        "attribute_display_name": "Tier",
        "attribute_key": "tier",
        "attribute_model": 1,
        "attribute_display_type": 6,
        "attribute_values": ["gold", "silver"],
    }
    created = client.post(URL, json=body, headers=ADMIN)
    assert created.status_code == 200, created.text
    assert (created.json()["attribute_model"], created.json()["attribute_display_type"]) == (
        "contact_attribute",
        "list",
    )
    updated = client.patch(f"{URL}/{created.json()['id']}", json={"attribute_display_type": 0}, headers=ADMIN)
    assert updated.json()["attribute_display_type"] == "text"
    keys = [
        d["attribute_key"] for d in client.get(URL, params={"attribute_model": "1"}, headers=ADMIN).json()
    ]
    assert "tier" in keys and "order_id" not in keys  # order_id is the fixtures' conversation attribute
    assert [
        d["attribute_key"] for d in client.get(URL, params={"attribute_model": "0"}, headers=ADMIN).json()
    ] == ["order_id"]


def test_strings_of_digits_and_out_of_range_integers_are_refused(client):
    for model, display in (("1", 0), (2, 0), (0, 8), (True, 0)):
        body = {
            "attribute_display_name": "X",
            "attribute_key": "x",
            "attribute_model": model,
            "attribute_display_type": display,
        }
        answer = client.post(URL, json=body, headers=ADMIN)
        assert answer.status_code == 422, (model, display, answer.text)
        assert answer.json()["message"].endswith("is not included in the list")
