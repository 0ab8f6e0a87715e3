"""Loading a fixture set (a folder of YAML or JSON files) into a Store.

Every file may hold any of the top-level tables below; files load in name order. A bad file is
refused with the file, the record and the field named (FixtureError), never a traceback.
`generate` asks for faker-generated bulk records with a seed: the same seed gives the same records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from fakewoot.clock import to_epoch
from fakewoot.errors import ApiError
from fakewoot.fixture_models import (
    ContactFixture,
    ConversationFixture,
    FixtureFile,
    GenerateContacts,
    GenerateConversations,
)
from fakewoot.generate import generate_contacts, generate_conversations, generate_users
from fakewoot.seeding_captain import load_captain
from fakewoot.seeding_enterprise import load_enterprise_records
from fakewoot.seeding_help_center import load_help_center
from fakewoot.seeding_settings import load_settings_tables, require_account
from fakewoot.store.accounts import DEFAULT_FEATURES
from fakewoot.store.inboxes import CHANNEL_TYPES
from fakewoot.store.messages import MESSAGE_TYPES
from fakewoot.store.numericality import Number
from fakewoot.store.state import Store

SUFFIXES = (".yaml", ".yml", ".json")


class FixtureError(Exception):
    """A fixture set that cannot be loaded; str() names file, record and field."""


def fixture_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise FixtureError(f"{folder}: not a folder of fixture files")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise FixtureError(f"{folder}: no fixture files (*.yaml, *.yml, *.json)")
    return files


def parse_file(path: Path) -> FixtureFile:
    try:
        text = path.read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same results, faster
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=loader)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise FixtureError(f"{path}: cannot be read: {_first_line(exc)}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise FixtureError(f"{path}: the top level must be a mapping of tables")
    try:
        return FixtureFile.model_validate(raw)
    except ValidationError as exc:
        raise FixtureError(_describe(path, raw, exc)) from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _describe(path: Path, raw: dict[str, Any], exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        where = str(loc[0]) if loc else "(file)"
        rest = loc[1:]
        first = rest[0] if rest else None
        if isinstance(first, int):
            index = first
            rest = rest[1:]
            where += f"[{index}]"
            table = raw.get(str(loc[0]))
            if isinstance(table, list) and index < len(table) and isinstance(table[index], dict):
                record_id = table[index].get("id")
                if record_id is not None:
                    where += f" (id {record_id})"
        field = ".".join(str(part) for part in rest) or "(record)"
        lines.append(f"{path}: {where}: field '{field}': {error['msg']}")
    return "\n".join(lines)


def validate_fixture_set(folder: Path) -> list[tuple[Path, FixtureFile]]:
    """Parse every file and check references across files; raise FixtureError on the first bad file."""
    parsed = [(path, parse_file(path)) for path in fixture_files(folder)]
    _check_references(parsed)
    return parsed


def _check_references(parsed: list[tuple[Path, FixtureFile]]) -> None:
    accounts: set[int] = set()
    inboxes: dict[int, int] = {}
    seen: dict[str, set[Any]] = {
        "users": set(),
        "emails": set(),
        "tokens": set(),
        "platform_apps": set(),
        "agent_bots": set(),
        "webhooks": set(),
    }
    for path, data in parsed:
        for i, account in enumerate(data.accounts):
            if account.id in accounts:
                raise FixtureError(f"{path}: accounts[{i}] (id {account.id}): field 'id': duplicate id")
            accounts.add(account.id)
    for path, data in parsed:
        for i, inbox in enumerate(data.inboxes):
            if inbox.account_id not in accounts:
                raise FixtureError(
                    f"{path}: inboxes[{i}] (id {inbox.id}): field 'account_id': no account {inbox.account_id}"
                )
            if inbox.id in inboxes:
                raise FixtureError(f"{path}: inboxes[{i}] (id {inbox.id}): field 'id': duplicate id")
            inboxes[inbox.id] = inbox.account_id
            identifiers = seen.setdefault("inbox_identifiers", set())  # Channel::Api identifiers are unique
            identifier = inbox.channel.get("identifier")
            if identifier is not None and identifier in identifiers:
                raise FixtureError(
                    f"{path}: inboxes[{i}] (id {inbox.id}): field 'channel.identifier': duplicate identifier"
                )
            identifiers.add(identifier)

    def token(path: Path, where: str, value: str | None) -> None:
        if value is None:
            return
        if value in seen["tokens"]:
            raise FixtureError(f"{path}: {where}: field 'access_token': token already used by another record")
        seen["tokens"].add(value)

    memberships = {
        user.id: {m.account_id for m in user.accounts} for _, data in parsed for user in data.users
    }
    for path, data in parsed:
        for i, user in enumerate(data.users):
            where = f"users[{i}] (id {user.id})"
            if user.id in seen["users"]:
                raise FixtureError(f"{path}: {where}: field 'id': duplicate id")
            seen["users"].add(user.id)
            email = str(user.email).lower()
            if email in seen["emails"]:
                raise FixtureError(f"{path}: {where}: field 'email': {email} is already taken")
            seen["emails"].add(email)
            token(path, where, user.access_token)
            member_of: set[int] = set()
            for j, membership in enumerate(user.accounts):
                if membership.account_id not in accounts or membership.account_id in member_of:
                    problem = (
                        "no account" if membership.account_id not in accounts else "duplicate membership in"
                    )
                    raise FixtureError(
                        f"{path}: {where}: field 'accounts.{j}.account_id': {problem} {membership.account_id}"
                    )
                member_of.add(membership.account_id)
        for i, app in enumerate(data.platform_apps):
            where = f"platform_apps[{i}] (id {app.id})"
            if app.id in seen["platform_apps"]:
                raise FixtureError(f"{path}: {where}: field 'id': duplicate id")
            seen["platform_apps"].add(app.id)
            token(path, where, app.access_token)
        for i, bot in enumerate(data.agent_bots):
            where = f"agent_bots[{i}] (id {bot.id})"
            if bot.id in seen["agent_bots"]:
                raise FixtureError(f"{path}: {where}: field 'id': duplicate id")
            seen["agent_bots"].add(bot.id)
            token(path, where, bot.access_token)
            if bot.account_id is not None and bot.account_id not in accounts:
                raise FixtureError(f"{path}: {where}: field 'account_id': no account {bot.account_id}")
            for j, inbox_id in enumerate(bot.inbox_ids):
                if inbox_id not in inboxes:
                    raise FixtureError(f"{path}: {where}: field 'inbox_ids.{j}': no inbox {inbox_id}")
        for i, webhook in enumerate(data.webhooks):
            where = f"webhooks[{i}]" + ("" if webhook.id is None else f" (id {webhook.id})")
            if webhook.id is not None and webhook.id in seen["webhooks"]:
                raise FixtureError(f"{path}: {where}: field 'id': duplicate id")
            seen["webhooks"].add(webhook.id)
            if webhook.account_id not in accounts:
                raise FixtureError(f"{path}: {where}: field 'account_id': no account {webhook.account_id}")
            if webhook.inbox_id is not None and inboxes.get(webhook.inbox_id) != webhook.account_id:
                raise FixtureError(
                    f"{path}: {where}: field 'inbox_id': no inbox {webhook.inbox_id} "
                    f"in account {webhook.account_id}"
                )
        for i, inbox in enumerate(data.inboxes):
            for j, user_id in enumerate(inbox.members):
                if inbox.account_id not in memberships.get(user_id, set()):
                    raise FixtureError(
                        f"{path}: inboxes[{i}] (id {inbox.id}): field 'members.{j}': user {user_id} "
                        f"is not a member of account {inbox.account_id}"
                    )
        for i, gen in enumerate(data.generate):
            if gen.account_id not in accounts:
                raise FixtureError(f"{path}: generate[{i}]: field 'account_id': no account {gen.account_id}")


def load_fixture_set(store: Store, folder: Path) -> None:
    parsed = validate_fixture_set(folder)
    base = store.clock.now()
    for _, data in parsed:
        if data.seed_time is not None:
            base = to_epoch(data.seed_time)

    def when(value: datetime | None) -> float:
        return base if value is None else to_epoch(value)

    files = [data for _, data in parsed]
    inbox_accounts = {inbox.id: inbox.account_id for data in files for inbox in data.inboxes}
    for data in files:
        for a in data.accounts:
            store.accounts.create(
                account_id=a.id,
                name=a.name,
                locale=a.locale,
                domain=a.domain,
                support_email=a.support_email,
                status=a.status,
                custom_attributes=a.custom_attributes,
                settings=a.settings,
                features=list(DEFAULT_FEATURES) if a.features is None else a.features,
                limits=a.limits,
                created_at=when(a.created_at),
            )
    for data in files:
        for i in data.inboxes:
            store.inboxes.create(
                inbox_id=i.id,
                account_id=i.account_id,
                name=i.name,
                channel_type=CHANNEL_TYPES[i.channel_type],
                channel=i.channel,
                settings=i.settings,
                created_at=when(i.created_at),
            )
    for data in files:
        for u in data.users:
            user = store.users.create(
                user_id=u.id,
                name=u.name,
                email=str(u.email),
                password=u.password,
                display_name=u.display_name,
                confirmed=u.confirmed,
                pubsub_token=u.pubsub_token,
                access_token=u.access_token,
                created_at=when(u.created_at),
                custom_attributes=u.custom_attributes,
                message_signature=u.message_signature,
                ui_settings=u.ui_settings,
                avatar_url=u.avatar_url,
                type=u.type,
            )
            for m in u.accounts:
                store.account_users.add(
                    account_id=m.account_id,
                    user_id=user.id,
                    role=m.role,
                    availability=m.availability,
                    auto_offline=m.auto_offline,
                    created_at=when(u.created_at),
                    active_at=None if m.active_at is None else to_epoch(m.active_at),
                )
    for data in files:
        for i in data.inboxes:
            inbox = store.account(i.account_id).inboxes.get(i.id)
            if inbox is not None:
                inbox.members = list(i.members)
    for data in files:
        for p in data.platform_apps:
            app = store.platform_apps.create(
                app_id=p.id, name=p.name, token=p.access_token, created_at=when(p.created_at)
            )
            for permissible in p.permissibles:
                store.platform_apps.permit(app, permissible.type, permissible.id)
        for b in data.agent_bots:
            bot = store.agent_bots.create(
                bot_id=b.id,
                name=b.name,
                token=b.access_token,
                account_id=b.account_id,
                description=b.description,
                outgoing_url=b.outgoing_url,
                bot_config=b.bot_config,
                secret=b.secret,
                created_at=when(b.created_at),
            )
            for inbox_id in b.inbox_ids:
                store.agent_bots.connect_inbox(bot, inbox_accounts[inbox_id], inbox_id)
    for path, data in parsed:
        _load_account_data(store, path, data, when)
    for path, data in parsed:
        for index, gen in enumerate(data.generate):
            with _record(path, "generate", index, None):
                if isinstance(gen, GenerateContacts):
                    generate_contacts(store, gen, base)
                elif isinstance(gen, GenerateConversations):
                    generate_conversations(store, gen, base)
                else:
                    generate_users(store, gen, base)
    store.notification_settings.ensure_members()  # AccountUser's after_create_commit
    for path, data in parsed:
        _load_notifications(store, path, data, when)
    for path, data in parsed:
        load_settings_tables(store, data, when, partial(_record, path))
    for path, data in parsed:
        load_help_center(store, data, when, partial(_record, path))
    for path, data in parsed:
        load_captain(store, data, when, partial(_record, path))
    for path, data in parsed:
        load_enterprise_records(store, data, when, partial(_record, path))


def _load_notifications(store: Store, path: Path, data: FixtureFile, when: Any) -> None:
    """Notification settings (members only), then notifications (conversations by display_id)."""
    for i, setting in enumerate(data.notification_settings):
        with _record(path, "notification_settings", i, None):
            if setting.user_id not in store.account(setting.account_id).members:
                raise KeyError(f"user {setting.user_id} is not a member of account {setting.account_id}")
            found = store.notification_settings.create(setting.account_id, setting.user_id)
            store.notification_settings.update(found, list(setting.email), list(setting.push))
    for i, item in enumerate(data.notifications):
        with _record(path, "notifications", i, item.id):
            conversation = store.conversations.by_display_id(item.account_id, item.conversation_id)
            if conversation is None:
                raise KeyError(f"no conversation {item.conversation_id} in account {item.account_id}")
            if store.users.get(item.user_id) is None:
                raise KeyError(f"no user {item.user_id}")
            store.notifications.create(
                item.notification_type,
                user_id=item.user_id,
                conversation=conversation,
                read_at=None if item.read_at is None else to_epoch(item.read_at),
                snoozed_until=None if item.snoozed_until is None else to_epoch(item.snoozed_until),
                created_at=when(item.created_at),
                notification_id=item.id,
            )


@contextmanager
def _record(path: Path, table: str, index: int, record_id: int | None) -> Iterator[None]:
    """Name the file and record when the store refuses a fixture record (422-style errors, lookups)."""
    where = f"{path}: {table}[{index}]" + ("" if record_id is None else f" (id {record_id})")
    try:
        yield
    except ApiError as error:
        message = error.body.get("message") or error.body.get("error")
        attributes = error.body.get("attributes") or ["(record)"]
        raise FixtureError(f"{where}: field '{attributes[0]}': {message}") from None
    except KeyError as error:
        raise FixtureError(f"{where}: field '(reference)': {error.args[0]}") from None


def _load_account_data(store: Store, path: Path, data: FixtureFile, when: Any) -> None:
    for i, webhook in enumerate(data.webhooks):
        with _record(path, "webhooks", i, webhook.id):
            store.webhooks.create(
                webhook.account_id,
                url=webhook.url,
                subscriptions=webhook.subscriptions,
                name=webhook.name,
                inbox_id=webhook.inbox_id,
                secret=webhook.secret,
                webhook_id=webhook.id,
                created_at=when(webhook.created_at),
            )
    for i, label in enumerate(data.labels):
        with _record(path, "labels", i, label.id):
            require_account(store, label.account_id)
            store.labels.create(**label.model_dump(exclude={"id"}), label_id=label.id)
    for i, definition in enumerate(data.custom_attribute_definitions):
        with _record(path, "custom_attribute_definitions", i, definition.id):
            require_account(store, definition.account_id)
            store.custom_attribute_definitions.create(
                **definition.model_dump(exclude={"id"}), definition_id=definition.id
            )
    for i, canned in enumerate(data.canned_responses):
        with _record(path, "canned_responses", i, canned.id):
            require_account(store, canned.account_id)
            store.canned_responses.create(
                canned.account_id, short_code=canned.short_code, content=canned.content, response_id=canned.id
            )
    for i, team in enumerate(data.teams):
        with _record(path, "teams", i, team.id):
            require_account(store, team.account_id)
            made = store.teams.create(
                team.account_id,
                name=team.name,
                description=team.description,
                allow_auto_assign=team.allow_auto_assign,
                team_id=team.id,
            )
            strangers = [m for m in team.members if m not in store.account(team.account_id).members]
            if strangers:
                raise KeyError(f"members: users {strangers} are not members of account {team.account_id}")
            store.teams.add_members(made, team.members)
    for i, policy in enumerate(data.assignment_policies):
        with _record(path, "assignment_policies", i, policy.id):
            require_account(store, policy.account_id)
            assigned = store.assignment_policies.create(
                policy.account_id,
                policy.model_dump(exclude={"id", "account_id", "inboxes"}),
                policy_id=policy.id,
                created_at=when(None),
            )
            for inbox_id in policy.inboxes:
                inbox = store.account(policy.account_id).inboxes.get(inbox_id)
                if inbox is None:
                    raise KeyError(f"inboxes: no inbox {inbox_id} in account {policy.account_id}")
                store.assignment_policies.assign(inbox, assigned, created_at=when(None))
    for i, capacity in enumerate(data.agent_capacity_policies):
        with _record(path, "agent_capacity_policies", i, capacity.id):
            require_account(store, capacity.account_id)
            capacity_account = store.account(capacity.account_id)
            made_capacity = store.agent_capacity_policies.create(
                capacity.account_id,
                capacity.model_dump(include={"name", "description", "exclusion_rules"}),
                policy_id=capacity.id,
                created_at=when(None),
            )
            for user_id in capacity.users:
                if user_id not in capacity_account.members:
                    raise KeyError(f"users: user {user_id} is not a member of account {capacity.account_id}")
                store.agent_capacity_policies.assign_user(made_capacity, user_id)
            for limit in capacity.inbox_limits:
                limit_inbox = capacity_account.inboxes.get(limit.inbox_id)
                if limit_inbox is None or store.agent_capacity_policies.has_limit(made_capacity, limit_inbox):
                    raise KeyError(f"inbox_limits: inbox {limit.inbox_id} is not a new inbox of the account")
                store.agent_capacity_policies.add_limit(
                    made_capacity, limit_inbox, Number.of(limit.conversation_limit), created_at=when(None)
                )
    for i, macro in enumerate(data.macros):
        with _record(path, "macros", i, macro.id):
            require_account(store, macro.account_id)
            if (
                macro.created_by is not None
                and macro.created_by not in store.account(macro.account_id).members
            ):
                raise KeyError(
                    f"created_by: user {macro.created_by} is not a member of account {macro.account_id}"
                )
            store.macros.create(
                macro.account_id,
                name=macro.name,
                visibility=macro.visibility,
                actions=macro.actions,
                user_id=macro.created_by,
                macro_id=macro.id,
            )
    for i, rule in enumerate(data.automation_rules):
        with _record(path, "automation_rules", i, rule.id):
            require_account(store, rule.account_id)
            store.automation_rules.create(
                rule.account_id, rule.model_dump(exclude={"id", "account_id"}), rule.id
            )
    for i, saved in enumerate(data.custom_filters):
        with _record(path, "custom_filters", i, saved.id):
            if saved.user_id not in store.account(saved.account_id).members:
                raise KeyError(f"user {saved.user_id} is not a member of account {saved.account_id}")
            store.custom_filters.create(
                saved.account_id,
                saved.user_id,
                name=saved.name,
                filter_type=saved.filter_type,
                query=saved.query,
                filter_id=saved.id,
            )
    for i, app in enumerate(data.dashboard_apps):
        with _record(path, "dashboard_apps", i, app.id):
            require_account(store, app.account_id)
            store.dashboard_apps.create(
                app.account_id, title=app.title, content=app.content, user_id=app.user_id, app_id=app.id
            )
    for i, contact in enumerate(data.contacts):
        with _record(path, "contacts", i, contact.id):
            _load_contact(store, contact, when)
    for i, conversation in enumerate(data.conversations):
        with _record(path, "conversations", i, None):
            _load_conversation(store, conversation, when)


def _load_contact(store: Store, fixture: ContactFixture, when: Any) -> None:
    require_account(store, fixture.account_id)
    values = fixture.model_dump(
        include={
            "name",
            "email",
            "phone_number",
            "identifier",
            "blocked",
            "additional_attributes",
            "custom_attributes",
        }
    )
    contact = store.contacts.create(
        fixture.account_id, values, created_at=when(fixture.created_at), contact_id=fixture.id
    )
    if fixture.last_activity_at is not None:
        contact.last_activity_at = to_epoch(fixture.last_activity_at)
    contact.labels = tuple(dict.fromkeys(fixture.labels))
    account = store.account(fixture.account_id)
    for link in fixture.contact_inboxes:
        inbox = account.inboxes.get(link.inbox_id)
        if inbox is None:
            raise KeyError(f"no inbox {link.inbox_id} in account {account.id}")
        store.contact_inboxes.find_or_create(contact, inbox, link.source_id)
    for note in fixture.notes:
        if note.user_id is not None and note.user_id not in account.members:
            raise KeyError(f"note author {note.user_id} is not a member of account {account.id}")
        store.notes.create(
            account_id=account.id, contact_id=contact.id, user_id=note.user_id, content=note.content
        )


def _load_conversation(store: Store, fixture: ConversationFixture, when: Any) -> None:
    require_account(store, fixture.account_id)
    account = store.account(fixture.account_id)
    inbox = account.inboxes.get(fixture.inbox_id)
    contact = account.contacts.get(fixture.contact_id)
    if inbox is None or contact is None:
        raise KeyError(f"no inbox {fixture.inbox_id} or contact {fixture.contact_id} in account {account.id}")
    if fixture.assignee_id is not None and fixture.assignee_id not in account.members:
        raise KeyError(f"assignee {fixture.assignee_id} is not a member of account {account.id}")
    link = store.contact_inboxes.link(contact, inbox)
    start = when(fixture.created_at)
    conversation = store.conversations.create(
        account_id=account.id,
        inbox_id=inbox.id,
        contact_id=contact.id,
        contact_inbox_id=link.id,
        status=fixture.status,
        assignee_id=fixture.assignee_id,
        labels=fixture.labels,
        created_at=start,
    )
    conversation.priority = fixture.priority
    for index, message in enumerate(fixture.messages):
        incoming = message.message_type == "incoming"
        sender_id = contact.id if incoming else message.sender_id or fixture.assignee_id
        if not incoming and sender_id is not None and sender_id not in account.members:
            raise KeyError(f"message sender {sender_id} is not a member of account {account.id}")
        store.messages.create(
            conversation,
            message_type=MESSAGE_TYPES[message.message_type],
            content=message.content,
            sender_type=None if message.message_type == "activity" else "Contact" if incoming else "User",
            sender_id=None if message.message_type == "activity" else sender_id,
            private=message.private,
            content_type=message.content_type,
            created_at=start + 60 * (index + 1),
        )
    conversation.status = fixture.status  # messages must not reopen what the fixture says
