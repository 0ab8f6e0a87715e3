"""Generated bulk records for fixture sets (`generate:`): the same seed gives the same records.

Faker supplies pools of realistic names, cities, countries, companies and domains (a few hundred
calls); records are then combined from the pools with a seeded random generator, which is fast
enough for 100,000 contacts. Faker is imported only when a set asks for generated data."""

from __future__ import annotations

import random

from fakewoot.fixture_models import GenerateContacts, GenerateConversations, GenerateUsers
from fakewoot.records import dataclass
from fakewoot.store.messages import INCOMING, OUTGOING
from fakewoot.store.state import Store

POOL = 400


@dataclass(frozen=True, slots=True)
class Pools:
    first_names: list[str]
    last_names: list[str]
    cities: list[str]
    countries: list[str]
    companies: list[str]
    domains: list[str]


def pools(seed: int) -> Pools:
    from faker import Faker

    fake = Faker()
    fake.seed_instance(seed)
    return Pools(
        first_names=[fake.first_name() for _ in range(POOL)],
        last_names=[fake.last_name() for _ in range(POOL)],
        cities=[fake.city() for _ in range(POOL // 4)],
        countries=[fake.country() for _ in range(POOL // 8)],
        companies=[fake.company() for _ in range(POOL)],
        domains=[fake.free_email_domain() for _ in range(8)] + ["example.com", "example.org"],
    )


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def generate_users(store: Store, gen: GenerateUsers, when: float) -> None:
    p = pools(gen.seed)
    rng = random.Random(gen.seed)
    for index in range(gen.count):
        first, last = rng.choice(p.first_names), rng.choice(p.last_names)
        email = f"{_slug(first)}.{_slug(last)}.{index}@{rng.choice(p.domains)}"
        if store.users.by_email(email) is not None:
            continue
        user = store.users.create(name=f"{first} {last}", email=email, password=gen.password, created_at=when)
        store.account_users.add(account_id=gen.account_id, user_id=user.id, role=gen.role, created_at=when)


def generate_contacts(store: Store, gen: GenerateContacts, when: float) -> None:
    """Contacts with unique emails and E.164 phones, a city, country and company each, a label in
    turn from `labels`, a contact inbox in `inbox_id` when given, one hour apart in created_at."""
    account = store.account(gen.account_id)
    inbox = None if gen.inbox_id is None else account.inboxes.get(gen.inbox_id)
    if gen.inbox_id is not None and inbox is None:
        raise KeyError(f"no inbox {gen.inbox_id} in account {account.id}")
    p = pools(gen.seed)
    rng = random.Random(gen.seed)
    labels = [(label,) for label in gen.labels]
    firsts = [(name, _slug(name)) for name in p.first_names]
    lasts = [(name, _slug(name)) for name in p.last_names]
    for index in range(gen.count):
        (first, first_slug), (last, last_slug) = rng.choice(firsts), rng.choice(lasts)
        email = f"{first_slug}.{last_slug}.{index}@{rng.choice(p.domains)}"
        phone = f"+1{200 + rng.randrange(800)}{index:07d}"
        if email in account.contact_emails or phone in account.contact_phones:
            continue
        values = {
            "name": f"{first} {last}",
            "email": email,
            "phone_number": phone,
            "additional_attributes": {
                "city": rng.choice(p.cities),
                "country": rng.choice(p.countries),
                "company_name": rng.choice(p.companies),
            },
        }
        contact = store.contacts.create(account.id, values, created_at=when - index * 3600)
        if labels:
            contact.labels = labels[index % len(labels)]
        if inbox is not None:
            store.contact_inboxes.find_or_create(contact, inbox, None)


CUSTOMER_LINES = (
    "Hi, I can't log in to my account.",
    "Where is my order?",
    "Can I change my plan?",
    "The app crashes on start.",
    "Thanks, that worked!",
    "Is there a discount for annual billing?",
    "I was charged twice this month.",
    "How do I export my data?",
    "Can you call me back?",
    "Still waiting for an answer.",
)
AGENT_LINES = (
    "Happy to help! Could you share your account email?",
    "Let me check that for you.",
    "I've reset it, please try again.",
    "Your order ships tomorrow.",
    "I've refunded the duplicate charge.",
    "You can export from Settings > Data.",
    "Is there anything else I can help with?",
)


def generate_conversations(store: Store, gen: GenerateConversations, when: float) -> None:
    """Conversations over the account's contacts (in turn), alternating customer and agent messages
    a minute apart, assigned in turn to the inbox's members; statuses open, pending, resolved, snoozed."""
    account = store.account(gen.account_id)
    inbox = account.inboxes.get(gen.inbox_id)
    if inbox is None:
        raise KeyError(f"no inbox {gen.inbox_id} in account {account.id}")
    contacts = list(account.contacts.values())
    if not contacts:
        raise KeyError(f"account {account.id} has no contacts to hold conversations")
    agents = [user_id for user_id in inbox.members if user_id in account.members] or [
        m.user_id for m in account.members.values()
    ]
    rng = random.Random(gen.seed)
    statuses = ("open", "open", "pending", "resolved", "snoozed")
    for index in range(gen.count):
        contact = contacts[index % len(contacts)]
        link = store.contact_inboxes.link(contact, inbox)
        start = when - (gen.count - index) * 600
        assignee = agents[index % len(agents)] if agents and index % 3 else None
        conversation = store.conversations.create(
            account_id=account.id,
            inbox_id=inbox.id,
            contact_id=contact.id,
            contact_inbox_id=link.id,
            assignee_id=assignee,
            created_at=start,
        )
        for number in range(gen.messages_per_conversation):
            incoming = number % 2 == 0
            store.messages.create(
                conversation,
                message_type=INCOMING if incoming else OUTGOING,
                content=rng.choice(CUSTOMER_LINES if incoming else AGENT_LINES),
                sender_type="Contact" if incoming else "User",
                sender_id=contact.id if incoming else (assignee or agents[0]),
                created_at=start + 60 * (number + 1),
            )
        status = statuses[index % len(statuses)]
        conversation.status = status
        conversation.snoozed_until = when + 86_400 if status == "snoozed" else None
