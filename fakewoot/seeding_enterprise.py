"""Loading a fixture set's SLA policies, custom roles (with the members holding them) and companies
into a Store, through the store verbs the API uses, so the same validations and defaults apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.seeding_settings import Record, When, require_account

if TYPE_CHECKING:
    from fakewoot.fixture_models import FixtureFile
    from fakewoot.store.state import Store


def load_enterprise_records(store: Store, data: FixtureFile, when: When, record: Record) -> None:
    for i, sla in enumerate(data.sla_policies):
        with record("sla_policies", i, sla.id):
            require_account(store, sla.account_id)
            values = sla.model_dump(exclude={"id", "account_id", "created_at"})
            store.sla_policies.create(
                sla.account_id, values, created_at=when(sla.created_at), policy_id=sla.id
            )
    for i, role in enumerate(data.custom_roles):
        with record("custom_roles", i, role.id):
            require_account(store, role.account_id)
            values = role.model_dump(include={"name", "description", "permissions"})
            made = store.custom_roles.create(
                role.account_id, values, created_at=when(role.created_at), role_id=role.id
            )
            for user_id in role.members:
                member = store.account(role.account_id).members.get(user_id)
                if member is None:
                    raise KeyError(f"members: user {user_id} is not a member of account {role.account_id}")
                store.custom_roles.assign(member, made.id)
    for i, company in enumerate(data.companies):
        with record("companies", i, company.id):
            require_account(store, company.account_id)
            values = company.model_dump(include={"name", "domain", "description"})
            store.companies.create(
                company.account_id, values, created_at=when(company.created_at), company_id=company.id
            )
