"""Domain events -> the help center: a destroyed user's articles lose their author (User
`has_many :articles, foreign_key: 'author_id', dependent: :nullify` at v4.10), heard as
user.deleted as the automation listener hears it for macros."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.events.bus import Event
from fakewoot.notifications.listener import USER_DELETED

if TYPE_CHECKING:
    from fakewoot.store.state import Store


class HelpCenterListener:
    """Subscribed for USER_DELETED only."""

    name = USER_DELETED

    def __init__(self, store: Store) -> None:
        self._store = store

    def __call__(self, event: Event) -> None:
        self._store.articles.forget_author(event.data["user"].id)
