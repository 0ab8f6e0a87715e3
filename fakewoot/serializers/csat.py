"""CSAT survey responses as v4.10 renders them: app/views/api/v1/models/_csat_survey_response.json.jbuilder
(index, update), metrics.json.jbuilder, download.csv.erb; the public survey page's
public/api/v1/models/_csat_survey.json.jbuilder."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.agents import agent_of
from fakewoot.serializers.contacts import contact_json

if TYPE_CHECKING:
    from fakewoot.store.csat_survey_responses import CsatSurveyResponse
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

# config/locales/en.yml reports.csat.headers, in the view's order (review_notes: ChatwootApp.enterprise?)
CSV_HEADERS = (
    "Agent Name",
    "Rating",
    "Feedback Comment",
    "Contact Name",
    "Contact Email Address",
    "Contact Phone Number",
    "Link to the conversation",
    "Recorded date",
    "Review Notes",
)
CSV_PERIOD = "Reporting period {since} to {until}"  # reports.period


def csat_survey_response_json(store: Store, response: CsatSurveyResponse) -> dict[str, Any]:
    account = store.account(response.account_id)
    body: dict[str, Any] = {
        "id": response.id,
        "rating": response.rating,
        "feedback_message": response.feedback_message,
        "csat_review_notes": response.csat_review_notes,
        "review_notes_updated_at": None
        if response.review_notes_updated_at is None
        else int(response.review_notes_updated_at),
    }
    reviewer = (
        store.state.users.get(response.review_notes_updated_by_id)
        if response.review_notes_updated_by_id is not None
        else None
    )
    if reviewer is not None:
        body["review_notes_updated_by"] = {"id": reviewer.id, "name": reviewer.name}
    body["account_id"] = response.account_id
    body["message_id"] = response.message_id
    contact = account.contacts.get(response.contact_id)
    if contact is not None:
        body["contact"] = contact_json(store, contact)
    conversation = account.conversations.get(response.conversation_id)
    body["conversation_id"] = None if conversation is None else conversation.display_id
    agent = None
    if response.assigned_agent_id is not None:
        agent = agent_of(store, response.account_id, response.assigned_agent_id)
    if agent is not None:
        body["assigned_agent"] = agent
    body["created_at"] = int(response.created_at)
    return body


def csat_metrics_json(responses: list[CsatSurveyResponse], sent: int) -> dict[str, Any]:
    """total_count, ratings_count (group(:rating).count: rating -> count, ratings ascending here),
    total_sent_messages_count."""
    counts: dict[str, int] = {}
    for rating in sorted({r.rating for r in responses}):
        counts[str(rating)] = sum(1 for r in responses if r.rating == rating)
    return {"total_count": len(responses), "ratings_count": counts, "total_sent_messages_count": sent}


def csv_line(fields: list[Any]) -> str:
    """Ruby's CSV.generate_line: nil empty, "" quoted, quotes doubled, quoting where needed."""
    cells = []
    for value in fields:
        if value is None:
            cells.append("")
            continue
        text = str(value)
        if text == "" or any(char in text for char in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        cells.append(text)
    return ",".join(cells) + "\n"


def _recorded(epoch: float) -> str:
    """TimeWithZone#to_s in UTC."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")


def csat_csv(store: Store, responses: list[CsatSurveyResponse], frontend: str, since: int, until: int) -> str:
    lines = [csv_line(list(CSV_HEADERS))]
    for response in responses:
        account = store.account(response.account_id)
        user = store.state.users.get(response.assigned_agent_id) if response.assigned_agent_id else None
        contact = account.contacts.get(response.contact_id)
        conversation = account.conversations.get(response.conversation_id)
        link = None
        if conversation is not None:
            link = f"{frontend}/app/accounts/{response.account_id}/conversations/{conversation.display_id}"
        lines.append(
            csv_line(
                [
                    f"{user.name} ({user.email})" if user else None,
                    response.rating,
                    response.feedback_message or None,
                    (contact.name or None) if contact else None,
                    (contact.email or None) if contact else None,
                    (contact.phone_number or None) if contact else None,
                    link,
                    _recorded(response.created_at),
                    response.csat_review_notes,
                ]
            )
        )
    lines.append(csv_line([CSV_PERIOD.format(since=_day(since), until=_day(until))]))
    return "".join(lines)


def csat_survey_json(store: Store, message: Message, response: CsatSurveyResponse | None) -> dict[str, Any]:
    """The public survey page: the input_csat message, its response record as_json (every column in
    the table's order), the inbox's csat_config display type and message."""
    account = store.account(message.account_id)
    inbox = account.inboxes.get(message.inbox_id)
    config = (inbox.settings.get("csat_config") if inbox else None) or {}
    return {
        "id": message.id,
        "csat_survey_response": None if response is None else csat_record_json(response),
        "display_type": config.get("display_type") or "emoji",
        "content": config.get("message"),
        "inbox_avatar_url": inbox.avatar_url if inbox else None,
        "inbox_name": inbox.name if inbox else None,
        "locale": account.locale,
        "conversation_id": message.conversation_id,
        "created_at": iso8601(message.created_at),
    }


def csat_record_json(response: CsatSurveyResponse) -> dict[str, Any]:
    """ActiveRecord#as_json of the row: columns in db/schema.rb order, times as ISO 8601."""
    return {
        "id": response.id,
        "account_id": response.account_id,
        "conversation_id": response.conversation_id,
        "message_id": response.message_id,
        "rating": response.rating,
        "feedback_message": response.feedback_message,
        "contact_id": response.contact_id,
        "assigned_agent_id": response.assigned_agent_id,
        "created_at": iso8601(response.created_at),
        "updated_at": iso8601(response.updated_at),
        "csat_review_notes": response.csat_review_notes,
        "review_notes_updated_at": iso8601(response.review_notes_updated_at),
        "review_notes_updated_by_id": response.review_notes_updated_by_id,
    }
