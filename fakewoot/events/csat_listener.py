"""Domain events -> CSAT surveys: Chatwoot's CsatSurveyListener (app/listeners/csat_survey_listener.rb
at v4.10): a resolved conversation gets its survey message (CsatSurveyService), an updated input_csat
message writes its response (CsatSurveys::ResponseBuilder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.events.bus import Event
from fakewoot.events.types import CONVERSATION_STATUS_CHANGED, MESSAGE_UPDATED

if TYPE_CHECKING:
    from fakewoot.store.state import Store


class CsatSurveyListener:
    def __init__(self, store: Store) -> None:
        self._store = store

    def __call__(self, event: Event) -> None:
        if event.name == CONVERSATION_STATUS_CHANGED:
            conversation = event.data["conversation"]
            if conversation.status == "resolved":
                self._store.csat_survey_responses.send_survey(conversation)
        elif event.name == MESSAGE_UPDATED:
            self._store.csat_survey_responses.build(event.data["message"])
