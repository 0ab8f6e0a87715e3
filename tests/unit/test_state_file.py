"""The state file (fakewoot/persistence.py) and its writer (fakewoot/state_writer.py): round trips,
every refusal (one line, nothing half-loaded), the restricted unpickler, atomic writes, and a writer
that writes after a change, never without one, and a last time on close."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from fakewoot.admin.dump import dump
from fakewoot.clock import FrozenClock
from fakewoot.control import FakeChatwoot
from fakewoot.journal import Entry
from fakewoot.persistence import (
    FORMAT_VERSION,
    MAGIC,
    MSG_BAD_HEADER,
    MSG_CHECKSUM,
    MSG_NEWER,
    MSG_NOT_STATE,
    StateFileError,
    adopt,
    decode,
    encode,
    encode_parts,
    read,
    write_atomically,
)
from fakewoot.state_writer import StateFileWriter

NOW = 1_750_000_000.0


def _fake() -> FakeChatwoot:
    return FakeChatwoot(clock=FrozenClock(NOW))


def _add_contact(fake: FakeChatwoot, email: str) -> None:
    fake.store.contacts.create(1, {"name": email.split("@")[0], "email": email})


def _header(data: bytes) -> tuple[dict[str, Any], bytes]:
    end = data.index(b"\n", len(MAGIC))
    return orjson.loads(data[len(MAGIC) : end]), data[end + 1 :]


def _with_header(data: bytes, **changes: Any) -> bytes:
    header, payload = _header(data)
    header.update(changes)
    return MAGIC + orjson.dumps(header) + b"\n" + payload


def _resealed(header: dict[str, Any], state: bytes) -> bytes:
    """A file whose state section is `state`, with a checksum that matches it."""
    seeded = b""
    return encode_parts(state, seeded, False, header["layout"])


# --------------------------------------------------------------------------- round trips


def test_a_state_file_round_trips_the_state_and_what_reset_returns_to():
    fake = _fake()
    _add_contact(fake, "kept@x.test")
    data = encode(fake.store)
    other = FakeChatwoot(clock=FrozenClock(NOW), load=False)
    adopt(other, decode(data))
    assert dump(other.store) == dump(fake.store)
    other.reset()
    fake.reset()
    assert "kept@x.test" not in other.store.account(1).contact_emails
    assert dump(other.store) == dump(fake.store)


def test_the_header_names_format_versions_layout_checksum_and_sections():
    header, payload = _header(encode(_fake().store))
    assert list(header) == ["format", "fakewoot", "python", "layout", "sha256", "sections"]
    assert header["format"] == FORMAT_VERSION
    assert [name for name, _, _ in header["sections"]] == ["state", "seeded"]
    assert sum(size for _, size, _ in header["sections"]) == len(payload)


def test_a_large_seeded_state_is_kept_compressed_and_still_checked(tmp_path):
    fake = _fake()
    fake.store._seeded_compressed = True  # as the store keeps a seed above 1 MB
    import zlib

    assert fake.store._seeded is not None
    fake.store._seeded = zlib.compress(fake.store._seeded, 1)
    loaded = decode(encode(fake.store))
    assert loaded.seeded_compressed
    other = FakeChatwoot(clock=FrozenClock(NOW), load=False)
    adopt(other, loaded)
    other.reset()
    assert dump(other.store) == dump(_fake().store)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[:-1], MSG_CHECKSUM),
        (lambda d: d[:-10] + bytes(10), MSG_CHECKSUM),
        (lambda d: d + b"x", MSG_CHECKSUM),
        (lambda d: d[: len(MAGIC) + 20], MSG_BAD_HEADER),
        (lambda d: b"", MSG_NOT_STATE),
        (lambda d: b"PK\x03\x04 a zip file", MSG_NOT_STATE),
        (lambda d: MAGIC + b"{not json}\n" + d, MSG_BAD_HEADER),
        (lambda d: MAGIC + b'{"format": "1"}\n', MSG_BAD_HEADER),
        (lambda d: _with_header(d, sections=[["state", 1, "pickle"]]), MSG_BAD_HEADER),
        (lambda d: _with_header(d, sections="all of it"), MSG_BAD_HEADER),
    ],
)
def test_a_damaged_file_is_refused_with_one_line(damage, message):
    with pytest.raises(StateFileError) as refused:
        decode(damage(encode(_fake().store)))
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)


def test_a_newer_format_is_refused():
    data = _with_header(encode(_fake().store), format=FORMAT_VERSION + 1)
    with pytest.raises(StateFileError) as refused:
        decode(data)
    assert str(refused.value) == MSG_NEWER.format(found=FORMAT_VERSION + 1, ours=FORMAT_VERSION)


def test_another_record_layout_is_refused():
    data = _with_header(encode(_fake().store), layout="0123456789abcdef")
    with pytest.raises(StateFileError, match="another record layout"):
        decode(data)


class _RunsCode:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_that_would_run_code_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    header, _ = _header(encode(_fake().store))
    data = _resealed(header, pickle.dumps(_RunsCode(marker)))
    with pytest.raises(StateFileError, match=r"asks for posix\.system"):
        decode(data)
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"cfakewoot.cli\nmain\n(tR.",  # a fakewoot function
        b"cfakewoot.server\nServerThread\n(tR.",  # a fakewoot class that is not data
        b"cfakewoot.store.state\npickle.loads\n(tR.",  # a dotted name reaching past the module
        b"cbuiltins\neval\n(S'1'\ntR.",
    ],
)
def test_only_record_classes_and_a_few_stdlib_types_are_built(payload):
    header, _ = _header(encode(_fake().store))
    with pytest.raises(StateFileError, match="asks for"):
        decode(_resealed(header, payload))


def test_fakewoot_data_classes_outside_the_store_are_built():
    from fakewoot.events.bus import Event
    from fakewoot.persistence import safe_loads

    assert safe_loads(pickle.dumps(Event("contact.created", {"id": 1}))) == Event(
        "contact.created", {"id": 1}
    )


def test_a_pickle_of_something_else_than_a_state_is_refused():
    header, _ = _header(encode(_fake().store))
    with pytest.raises(StateFileError, match="not a fakewoot State"):
        decode(_resealed(header, pickle.dumps({"accounts": {}})))


def test_a_damaged_pickle_is_refused_with_one_line():
    header, _ = _header(encode(_fake().store))
    with pytest.raises(StateFileError) as refused:
        decode(_resealed(header, b"\x80\x05garbage"))
    assert "section cannot be read" in str(refused.value)


def test_read_names_an_unreadable_file(tmp_path):
    with pytest.raises(StateFileError, match="cannot read"):
        read(tmp_path / "missing.fakewoot")


# --------------------------------------------------------------------------- writing


def test_write_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "state.fakewoot"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.fakewoot"]


def test_write_atomically_where_it_cannot_write_raises_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    with pytest.raises(OSError):
        write_atomically(blocker / "state.fakewoot", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_the_writer_writes_after_a_change_and_never_without_one(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target)
    assert writer.check() is True  # the first check writes a new file
    first = target.read_bytes()
    assert writer.check() is False
    _add_contact(fake, "later@x.test")
    assert writer.check() is True
    assert writer.check() is False
    assert target.read_bytes() != first
    assert "later@x.test" in read(target).state.accounts[1].contact_emails
    assert writer.writes == 2
    writer.close()


def test_the_writer_writes_when_the_state_is_replaced_without_an_event(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    _add_contact(fake, "gone@x.test")
    writer = StateFileWriter(fake, target)
    writer.check()
    fake.reset()  # no domain event: the state object changes
    assert writer.check() is True
    assert "gone@x.test" not in read(target).state.accounts[1].contact_emails
    writer.close()


def test_a_request_that_changes_nothing_writes_nothing(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target)
    writer.check()
    before = target.stat().st_mtime_ns
    refused = Entry(
        NOW, "POST", "/api/v1/accounts/1/contacts", "contacts.create", 422, id=fake.journal.next_id()
    )
    fake.journal.record(refused)  # a write was asked for: the writer looks, and finds the same state
    assert writer.check() is False
    assert len(writer.capture_seconds) == 2
    assert target.stat().st_mtime_ns == before
    writer.close()


def test_a_writer_for_a_file_just_loaded_waits_for_a_change(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target, written=True)
    assert writer.check() is False
    assert not target.exists()
    _add_contact(fake, "new@x.test")
    assert writer.check() is True
    writer.close()


def test_close_writes_the_last_change(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target, interval=3600).start()
    _add_contact(fake, "last@x.test")
    writer.close()
    assert "last@x.test" in read(target).state.accounts[1].contact_emails


def test_the_background_writer_catches_up_within_a_second(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target, interval=0.05).start()
    try:
        _add_contact(fake, "soon@x.test")
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            if target.exists() and "soon@x.test" in read(target).state.accounts[1].contact_emails:
                break
            time.sleep(0.02)
        assert "soon@x.test" in read(target).state.accounts[1].contact_emails
    finally:
        writer.close()


def test_a_write_that_fails_is_reported_once_and_retried(tmp_path, capsys):
    fake = _fake()
    target = tmp_path / "missing-folder" / "state.fakewoot"
    writer = StateFileWriter(fake, target)
    assert writer.check() is False
    assert writer.check() is False
    err = capsys.readouterr().err
    assert err.count("cannot write the state file") == 1
    target.parent.mkdir()
    assert writer.check() is True  # still dirty: the next check writes
    writer.close()


def test_a_large_state_is_written_by_a_forked_child_with_the_same_result(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target, fork_above=0)
    assert writer.check() is True  # the first write is inline: it learns the size
    assert writer.forked_writes == 0
    _add_contact(fake, "forked@x.test")
    assert writer.check() is True
    assert writer.forked_writes == 1
    assert "forked@x.test" in read(target).state.accounts[1].contact_emails
    served = Entry(NOW, "GET", "/api/v1/profile", "profiles.show", 200, id=fake.journal.next_id())
    fake.journal.record(served)
    assert writer.check() is False  # the child found the same state: nothing written
    assert writer.forked_writes == 1
    writer.close()


def test_a_forked_write_that_fails_is_reported_and_retried(tmp_path, capsys):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target, fork_above=0)
    writer.check()
    target.unlink()
    tmp_path.rename(tmp_path.with_name(tmp_path.name + "-moved"))
    try:
        _add_contact(fake, "lost@x.test")
        assert writer.check() is False
        assert "cannot write the state file" in capsys.readouterr().err
    finally:
        tmp_path.with_name(tmp_path.name + "-moved").rename(tmp_path)
    assert writer.check() is True
    assert "lost@x.test" in read(target).state.accounts[1].contact_emails
    writer.close()


def test_a_writer_survives_an_error_and_says_so(tmp_path, capsys):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target, interval=0.02)
    fake.store.state.drafts[1] = lambda: None  # type: ignore[assignment]  # cannot be pickled
    writer.start()
    try:
        deadline = time.monotonic() + 5
        while "cannot write the state file" not in capsys.readouterr().err:
            assert time.monotonic() < deadline, "the error was not reported"
            time.sleep(0.02)
        del fake.store.state.drafts[1]
        while not target.exists():
            assert time.monotonic() < deadline, "the writer stopped after the error"
            time.sleep(0.02)
    finally:
        writer.close()


def test_reads_are_not_looked_at_but_a_change_they_made_is_written_on_close(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target)
    writer.check()
    fake.store.state.drafts[7] = "written by a read, without an event"
    served = Entry(NOW, "GET", "/api/v1/profile", "profiles.show", 200, id=fake.journal.next_id())
    fake.journal.record(served)
    assert writer.check() is False
    assert len(writer.capture_seconds) == 1  # a read: no snapshot taken
    writer.close()  # the last check compares the state itself
    assert read(target).state.drafts[7] == "written by a read, without an event"


def test_a_cleared_journal_is_noticed(tmp_path):
    fake = _fake()
    target = tmp_path / "state.fakewoot"
    writer = StateFileWriter(fake, target)
    for _ in range(3):
        fake.journal.record(Entry(NOW, "POST", "/x", None, 404, id=fake.journal.next_id()))
    writer.check()
    fake.journal.clear()
    fake.store.state.drafts[8] = "after the clear"  # no event: only the journal says something ran
    fake.journal.record(Entry(NOW, "POST", "/x", None, 200, id=fake.journal.next_id()))  # id 1 again
    assert writer.check() is True
    assert read(target).state.drafts[8] == "after the clear"
    writer.close()
