"""CSAT survey responses (app/models/csat_survey_response.rb at v4.10) and how they come to be.

A resolved conversation whose inbox has `csat_survey_enabled` gets one `input_csat` template message
(CsatSurveyService and MessageTemplates::Template::CsatSurvey, run by CsatSurveyListener on
conversation.status_changed): content the inbox's csat_config message or 'Please rate the
conversation', content_attributes `{display_type}` ('emoji' unless configured), sent once, and only
when the csat_config survey_rules (labels contains / does_not_contain) allow it. The customer answers
by updating that message's submitted_values.csat_survey_response (the public survey page);
CsatSurveys::ResponseBuilder, on message.updated, writes or rewrites the one response per message:
rating, feedback_message, the conversation's contact and current assignee.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_BLANK, MSG_INCLUSION, Errors

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

CSAT_CONTENT_TYPE = "input_csat"
CSAT_INPUT_MESSAGE_BODY = "Please rate the conversation"  # conversations.templates.csat_input_message_body
DEFAULT_DISPLAY_TYPE = "emoji"
RATINGS = (1, 2, 3, 4, 5)
TEMPLATE = 3  # Message message_type :template


@dataclass(slots=True)
class CsatSurveyResponse:
    id: int
    account_id: int
    conversation_id: int  # the conversation's database id
    message_id: int
    rating: int
    contact_id: int
    created_at: float
    updated_at: float
    feedback_message: str | None = None
    assigned_agent_id: int | None = None
    csat_review_notes: str | None = None
    review_notes_updated_at: float | None = None
    review_notes_updated_by_id: int | None = None


def _rating(value: Any) -> int | None:
    """The integer column's cast of what the survey sent (5, "5", 4.0)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    return None


class CsatSurveyResponses:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[CsatSurveyResponse]:
        return sorted(self._store.account(account_id).csat_survey_responses.values(), key=lambda r: r.id)

    def for_message(self, account_id: int, message_id: int) -> CsatSurveyResponse | None:
        return next((r for r in self.of(account_id) if r.message_id == message_id), None)

    def survey_message(self, conversation: Conversation) -> Message | None:
        """conversation.messages.find_by(content_type: 'input_csat')."""
        messages = self._store.account(conversation.account_id).messages.values()
        found = [
            m
            for m in messages
            if m.conversation_id == conversation.id and m.content_type == CSAT_CONTENT_TYPE
        ]
        return min(found, key=lambda m: m.id) if found else None

    # --- CsatSurveyService ------------------------------------------------------------------------

    def _rules_allow(self, conversation: Conversation, config: dict[str, Any]) -> bool:
        rules = config.get("survey_rules") if isinstance(config, dict) else None
        if not rules or not isinstance(rules, dict):
            return True
        values = rules.get("values") or []
        if not values:
            return True
        labels = conversation.labels
        if rules.get("operator") == "contains":
            return any(label in labels for label in values)
        if rules.get("operator") == "does_not_contain":
            return not any(label in labels for label in values)
        return True

    def send_survey(self, conversation: Conversation) -> Message | None:
        """CsatSurveyService#perform for a resolved conversation (API, website and e-mail inboxes can
        always reply, so the survey message is created rather than the not-sent activity)."""
        store = self._store
        inbox = store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        if (
            inbox is None
            or conversation.status != "resolved"
            or not inbox.settings.get("csat_survey_enabled")
        ):
            return None
        config = inbox.settings.get("csat_config") or {}
        if self.survey_message(conversation) is not None or not self._rules_allow(conversation, config):
            return None
        content = config.get("message") if isinstance(config, dict) else None
        display_type = config.get("display_type") if isinstance(config, dict) else None
        return store.messages.create(
            conversation,
            message_type=TEMPLATE,
            content=content or CSAT_INPUT_MESSAGE_BODY,
            sender_type=None,
            sender_id=None,
            content_type=CSAT_CONTENT_TYPE,
            content_attributes={"display_type": display_type or DEFAULT_DISPLAY_TYPE},
            template_hooks=False,
        )

    # --- the customer's answer ----------------------------------------------------------------------

    def submit(self, message: Message, submitted_values: Any) -> None:
        """message.update!(submitted_values: ...): the message changes and message.updated follows (the
        listener then builds the response)."""
        message.content_attributes = {**message.content_attributes, "submitted_values": submitted_values}
        self._store.messages.saved(message)

    def answer(
        self, conversation: Conversation, rating: int, feedback_message: str | None = None
    ) -> CsatSurveyResponse:
        """Control verb: the customer answers the conversation's survey (sent now if it was not)."""
        message = self.survey_message(conversation) or self._force_survey(conversation)
        self.submit(
            message, {"csat_survey_response": {"rating": rating, "feedback_message": feedback_message}}
        )
        response = self.build(message)  # the listener did it already unless the store is muted: a no-op
        if response is None:
            raise ValueError(f"rating must be one of {RATINGS}")
        return response

    def _force_survey(self, conversation: Conversation) -> Message:
        inbox = self._store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        config = (inbox.settings.get("csat_config") if inbox else None) or {}
        return self._store.messages.create(
            conversation,
            message_type=TEMPLATE,
            content=config.get("message") or CSAT_INPUT_MESSAGE_BODY,
            sender_type=None,
            sender_id=None,
            content_type=CSAT_CONTENT_TYPE,
            content_attributes={"display_type": config.get("display_type") or DEFAULT_DISPLAY_TYPE},
            template_hooks=False,
        )

    # --- CsatSurveys::ResponseBuilder ---------------------------------------------------------------

    def build(self, message: Message) -> CsatSurveyResponse | None:
        """The response for an answered survey message; nothing when no rating was sent, and nothing
        when the rating is outside 1..5 (save! raises inside the listener's job upstream)."""
        if message.content_type != CSAT_CONTENT_TYPE:
            return None
        submitted = message.content_attributes.get("submitted_values")
        answer = submitted.get("csat_survey_response") if isinstance(submitted, dict) else None
        if not isinstance(answer, dict) or answer.get("rating") in (None, ""):
            return None
        rating = _rating(answer.get("rating"))
        feedback = answer.get("feedback_message")
        errors = Errors()
        if rating is None:
            errors.add("rating", MSG_BLANK)
        elif rating not in RATINGS:
            errors.add("rating", MSG_INCLUSION)
        if errors.pairs:
            return None
        assert rating is not None
        return self._save(message, rating, None if feedback is None else str(feedback))

    def _save(self, message: Message, rating: int, feedback: str | None) -> CsatSurveyResponse:
        store = self._store
        account = store.account(message.account_id)
        now = store.clock.now()
        response = self.for_message(message.account_id, message.id)
        if response is None:
            conversation = account.conversations.get(message.conversation_id)
            assert conversation is not None
            response = CsatSurveyResponse(
                id=account.csat_survey_responses.next_id(),
                account_id=message.account_id,
                conversation_id=message.conversation_id,
                message_id=message.id,
                rating=rating,
                contact_id=conversation.contact_id,
                assigned_agent_id=conversation.assignee_id,
                feedback_message=feedback,
                created_at=now,
                updated_at=now,
            )
            account.csat_survey_responses.add(response)
        elif (response.rating, response.feedback_message) != (rating, feedback):
            response.rating, response.feedback_message, response.updated_at = rating, feedback, now
        return response

    def review(self, response: CsatSurveyResponse, notes: str | None, user_id: int) -> None:
        """The enterprise update: csat_review_notes, review_notes_updated_by, review_notes_updated_at."""
        now = self._store.clock.now()
        response.csat_review_notes = notes
        response.review_notes_updated_by_id = user_id
        response.review_notes_updated_at = now
        response.updated_at = now

    def seed(self, response: CsatSurveyResponse) -> CsatSurveyResponse:
        """A fixture's response, as given."""
        return self._store.account(response.account_id).csat_survey_responses.add(response)
