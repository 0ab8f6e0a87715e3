"""Port of spec/models/custom_attribute_definition_spec.rb (Chatwoot v4.10): deleting a conversation
attribute's definition drops its key from the account's conversation_required_attributes."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/models/custom_attribute_definition_spec.rb"
UPSTREAM_ITS = 2

CLEANUP = "callbacks > #cleanup_conversation_required_attributes"
D = "/api/v1/accounts/1/custom_attribute_definitions"
ACCOUNT = "/api/v1/accounts/1"


def _definition(http: Any, key: str, model: str) -> dict[str, Any]:
    body = {"attribute_display_name": key, "attribute_key": key, "attribute_model": model}
    return ok(http.post(D, json={"custom_attribute_definition": body}, headers=ADMIN))


def _required(http: Any) -> Any:
    return ok(http.get(ACCOUNT, headers=ADMIN))["settings"].get("conversation_required_attributes")


@ports(
    f"{CLEANUP} > when conversation attribute is in required attributes list > "
    "removes the attribute from conversation_required_attributes when destroyed"
)
def test_destroying_a_required_conversation_attribute_drops_it_from_the_list(http):
    record = _definition(http, "test_attribute", "conversation_attribute")
    required = ["test_attribute", "other_attribute"]
    ok(http.patch(ACCOUNT, json={"conversation_required_attributes": required}, headers=ADMIN))
    assert _required(http) == required
    assert http.delete(f"{D}/{record['id']}", headers=ADMIN).status_code == 204
    assert _required(http) == ["other_attribute"]


@ports(
    f"{CLEANUP} > when attribute is contact_attribute > "
    "does not modify conversation_required_attributes when destroyed"
)
def test_destroying_a_contact_attribute_leaves_the_list(http):
    _definition(http, "test_attribute", "conversation_attribute")
    contact_attribute = _definition(http, "test_attribute", "contact_attribute")
    ok(http.patch(ACCOUNT, json={"conversation_required_attributes": ["test_attribute"]}, headers=ADMIN))
    assert http.delete(f"{D}/{contact_attribute['id']}", headers=ADMIN).status_code == 204
    assert _required(http) == ["test_attribute"]
