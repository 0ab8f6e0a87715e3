"""Inbox shapes. Sources: app/views/api/v1/models/_inbox.json.jbuilder (full; admin-only keys are
left out for agents; an API inbox's `secret` as in newest upstream, reference webhooks-bots.md 5),
_inbox_slim.json.jbuilder, and the raw Inbox record that POST /contacts renders (db/schema.rb
column order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601

if TYPE_CHECKING:
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store

WIDGET_SCRIPT = """
    <script>
      (function(d,t) {{
        var BASE_URL="{base_url}";
        var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
        g.src=BASE_URL+"/packs/js/sdk.js";
        g.async = true;
        s.parentNode.insertBefore(g,s);
        g.onload=function(){{
          window.chatwootSDK.run({{
            websiteToken: '{token}',
            baseUrl: BASE_URL
          }})
        }}
      }})(document,"script");
    </script>
    """


# the email channel's admin-only keys, in the partial's order
EMAIL_IMAP_KEYS = (
    "imap_login",
    "imap_password",
    "imap_address",
    "imap_port",
    "imap_enabled",
    "imap_enable_ssl",
)
EMAIL_SMTP_KEYS = (
    "smtp_login",
    "smtp_password",
    "smtp_address",
    "smtp_port",
    "smtp_enabled",
    "smtp_domain",
    "smtp_enable_ssl_tls",
    "smtp_enable_starttls_auto",
    "smtp_openssl_verify_mode",
    "smtp_authentication",
)


def inbox_json(store: Store, inbox: Inbox, administrator: bool, base_url: str = "") -> dict[str, Any]:
    s, ch = inbox.settings, inbox.channel
    widget = inbox.channel_type == "Channel::WebWidget"
    api = inbox.channel_type == "Channel::Api"
    body: dict[str, Any] = {
        "id": inbox.id,
        "avatar_url": inbox.avatar_url,
        "channel_id": inbox.channel_id,
        "name": inbox.name,
        "channel_type": inbox.channel_type,
        "greeting_enabled": s["greeting_enabled"],
        "greeting_message": s["greeting_message"],
        "working_hours_enabled": s["working_hours_enabled"],
        "enable_email_collect": s["enable_email_collect"],
        "csat_survey_enabled": s["csat_survey_enabled"],
        "csat_config": s["csat_config"],
        "enable_auto_assignment": s["enable_auto_assignment"],
        "auto_assignment_config": s["auto_assignment_config"],
        "out_of_office_message": s["out_of_office_message"],
        "working_hours": inbox.working_hours,
        "timezone": s["timezone"],
        "callback_webhook_url": None,
        "allow_messages_after_resolved": s["allow_messages_after_resolved"],
        "lock_to_single_conversation": s["lock_to_single_conversation"],
        "sender_name_type": s["sender_name_type"],
        "business_name": s["business_name"],
        "allowed_domains": ch.get("allowed_domains"),
        "widget_color": ch.get("widget_color"),
        "website_url": ch.get("website_url"),
        "hmac_mandatory": ch.get("hmac_mandatory"),
        "welcome_title": ch.get("welcome_title"),
        "welcome_tagline": ch.get("welcome_tagline"),
        "web_widget_script": WIDGET_SCRIPT.format(base_url=base_url, token=ch["website_token"])
        if widget
        else None,
        "website_token": ch.get("website_token"),
        "selected_feature_flags": ch.get("selected_feature_flags"),
        "reply_time": ch.get("reply_time"),
    }
    if widget:
        if administrator:
            body["hmac_token"] = ch["hmac_token"]
        body["pre_chat_form_enabled"] = ch["pre_chat_form_enabled"]
        body["pre_chat_form_options"] = ch["pre_chat_form_options"]
        body["continuity_via_email"] = ch["continuity_via_email"]
    body["messaging_service_sid"] = None
    body["phone_number"] = None
    if inbox.channel_type == "Channel::Email":
        body["email"] = ch.get("email")
        body["forwarding_enabled"] = False  # ENV MAILER_INBOUND_EMAIL_DOMAIN is not set in the fake
        if administrator:
            body.update({key: ch.get(key) for key in EMAIL_IMAP_KEYS})
            if ch.get("provider") in ("microsoft", "google") or _legacy_google(ch):
                body["reauthorization_required"] = not ch.get("provider_config")
            body.update({key: ch.get(key) for key in EMAIL_SMTP_KEYS})
    if api:
        if administrator:
            body["hmac_token"] = ch["hmac_token"]
            body["secret"] = ch.get("secret")  # newest upstream (WebhookSecretable), admins only
        body["webhook_url"] = ch.get("webhook_url")
        body["inbox_identifier"] = ch["identifier"]
        body["additional_attributes"] = ch.get("additional_attributes", {})
    body["provider"] = ch.get("provider")
    return body


def _legacy_google(channel: dict[str, Any]) -> bool:
    """Channel::Email#legacy_google?: IMAP on imap.gmail.com."""
    return bool(channel.get("imap_enabled")) and channel.get("imap_address") == "imap.gmail.com"


def inbox_slim_json(inbox: Inbox) -> dict[str, Any]:
    """_inbox_slim.json.jbuilder at v4.10: six keys (its email line went in #10991, Feb 2025)."""
    return {
        "id": inbox.id,
        "avatar_url": inbox.avatar_url,
        "channel_id": inbox.channel_id,
        "name": inbox.name,
        "channel_type": inbox.channel_type,
        "provider": inbox.channel.get("provider"),
    }


def inbox_row_json(inbox: Inbox) -> dict[str, Any]:
    """The raw Inbox record as ActiveRecord#as_json (POST /contacts `contact_inbox.inbox`)."""
    s = inbox.settings
    return {
        "id": inbox.id,
        "channel_id": inbox.channel_id,
        "account_id": inbox.account_id,
        "name": inbox.name,
        "created_at": iso8601(inbox.created_at),
        "updated_at": iso8601(inbox.updated_at),
        "channel_type": inbox.channel_type,
        "enable_auto_assignment": s["enable_auto_assignment"],
        "greeting_enabled": s["greeting_enabled"],
        "greeting_message": s["greeting_message"],
        "email_address": None,
        "working_hours_enabled": s["working_hours_enabled"],
        "out_of_office_message": s["out_of_office_message"],
        "timezone": s["timezone"],
        "enable_email_collect": s["enable_email_collect"],
        "csat_survey_enabled": s["csat_survey_enabled"],
        "allow_messages_after_resolved": s["allow_messages_after_resolved"],
        "auto_assignment_config": s["auto_assignment_config"],
        "lock_to_single_conversation": s["lock_to_single_conversation"],
        "portal_id": s["portal_id"],
        "sender_name_type": s["sender_name_type"],
        "business_name": s["business_name"],
        "csat_config": s["csat_config"],
    }
