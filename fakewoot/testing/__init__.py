"""Helpers for testing code that talks to Chatwoot.

* `WebhookReceiver`: a real HTTP server to register as a webhook or an agent bot's `outgoing_url`,
  recording what fakewoot sends and answering as scripted (stdlib only);
* `contact_payloads()`, `invalid_contact_payloads()`: contact bodies the fake accepts, or refuses
  with a named attribute;
* `filter_payloads(valid=True|False)`: `POST .../contacts/filter` conditions, or one invalid
  condition with the expected 422 message;
* `credentials()`: valid and invalid credential header sets;
* `ChatwootContactsMachine`: a `RuleBasedStateMachine` that drives your contacts client and checks
  it against a reference model.

The hypothesis helpers need `hypothesis` (the state machine's default client `httpx`); they are
imported on first use, so `from fakewoot.testing import WebhookReceiver` works without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.lazy import exports
from fakewoot.testing.receiver import ReceivedRequest, ReceiverTimeout, WebhookReceiver

if TYPE_CHECKING:
    from fakewoot.testing.machine import DEFAULT_SETTINGS, ChatwootContactsMachine
    from fakewoot.testing.strategies import (
        DEFAULT_TOKENS,
        Credentials,
        InvalidContact,
        InvalidFilter,
        contact_payloads,
        credentials,
        emails,
        filter_payloads,
        invalid_contact_payloads,
        phone_numbers,
    )

__getattr__ = exports(
    __name__,
    {
        "DEFAULT_SETTINGS": "fakewoot.testing.machine",
        "ChatwootContactsMachine": "fakewoot.testing.machine",
        "DEFAULT_TOKENS": "fakewoot.testing.strategies",
        "Credentials": "fakewoot.testing.strategies",
        "InvalidContact": "fakewoot.testing.strategies",
        "InvalidFilter": "fakewoot.testing.strategies",
        "contact_payloads": "fakewoot.testing.strategies",
        "credentials": "fakewoot.testing.strategies",
        "emails": "fakewoot.testing.strategies",
        "filter_payloads": "fakewoot.testing.strategies",
        "invalid_contact_payloads": "fakewoot.testing.strategies",
        "phone_numbers": "fakewoot.testing.strategies",
    },
)


__all__ = [
    "DEFAULT_SETTINGS",
    "DEFAULT_TOKENS",
    "ChatwootContactsMachine",
    "Credentials",
    "InvalidContact",
    "InvalidFilter",
    "ReceivedRequest",
    "ReceiverTimeout",
    "WebhookReceiver",
    "contact_payloads",
    "credentials",
    "emails",
    "filter_payloads",
    "invalid_contact_payloads",
    "phone_numbers",
]
