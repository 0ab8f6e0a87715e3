"""The enterprise views' wrappers as a v4.10 install without a licence renders them: nothing exists to
list (premium features stay disabled, so no applied SLA or audit is ever written), so each is its
wrapper around an empty list. Sources: enterprise/app/views/api/v1/accounts/{applied_slas,audit_logs}/
*.jbuilder at e13e3c87."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601

if TYPE_CHECKING:
    from fakewoot.store.reporting_events import ReportingEvent

AUDIT_LOGS_PER_PAGE = 15  # AuditLogsController::RESULTS_PER_PAGE
# config/locales/en.yml reports.sla_csv, in the download view's order
SLA_CSV_HEADERS = (
    "Conversation ID",
    "SLA Policy",
    "Assignee",
    "Team",
    "Inbox",
    "Labels",
    "Link to the Conversation",
    "Breached Events",
)


def audit_logs_json(page: int) -> dict[str, Any]:
    return {"per_page": AUDIT_LOGS_PER_PAGE, "total_entries": 0, "current_page": page, "audit_logs": []}


def applied_slas_json(page: Any) -> dict[str, Any]:
    return {"payload": [], "meta": {"count": 0, "current_page": page}}


def applied_sla_metrics_json() -> dict[str, Any]:
    """No applied SLA: no miss, so the hit rate is '100%'."""
    return {"total_applied_slas": 0, "number_of_sla_misses": 0, "hit_rate": "100%"}


def applied_slas_csv() -> str:
    """download.csv.erb: the header line, the newline after its tag, the blank line (Erubi trims the
    statement lines)."""
    return ",".join(SLA_CSV_HEADERS) + "\n\n\n"


REPORTING_EVENTS_PER_PAGE = 25  # ReportingEventsController::RESULTS_PER_PAGE


def reporting_event_json(event: ReportingEvent) -> dict[str, Any]:
    """enterprise/app/views/api/v1/models/_reporting_event.json.jbuilder."""
    return {
        "id": event.id,
        "name": event.name,
        "value": float(event.value),
        "value_in_business_hours": float(event.value_in_business_hours),
        "event_start_time": iso8601(event.event_start_time),
        "event_end_time": iso8601(event.event_end_time),
        "account_id": event.account_id,
        "inbox_id": event.inbox_id,
        "user_id": event.user_id,
        "conversation_id": event.conversation_id,
        "created_at": iso8601(event.created_at),
        "updated_at": iso8601(event.updated_at),
    }


def reporting_events_page_json(events: list[ReportingEvent], page: int) -> dict[str, Any]:
    """index: 25 a page (Kaminari: a page below 1 shows the first), meta count, current_page (to_i),
    total_pages."""
    start = (max(page, 1) - 1) * REPORTING_EVENTS_PER_PAGE
    chunk = events[start : start + REPORTING_EVENTS_PER_PAGE]
    return {
        "payload": [reporting_event_json(e) for e in chunk],
        "meta": {
            "count": len(events),
            "current_page": page,
            "total_pages": ceil(len(events) / REPORTING_EVENTS_PER_PAGE),
        },
    }
