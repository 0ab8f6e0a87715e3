"""Companies as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/company.rb (name required, at most 100 characters
(Limits::COMPANY_NAME_LENGTH_LIMIT); domain optional, a dotted host name when present
("must be a valid domain name", errors.companies.domain.invalid) and unique per account; description
at most 1000 characters; `contacts_count` a counter cache with no default, so NULL until a contact
joins), enterprise/app/controllers/api/v1/accounts/companies_controller.rb (Sift sorts, the
name-or-domain search). No licence or feature gate guards the model or its controller.
Avatars (Avatarable) are not stored: `avatar_url` is always "".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.sql import like_search
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, MSG_TOO_LONG, Errors, blank

if TYPE_CHECKING:
    from collections.abc import Callable


COMPANY_ATTRIBUTES = ("name", "domain", "description", "avatar")
NAME_LIMIT = 100  # Limits::COMPANY_NAME_LENGTH_LIMIT
DESCRIPTION_LIMIT = 1000  # Limits::COMPANY_DESCRIPTION_LENGTH_LIMIT
MSG_DOMAIN_INVALID = "{attr} must be a valid domain name"  # errors.companies.domain.invalid
# Company's domain format (Ruby's \A...\z)
DOMAIN_RE = re.compile(r"[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+")


@dataclass(slots=True)
class Company:
    id: int
    account_id: int
    name: str
    created_at: float
    updated_at: float
    domain: str | None = None
    description: str | None = None
    contacts_count: int | None = None


# Sift's sort_on in declaration order: name, domain (type :string, so ORDER BY LOWER(column)),
# created_at (datetime), contacts_count (a scope ordering NULLS LAST both ways); the others take
# PostgreSQL's default (NULLs last ascending, first descending)
SORT_KEYS: dict[str, Callable[[Company], Any]] = {
    "name": lambda c: c.name.lower(),
    "domain": lambda c: None if c.domain is None else c.domain.lower(),
    "created_at": lambda c: c.created_at,
    "contacts_count": lambda c: c.contacts_count,
}


def sort_companies(companies: list[Company], sort: str | None) -> list[Company]:
    """Sift's Filtrator: `sort` split on commas, `-` for descending (a repeated key keeps its last
    direction, a key with spaces or unknown is ignored), the ORDER BY clauses added in the
    declaration order above whatever order they were sent in; id order breaks ties."""
    active: dict[str, bool] = {}
    for raw in (sort or "").split(","):
        descending = raw.startswith("-")
        active[raw[1:] if descending else raw] = descending
    ordered = sorted(companies, key=lambda c: c.id)
    for name in reversed([key for key in SORT_KEYS if key in active]):
        getter, descending = SORT_KEYS[name], active[name]
        present = [c for c in ordered if getter(c) is not None]
        missing = [c for c in ordered if getter(c) is None]
        present.sort(key=getter, reverse=descending)
        nulls_last = name == "contacts_count" or not descending
        ordered = present + missing if nulls_last else missing + present
    return ordered


class Companies(AccountRecords[Company]):
    table_name = "companies"

    def search(self, account_id: int, query: str) -> list[Company]:
        """search_by_name_or_domain: `name ILIKE '%q%' OR domain ILIKE '%q%'` (q stripped, its `%` and
        `_` still wildcards)."""
        matches = like_search(query.strip())
        return [c for c in self.of(account_id) if matches(c.name) or matches(c.domain)]

    def _validate(self, account_id: int, values: dict[str, Any], own_id: int) -> None:
        errors = Errors()
        name: str | None = values.get("name")
        domain: str | None = values.get("domain")
        description: str | None = values.get("description")
        if name is None or blank(name):
            errors.add("name", MSG_BLANK)
        elif len(name) > NAME_LIMIT:
            errors.add("name", MSG_TOO_LONG, count=NAME_LIMIT)
        if domain is not None and not blank(domain) and not DOMAIN_RE.fullmatch(domain):
            errors.add("domain", MSG_DOMAIN_INVALID)
        # the validation runs for a present domain; the unique index (WHERE domain IS NOT NULL) also
        # refuses a second blank one, a 500 upstream (RecordNotUnique), the same 422 here
        rows = self._store.account(account_id).companies
        if domain is not None and any(c.domain == domain and c.id != own_id for c in rows):
            errors.add("domain", MSG_TAKEN)
        if description is not None and len(description) > DESCRIPTION_LIMIT:
            errors.add("description", MSG_TOO_LONG, count=DESCRIPTION_LIMIT)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        values: dict[str, Any],
        created_at: float | None = None,
        company_id: int | None = None,
    ) -> Company:
        """`values`: name, domain, description (strings or None)."""
        self._validate(account_id, values, 0)
        return self._insert(
            account_id,
            company_id,
            created_at,
            lambda new_id, now: Company(
                id=new_id,
                account_id=account_id,
                name=values["name"],
                created_at=now,
                updated_at=now,
                domain=values.get("domain"),
                description=values.get("description"),
            ),
        )

    def update(self, company: Company, values: dict[str, Any]) -> None:
        current = {"name": company.name, "domain": company.domain, "description": company.description}
        self._validate(company.account_id, {**current, **values}, company.id)
        self._save(company, values)

    def delete(self, company: Company) -> None:
        """destroy!: contacts' company_id would be nullified (no fakewoot contact holds one)."""
        self._store.account(company.account_id).companies.remove(company.id)
