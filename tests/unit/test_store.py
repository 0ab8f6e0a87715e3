"""Store: ids per table, deterministic tokens, exact reset and snapshot/restore, isolation."""

from __future__ import annotations

import pickle

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.store.users import check_password


def test_ids_count_from_one_per_table(fake):
    state = fake.store.state
    assert sorted(state.users.rows) == [1, 2, 3]
    assert sorted(state.accounts) == [1, 2]
    user = fake.store.users.create(name="N", email="n@acme.inc", password="Password1!")
    assert user.id == 4
    account = fake.store.accounts.create(name="New")
    assert account.id == 3
    inbox = fake.store.inboxes.create(account_id=3, name="Second")
    assert inbox.id == 4  # inbox ids are installation-wide, like Chatwoot's table (3 are seeded)


def test_reset_returns_exactly_the_seeded_state(fake):
    seeded = fake.snapshot()
    user = fake.store.users.create(name="N", email="n@acme.inc", password="Password1!")
    fake.store.users.sign_in(user)
    fake.store.access_tokens.regenerate("User", 1)
    fake.store.accounts.create(name="New")
    assert fake.snapshot() != seeded
    fake.reset()
    assert fake.snapshot() == seeded
    again = fake.store.users.create(name="N", email="n@acme.inc", password="Password1!")
    assert (again.id, again.pubsub_token) == (user.id, user.pubsub_token)  # same ids and tokens after reset


def test_snapshot_restore_round_trip(fake):
    fake.store.accounts.create(name="Kept")
    snap = fake.snapshot()
    fake.store.accounts.create(name="Dropped")
    fake.restore(snap)
    assert [a.name for a in fake.store.state.accounts.values()] == ["Acme Inc", "Globex", "Kept"]
    assert pickle.loads(snap).accounts[3].name == "Kept"


def test_two_fakes_in_one_process_are_independent():
    one, two = FakeChatwoot(), FakeChatwoot()
    one.store.accounts.create(name="Only in one")
    assert len(one.store.state.accounts) == 3
    assert len(two.store.state.accounts) == 2
    assert one.store.state is not two.store.state


def test_same_seed_same_tokens_and_timestamps():
    clock_a, clock_b = FrozenClock(1_700_000_000), FrozenClock(1_700_000_000)
    a, b = FakeChatwoot(clock=clock_a), FakeChatwoot(clock=clock_b)
    ua = a.store.users.create(name="X", email="x@acme.inc", password="Password1!")
    ub = b.store.users.create(name="X", email="x@acme.inc", password="Password1!")
    assert (ua.pubsub_token, ua.created_at, ua.password_digest) == (
        ub.pubsub_token,
        ub.created_at,
        ub.password_digest,
    )
    assert a.store.users.sign_in(ua) == b.store.users.sign_in(ub)
    assert a.snapshot() == b.snapshot()


def test_reset_rewinds_a_frozen_clock():
    clock = FrozenClock(1_700_000_000)
    fake = FakeChatwoot(clock=clock)
    clock.advance(100)
    fake.reset()
    assert clock.now() == 1_700_000_000


def test_seeded_timestamps_come_from_fixtures(fake):
    assert fake.store.state.accounts[1].created_at == 1_704_067_200.0  # seed_time 2024-01-01T00:00:00Z


def test_passwords_are_checked_not_stored(fake):
    user = fake.store.users.get(1)
    assert "Password1!" not in user.password_digest
    assert check_password(user, "Password1!") and not check_password(user, "password1!")


def test_token_lifecycle(fake):
    user = fake.store.users.get(2)
    client, entry = fake.store.users.sign_in(user)
    assert fake.store.users.valid_token(user, client, entry.token) is entry
    assert fake.store.users.valid_token(user, client, "nope") is None
    assert fake.store.users.sign_out(user, client)
    assert fake.store.users.valid_token(user, client, entry.token) is None


def test_clients_are_capped_oldest_first(fake):
    clock = FrozenClock(1_700_000_000)
    fake2 = FakeChatwoot(clock=clock)
    user = fake2.store.users.get(1)
    first, _ = fake2.store.users.sign_in(user)
    for _ in range(25):
        clock.advance(1)
        fake2.store.users.sign_in(user)
    assert len(user.tokens) == 25
    assert first not in user.tokens


def test_password_change_keeps_only_newest_client_and_rotates_pubsub(fake):
    user = fake.store.users.get(1)
    fake.store.users.sign_in(user)
    fake.store.users.sign_in(user)
    old_pubsub = user.pubsub_token
    fake.store.users.set_password(user, "Other1!x")
    assert len(user.tokens) == 1
    assert user.pubsub_token != old_pubsub


def test_presence_window_and_auto_offline(fake):
    clock = FrozenClock(1_700_000_000)
    f = FakeChatwoot(clock=clock)
    member = f.store.account_users.find(1, 1)
    assert f.store.presence.availability_status(member) == "offline"
    f.store.presence.heartbeat(1, "User", 1)
    assert f.store.presence.availability_status(member) == "online"
    assert f.store.presence.online_users(1) == {"1": "online"}
    clock.advance(20)
    assert f.store.presence.availability_status(member) == "online"
    clock.advance(0.5)
    assert f.store.presence.availability_status(member) == "offline"
    f.store.account_users.set_availability(member, "busy")
    f.store.account_users.set_auto_offline(member, False)
    assert f.store.presence.availability_status(member) == "busy"
    assert f.store.presence.online_users(1) == {"1": "busy"}


def test_events_are_published_and_muted_during_seeding():
    fake = FakeChatwoot(load=False)  # a fake of its own: nothing else listens to its bus
    seen: list[str] = []
    fake.bus.subscribe(lambda event: seen.append(event.name))
    fake.load(fake.settings.fixtures)
    assert seen == []
    fake.store.accounts.create(name="Evented")
    assert seen == ["account.created"]
