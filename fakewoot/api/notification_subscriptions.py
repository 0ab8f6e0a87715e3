"""/api/v1/notification_subscriptions: POST (subscribe this browser or device to pushes), DELETE (by
`push_token`). Source at v4.10: notification_subscriptions_controller.rb (Api::BaseController: any
signed-in user, no account), NotificationSubscriptionBuilder, the model. The answer to POST is
`render json:` of the record (as_json, the table's column order); DELETE is 200 empty, found or not.

Where upstream crashes (a missing `subscription_attributes`: `nil[:endpoint]`; an unknown
`subscription_type`: the enum's ArgumentError) fakewoot answers 422.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, permit_hash, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_user
from fakewoot.errors import ParameterMissing
from fakewoot.serializers._common import iso8601
from fakewoot.store.notification_subscriptions import NotificationSubscription


def subscription_json(record: NotificationSubscription) -> dict[str, Any]:
    return {
        "id": record.id,
        "user_id": record.user_id,
        "subscription_type": record.subscription_type,
        "subscription_attributes": record.subscription_attributes,
        "created_at": iso8601(record.created_at),
        "updated_at": iso8601(record.updated_at),
        "identifier": record.identifier,
    }


async def subscribe(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    source = await ctx.require("notification_subscription")
    kind = to_string(permit(source, "subscription_type").get("subscription_type"))
    attributes = permit_hash(source, "subscription_attributes")
    if attributes is None:
        raise ParameterMissing("subscription_attributes")
    record = ctx.store.notification_subscriptions.subscribe(user.id, kind, attributes)
    return json_response(subscription_json(record), headers=ctx.response_headers)


async def unsubscribe(ctx: RequestContext) -> Response:
    authenticate_user(ctx)
    ctx.store.notification_subscriptions.unsubscribe((await ctx.params()).get("push_token"))
    return head_ok(ctx.response_headers)


_PATH = "/api/v1/notification_subscriptions"
routes = [
    Route("POST", _PATH, subscribe, "notification_subscriptions.create"),
    Route("DELETE", _PATH, unsubscribe, "notification_subscriptions.destroy"),
]
