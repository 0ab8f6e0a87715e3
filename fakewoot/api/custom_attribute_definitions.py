"""/api/v1/accounts/:account_id/custom_attribute_definitions.

Source: app/controllers/api/v1/accounts/custom_attribute_definitions_controller.rb and
app/models/custom_attribute_definition.rb at v4.10. The controller has no authorization check and
there is no CustomAttributeDefinitionPolicy upstream: every member of the account (agents too) may
list, show, create, update and delete definitions. Index is a bare array, filtered by
`attribute_model` when given; destroy answers 204.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.custom_attribute_definitions import custom_attribute_definition_json
from fakewoot.store import validation as v
from fakewoot.store.accounts import Account
from fakewoot.store.custom_attribute_definitions import (
    ATTRIBUTE_MODELS,
    DISPLAY_TYPES,
    CustomAttributeDefinition,
)

MSG_STANDARD_KEY = (
    "Attribute key The provided key is not allowed as it might conflict with default attributes."
)
# CustomAttributeDefinition::STANDARD_ATTRIBUTES at v4.10
STANDARD_KEYS = {
    "contact_attribute": {
        "name",
        "email",
        "phone_number",
        "identifier",
        "country_code",
        "city",
        "created_at",
        "last_activity_at",
        "referer",
        "blocked",
    },
    "conversation_attribute": {
        "status",
        "priority",
        "assignee_id",
        "inbox_id",
        "team_id",
        "display_id",
        "campaign_id",
        "labels",
        "browser_language",
        "country_code",
        "referer",
        "created_at",
        "last_activity_at",
    },
}
_TEXT = (
    "attribute_display_name",
    "attribute_description",
    "attribute_display_type",
    "attribute_key",
    "attribute_model",
    "regex_pattern",
    "regex_cue",
)


ENUMS = {"attribute_model": ATTRIBUTE_MODELS, "attribute_display_type": DISPLAY_TYPES}


def _enum_value(key: str, value: Any) -> Any:
    """Rails' enum cast: a JSON integer is the enum's value (`attribute_model: 1` is
    contact_attribute, as the dashboard's form sends it); a string must be a name."""
    names = ENUMS.get(key)
    if (
        names is not None
        and isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value < len(names)
    ):
        return names[value]
    return value


async def _values(ctx: RequestContext) -> dict[str, Any]:
    body = await ctx.require("custom_attribute_definition")
    values: dict[str, Any] = {
        key: to_string(_enum_value(key, value)) for key, value in permit(body, *_TEXT).items()
    }
    if isinstance(body.get("attribute_values"), list):
        values["attribute_values"] = [x for x in body["attribute_values"] if not isinstance(x, (dict, list))]
    return values


def _validate(account: Account, values: dict[str, Any], record: CustomAttributeDefinition | None) -> None:
    errors = v.Errors()
    v.check_column_lengths(
        errors,
        values,
        strings=("attribute_display_name", "attribute_key"),
        texts=("attribute_description",),
    )
    v.check_column_lengths(errors, values, strings=("regex_pattern", "regex_cue"))
    name = values.get("attribute_display_name", None if record is None else record.attribute_display_name)
    key = values.get("attribute_key", None if record is None else record.attribute_key)
    model = values.get(
        "attribute_model", "conversation_attribute" if record is None else record.attribute_model
    )
    display_type = values.get(
        "attribute_display_type", "text" if record is None else record.attribute_display_type
    )
    if v.blank(name):
        errors.add("attribute_display_name", v.MSG_BLANK)
    if v.blank(key):
        errors.add("attribute_key", v.MSG_BLANK)
    elif any(
        d.attribute_key == key and d.attribute_model == model and (record is None or d.id != record.id)
        for d in account.custom_attribute_definitions
    ):
        errors.add("attribute_key", v.MSG_TAKEN)
    if model not in ATTRIBUTE_MODELS:
        errors.add("attribute_model", v.MSG_INCLUSION)
    if display_type not in DISPLAY_TYPES:
        errors.add("attribute_display_type", v.MSG_INCLUSION)
    if record is None and key in STANDARD_KEYS.get(model or "", set()):
        errors.pairs.append(("attribute_key", MSG_STANDARD_KEY))
    errors.raise_if_any()


def _respond(ctx: RequestContext, record: CustomAttributeDefinition) -> Response:
    return json_response(custom_attribute_definition_json(record), headers=ctx.response_headers)


async def list_definitions(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    model = ctx.request.query_params.get("attribute_model") or None
    if model is not None and model.isdigit():  # where(attribute_model: "1") serialises to the value 1
        model = ATTRIBUTE_MODELS[int(model)] if int(model) < len(ATTRIBUTE_MODELS) else ""
    records = ctx.store.custom_attribute_definitions.of(account.id, model)
    return json_response([custom_attribute_definition_json(r) for r in records], headers=ctx.response_headers)


def _record(ctx: RequestContext, account: Account) -> CustomAttributeDefinition:
    return find_or_404(account.custom_attribute_definitions.get(ctx.path_params["id"] or 0))


async def show_definition(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, _record(ctx, account))


async def create_definition(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    values = await _values(ctx)
    _validate(account, values, None)
    values.setdefault("attribute_model", "conversation_attribute")
    values.setdefault("attribute_display_type", "text")
    record = ctx.store.custom_attribute_definitions.create(account_id=account.id, **values)
    return _respond(ctx, record)


async def update_definition(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    record = _record(ctx, account)
    values = await _values(ctx)
    _validate(account, values, record)
    ctx.store.custom_attribute_definitions.update(record, **values)
    return _respond(ctx, record)


async def delete_definition(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    record = _record(ctx, account)
    ctx.store.custom_attribute_definitions.delete(record)
    return Response(b"", 204, ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/custom_attribute_definitions"
routes = [
    Route("GET", _BASE, list_definitions, "custom_attribute_definitions.index"),
    Route("POST", _BASE, create_definition, "custom_attribute_definitions.create"),
    Route("GET", _BASE + "/{id:int}", show_definition, "custom_attribute_definitions.show"),
    Route("PUT", _BASE + "/{id:int}", update_definition, "custom_attribute_definitions.update"),
    Route("PATCH", _BASE + "/{id:int}", update_definition, "custom_attribute_definitions.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_definition, "custom_attribute_definitions.destroy"),
]
