"""Fixture sets: validation names file, record and field; generated records are deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.cli import main
from fakewoot.seeding import FixtureError, validate_fixture_set
from fakewoot.settings import DEFAULT_FIXTURES

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
