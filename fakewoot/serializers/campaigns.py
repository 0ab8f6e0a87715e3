"""app/views/api/v1/models/_campaign.json.jbuilder at v4.10: `id` is the display id; the inbox's full
partial; `sender` only with a sender (Jbuilder drops the empty block); `scheduled_at` (Unix seconds)
and `audience` only for one-off campaigns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.inboxes import inbox_json

if TYPE_CHECKING:
    from fakewoot.store.campaigns import Campaign
    from fakewoot.store.state import Store


def campaign_json(store: Store, campaign: Campaign, base_url: str = "") -> dict[str, Any]:
    account = store.account(campaign.account_id)
    body: dict[str, Any] = {
        "id": campaign.display_id,
        "title": campaign.title,
        "description": campaign.description,
        "account_id": campaign.account_id,
    }
    inbox = account.inboxes.get(campaign.inbox_id)
    if inbox is not None:
        body["inbox"] = inbox_json(store, inbox, True, base_url)
    sender = None if campaign.sender_id is None else store.state.users.get(campaign.sender_id)
    member = None if sender is None else account.members.get(sender.id)
    if sender is not None and member is not None:
        body["sender"] = agent_json(store, sender, member)
    body["message"] = campaign.message
    body["template_params"] = campaign.template_params
    body["campaign_status"] = campaign.campaign_status
    body["enabled"] = campaign.enabled
    body["campaign_type"] = campaign.campaign_type
    if campaign.campaign_type == "one_off":
        body["scheduled_at"] = int(campaign.scheduled_at or 0)
        body["audience"] = campaign.audience
    body["trigger_rules"] = campaign.trigger_rules
    body["trigger_only_during_business_hours"] = campaign.trigger_only_during_business_hours
    body["created_at"] = iso8601(campaign.created_at)
    body["updated_at"] = iso8601(campaign.updated_at)
    return body
