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

import importlib
from typing import TYPE_CHECKING, Any

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

_LAZY = {
    "DEFAULT_SETTINGS": "machine",
    "ChatwootContactsMachine": "machine",
    "DEFAULT_TOKENS": "strategies",
    "Credentials": "strategies",
    "InvalidContact": "strategies",
    "InvalidFilter": "strategies",
    "contact_payloads": "strategies",
    "credentials": "strategies",
    "emails": "strategies",
    "filter_payloads": "strategies",
    "invalid_contact_payloads": "strategies",
    "phone_numbers": "strategies",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
