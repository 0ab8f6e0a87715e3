"""Loading the settings screens' fixture tables (hooks, portals, CSAT responses) into a Store; called
by seeding.load_fixture_set after the conversations exist."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from fakewoot.store.hooks import STATUSES

if TYPE_CHECKING:
    from fakewoot.fixture_models import FixtureFile
    from fakewoot.store.state import Store

When = Callable[[datetime | None], float]


Record = Callable[[str, int, int | None], AbstractContextManager[None]]


def require_account(store: Store, account_id: int) -> None:
    """A fixture record's account must exist (a KeyError the loader reports with the record)."""
    if account_id not in store.state.accounts:
        raise KeyError(f"no account {account_id}")


def load_settings_tables(store: Store, data: FixtureFile, when: When, record: Record) -> None:
    """`record(table, index, id)` is seeding's context manager naming the file and record on errors."""
    for i, hook in enumerate(data.hooks):
        with record("hooks", i, hook.id):
            store.account(hook.account_id)
            store.hooks.create(
                hook.account_id,
                app_id=hook.app_id,
                inbox_id=hook.inbox_id,
                status=STATUSES[hook.status],
                settings=hook.settings,
                reference_id=hook.reference_id,
                hook_id=hook.id,
            )
    for i, portal in enumerate(data.portals):
        with record("portals", i, portal.id):
            account = store.account(portal.account_id)
            widget = None
            if portal.inbox_id is not None:
                inbox = account.inboxes.get(portal.inbox_id)
                if inbox is None or inbox.channel_type != "Channel::WebWidget":
                    raise KeyError(f"inbox {portal.inbox_id} is no website inbox of account {account.id}")
                widget = inbox.channel_id
            store.portals.create(
                portal.account_id,
                name=portal.name,
                slug=portal.slug,
                portal_id=portal.id,
                custom_domain=portal.custom_domain,
                color=portal.color,
                homepage_link=portal.homepage_link,
                page_title=portal.page_title,
                header_text=portal.header_text,
                config=portal.config,
                archived=portal.archived,
                channel_web_widget_id=widget,
            )
    for i, answer in enumerate(data.csat_survey_responses):
        with record("csat_survey_responses", i, None):
            conversation = store.conversations.by_display_id(answer.account_id, answer.conversation_id)
            if conversation is None:
                raise KeyError(f"no conversation {answer.conversation_id} in account {answer.account_id}")
            made = store.csat_survey_responses.answer(conversation, answer.rating, answer.feedback_message)
            if answer.created_at is not None:
                made.created_at = made.updated_at = when(answer.created_at)
