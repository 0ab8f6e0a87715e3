"""Hypothesis helpers for testing code that talks to Chatwoot (needs `hypothesis`; the default
state-machine client needs `httpx`).

* `contact_payloads()`, `invalid_contact_payloads()`: contact bodies the fake accepts, or refuses
  with a named attribute;
* `filter_payloads(valid=True|False)`: `POST .../contacts/filter` conditions, or one invalid
  condition with the expected 422 message;
* `credentials()`: valid and invalid credential header sets;
* `ChatwootContactsMachine`: a `RuleBasedStateMachine` that drives your contacts client and checks
  it against a reference model.
"""

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

__all__ = [
    "DEFAULT_SETTINGS",
    "DEFAULT_TOKENS",
    "ChatwootContactsMachine",
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
