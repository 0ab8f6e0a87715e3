"""Faker-generated bulk records for fixture sets (`generate:`): the same seed gives the same records.
Faker is imported only when a set asks for generated data (it costs 0.1 s of start-up)."""

from __future__ import annotations

from fakewoot.fixture_models import GenerateContacts, GenerateUsers
from fakewoot.store.state import Store


def generate_users(store: Store, gen: GenerateUsers, when: float) -> None:
    from faker import Faker

    fake = Faker()
    fake.seed_instance(gen.seed)
    for _ in range(gen.count):
        name = fake.name()
        email = fake.unique.email()
        while store.users.by_email(email) is not None:
            email = fake.unique.email()
        user = store.users.create(name=name, email=email, password=gen.password, created_at=when)
        store.account_users.add(account_id=gen.account_id, user_id=user.id, role=gen.role, created_at=when)


def generate_contacts(store: Store, gen: GenerateContacts, when: float) -> None:
    """Faker contacts with a seed: the same seed gives the same contacts."""
    from faker import Faker

    account = store.account(gen.account_id)
    inbox = None if gen.inbox_id is None else account.inboxes.get(gen.inbox_id)
    if gen.inbox_id is not None and inbox is None:
        raise KeyError(f"no inbox {gen.inbox_id} in account {account.id}")
    fake = Faker()
    fake.seed_instance(gen.seed)
    for index in range(gen.count):
        email = fake.unique.email()
        while email in account.contact_emails:
            email = fake.unique.email()
        phone = f"+1555{fake.unique.random_number(digits=7, fix_len=True)}"
        values = {
            "name": fake.name(),
            "email": email,
            "phone_number": phone,
            "additional_attributes": {
                "city": fake.city(),
                "country": fake.country(),
                "company_name": fake.company(),
            },
        }
        contact = store.contacts.create(account.id, values, created_at=when - index * 3600)
        if gen.labels:
            contact.labels = [gen.labels[index % len(gen.labels)]]
        if inbox is not None:
            store.contact_inboxes.find_or_create(contact, inbox, None)
