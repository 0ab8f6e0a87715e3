"""enterprise/app/views/api/v1/accounts/companies/*.json.jbuilder at e13e3c87: `_company` (show,
create, update wrap it in `payload`), index and search (`meta` with total_count and the page as sent,
then `payload`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601

if TYPE_CHECKING:
    from fakewoot.store.companies import Company


def company_json(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "name": company.name,
        "contacts_count": company.contacts_count,
        "domain": company.domain,
        "description": company.description,
        "avatar_url": "",  # Avatarable#avatar_url without an attached avatar
        "created_at": iso8601(company.created_at),
        "updated_at": iso8601(company.updated_at),
    }


def companies_page_json(companies: list[Company], total: int, page: Any) -> dict[str, Any]:
    return {"meta": {"total_count": total, "page": page}, "payload": [company_json(c) for c in companies]}
