"""Loading a fixture set's captain assistants (with the inboxes they serve) and their FAQs into a
Store, through the store verbs the API uses, so the same validations and defaults apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.seeding_settings import Record, When

if TYPE_CHECKING:
    from fakewoot.fixture_models import FixtureFile
    from fakewoot.store.state import Store


def load_captain(store: Store, data: FixtureFile, when: When, record: Record) -> None:
    assistants = store.captain_assistants
    for i, fixture in enumerate(data.captain_assistants):
        with record("captain_assistants", i, fixture.id):
            values = fixture.model_dump(
                include={"name", "description", "config", "response_guidelines", "guardrails"}
            )
            made = assistants.create(
                fixture.account_id, values, created_at=when(fixture.created_at), assistant_id=fixture.id
            )
            for inbox_id in fixture.inboxes:
                if store.account(fixture.account_id).inboxes.get(inbox_id) is None:
                    raise KeyError(f"inboxes: no inbox {inbox_id} in account {fixture.account_id}")
                assistants.link_inbox(made, inbox_id)
    for i, faq in enumerate(data.captain_assistant_responses):
        with record("captain_assistant_responses", i, faq.id):
            values = faq.model_dump(include={"question", "answer", "assistant_id", "status"})
            store.captain_responses.create(
                faq.account_id, values, created_at=when(faq.created_at), response_id=faq.id
            )
