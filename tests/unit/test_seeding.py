"""Fixture sets: validation names file, record and field; generated records are deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.cli import main
from fakewoot.seeding import FixtureError, validate_fixture_set
from fakewoot.settings import DEFAULT_FIXTURES
from fakewoot.store.webhooks import DEFAULT_SUBSCRIPTIONS

MINIMAL = """
accounts:
  - {id: 1, name: Solo}
users:
  - {id: 1, name: Ann, email: ann@solo.test, password: Password1!, access_token: t1,
     accounts: [{account_id: 1, role: administrator}]}
"""


def write(folder: Path, text: str, name: str = "set.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_default_fixtures_are_valid():
    assert validate_fixture_set(DEFAULT_FIXTURES)


def test_default_fixtures_content(fake):
    store = fake.store
    assert (
        store.access_tokens.find("fakewoot-admin-token").owner_id == store.users.by_email("john@acme.inc").id
    )
    assert store.account_users.find(1, 2).role == "agent"
    assert store.account_users.find(2, 3).role == "administrator"
    assert store.access_tokens.find("fakewoot-platform-token").owner_type == "PlatformApp"
    assert store.access_tokens.find("fakewoot-bot-token").owner_type == "AgentBot"
    assert store.state.accounts[1].inboxes.get(1).channel_type == "Channel::Api"
    assert store.agent_bots.serves_account(1, 1) and not store.agent_bots.serves_account(1, 2)


def test_minimal_fixture_set_loads(tmp_path):
    fake = FakeChatwoot(fixtures=write(tmp_path, MINIMAL))
    assert fake.store.users.by_email("ann@solo.test").id == 1


def test_json_files_load_too(tmp_path):
    folder = write(tmp_path, '{"accounts": [{"id": 5, "name": "J"}]}', "set.json")
    assert FakeChatwoot(fixtures=folder).store.state.accounts[5].name == "J"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "users:\n  - {id: 7, name: A, email: nope, password: Password1!}\n",
            "users[0] (id 7): field 'email'",
        ),
        ("accounts:\n  - {id: 1, name: A, colour: red}\n", "accounts[0] (id 1): field 'colour'"),
        ("accounts:\n  - {id: 1}\n", "accounts[0] (id 1): field 'name'"),
        ("accounts:\n  - {id: 1, name: A, locale: klingon}\n", "field 'locale'"),
        (
            "inboxes:\n  - {id: 1, account_id: 9, name: I}\n",
            "inboxes[0] (id 1): field 'account_id': no account 9",
        ),
        (
            "accounts: [{id: 1, name: A}]\nusers:\n  - {id: 1, name: A, email: a@b.c, password: Password1!,"
            " accounts: [{account_id: 1, role: boss}]}\n",
            "users[0] (id 1): field 'accounts.0.role'",
        ),
        ("accounts: [{id: 1, name: A}, {id: 1, name: B}]\n", "accounts[1] (id 1): field 'id': duplicate id"),
        (
            "users:\n  - {id: 1, name: A, email: a@b.c, password: Password1!, access_token: x}\n"
            "platform_apps:\n  - {id: 1, name: P, access_token: x}\n",
            "platform_apps[0] (id 1): field 'access_token'",
        ),
        ("accounts: [\n", "cannot be read"),
        ("- just a list\n", "the top level must be a mapping"),
    ],
)
def test_bad_fixture_names_file_record_and_field(tmp_path, text, expected):
    folder = write(tmp_path, text)
    with pytest.raises(FixtureError) as info:
        validate_fixture_set(folder)
    assert str(folder / "set.yaml") in str(info.value)
    assert expected in str(info.value)


def test_generated_users_are_the_same_every_run(tmp_path):
    folder = write(tmp_path, MINIMAL + "generate:\n  - {table: users, account_id: 1, count: 20, seed: 42}\n")
    one = FakeChatwoot(fixtures=folder, clock=FrozenClock(1_700_000_000))
    two = FakeChatwoot(fixtures=folder, clock=FrozenClock(1_700_000_000))
    emails = [u.email for u in one.store.state.users]
    assert len(emails) == 21 and len(set(emails)) == 21
    assert emails == [u.email for u in two.store.state.users]
    assert one.snapshot() == two.snapshot()
    other_seed = write(
        tmp_path / "b", MINIMAL + "generate:\n  - {table: users, account_id: 1, count: 20, seed: 7}\n"
    )
    assert [u.email for u in FakeChatwoot(fixtures=other_seed).store.state.users] != emails


def test_cli_fixtures_check(tmp_path, capsys):
    assert main(["fixtures", "check", str(DEFAULT_FIXTURES)]) == 0
    assert "OK" in capsys.readouterr().out
    bad = write(tmp_path, "accounts:\n  - {id: 1}\n")
    assert main(["fixtures", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "accounts[0] (id 1): field 'name'" in err and "Traceback" not in err
    assert main(["fixtures", "check", str(tmp_path / "missing")]) == 1


def test_built_in_minimal_set_loads():
    fake = FakeChatwoot(fixtures=DEFAULT_FIXTURES.parent / "minimal")
    assert fake.store.access_tokens.find("minimal-agent-token") is not None


# --- webhooks, agent bot secrets and configs, API channel callbacks (reference webhooks-bots.md 1, 4, 5)

HOOKS = """
seed_time: "2024-01-01T00:00:00Z"
accounts:
  - {id: 1, name: Solo}
  - {id: 2, name: Other}
inboxes:
  - {id: 1, account_id: 1, name: API, channel: {webhook_url: "https://crm.test/inbox", secret: inbox-secret}}
  - {id: 2, account_id: 2, name: Other API}
agent_bots:
  - {id: 1, name: Bot, account_id: 1, inbox_ids: [1], secret: bot-secret, bot_config: {lang: en}}
  - {id: 2, name: Plain, account_id: 1}
webhooks:
  - {id: 4, account_id: 1, url: "https://crm.test/hook", name: CRM, subscriptions: [message_created],
     inbox_id: 1, secret: hook-secret}
  - {account_id: 1, url: "https://crm.test/other"}
"""


def test_webhooks_bot_secrets_and_api_channel_callbacks_load(tmp_path):
    store = FakeChatwoot(fixtures=write(tmp_path, HOOKS)).store
    first, second = sorted(store.webhooks.of(1), key=lambda w: w.id)
    assert (first.id, first.name, first.subscriptions, first.inbox_id, first.secret) == (
        4,
        "CRM",
        ["message_created"],
        1,
        "hook-secret",
    )
    assert second.id == 5 and len(second.secret) == 24 and second.name is None
    assert second.subscriptions == list(DEFAULT_SUBSCRIPTIONS)
    bot = store.agent_bots.get(1)
    assert (bot.secret, bot.bot_config) == ("bot-secret", {"lang": "en"})
    assert len(store.agent_bots.get(2).secret) == 24 and store.agent_bots.get(2).bot_config == {}
    channel = store.state.accounts[1].inboxes.get(1).channel
    assert (channel["webhook_url"], channel["secret"]) == ("https://crm.test/inbox", "inbox-secret")
    assert len(store.state.accounts[2].inboxes.get(2).channel["secret"]) == 24


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "webhooks:\n  - {id: 1, account_id: 1, url: 'https://a.test', subscriptions: [message_sent]}\n",
            "webhooks[0] (id 1): field 'subscriptions': Value error, unknown events ['message_sent']",
        ),
        (
            "webhooks:\n  - {id: 1, account_id: 1, url: 'https://a.test', subscriptions: []}\n",
            "webhooks[0] (id 1): field 'subscriptions'",
        ),
        ("webhooks:\n  - {id: 1, account_id: 1}\n", "webhooks[0] (id 1): field 'url'"),
        (
            "webhooks:\n  - {id: 1, account_id: 1, url: x, colour: red}\n",
            "webhooks[0] (id 1): field 'colour'",
        ),
        (
            "webhooks:\n  - {id: 1, account_id: 9, url: 'https://a.test'}\n",
            "field 'account_id': no account 9",
        ),
        (
            "webhooks:\n  - {id: 1, account_id: 1, url: 'https://a.test', inbox_id: 2}\n",
            "webhooks[0] (id 1): field 'inbox_id': no inbox 2 in account 1",
        ),
        (
            "webhooks:\n  - {id: 1, account_id: 1, url: 'https://a.test'}\n"
            "  - {id: 1, account_id: 2, url: 'https://b.test'}\n",
            "webhooks[1] (id 1): field 'id': duplicate id",
        ),
        (
            "agent_bots:\n  - {id: 1, name: B, secret: ''}\n",
            "agent_bots[0] (id 1): field 'secret'",
        ),
        ("agent_bots:\n  - {id: 1, name: B, bot_config: [1]}\n", "agent_bots[0] (id 1): field 'bot_config'"),
    ],
)
def test_bad_webhook_and_bot_fixtures_name_file_record_and_field(tmp_path, text, expected):
    base = "accounts: [{id: 1, name: A}, {id: 2, name: B}]\ninboxes: [{id: 2, account_id: 2, name: I}]\n"
    folder = write(tmp_path, base + text)
    with pytest.raises(FixtureError) as info:
        validate_fixture_set(folder)
    assert str(folder / "set.yaml") in str(info.value)
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("hooks", "expected"),
    [
        (
            "[{id: 1, account_id: 1, url: 'javascript:alert(1)'}]",
            "webhooks[0] (id 1): field 'url': Url is invalid",
        ),
        (
            "[{account_id: 1, url: 'https://a.test'}, {account_id: 1, url: 'https://a.test'}]",
            "webhooks[1]: field 'url': Url has already been taken",
        ),
    ],
)
def test_webhooks_the_store_refuses_name_file_record_and_field(tmp_path, hooks, expected):
    folder = write(tmp_path, f"accounts: [{{id: 1, name: A}}]\nwebhooks: {hooks}\n")
    with pytest.raises(FixtureError) as info:
        FakeChatwoot(fixtures=folder)
    assert str(folder / "set.yaml") in str(info.value) and expected in str(info.value)
    assert main(["fixtures", "check", str(folder)]) == 1


def test_default_bot_has_no_outgoing_url(fake):
    """Deliveries are real HTTP: a URL nobody listens on would fail every delivery of inbox 1."""
    bot = fake.store.agent_bots.get(1)
    assert bot.outgoing_url is None
    assert fake.store.agent_bots.of_inbox(1, 1) is bot
    assert fake.store.access_tokens.find("fakewoot-bot-token").owner_id == 1
