"""The start cache (fakewoot/startcache.py): a hit gives exactly the state a fresh load at that
moment gives (times taken from the clock moved to now), reset() returns to it; a changed set, seed
or damaged entry is never used; an unwritable cache folder never stops a start; a hit imports no
YAML, pydantic or faker; the default set's shipped entry is current and used only while it matches.
Every test points the cache at tmp_path."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import orjson
import pytest

from fakewoot import persistence, startcache
from fakewoot.clock import FrozenClock
from fakewoot.control import FakeChatwoot
from fakewoot.persistence import layout_fingerprint, open_sections
from fakewoot.settings import DEFAULT_FIXTURES, Settings
from fakewoot.startcache import HIT, MISS, PROBE_SECONDS, cache_folder, cache_key, clock_patches, shift
from fakewoot.startcache import code_fingerprint as real_fingerprint
from fakewoot.state_cli import open_state

FIRST = 1_750_000_000.25
LATER = FIRST + 9 * 86_400 + 0.5

GENERATED = textwrap.dedent(
    """\
    accounts:
      - {id: 1, name: Cached}
    inboxes:
      - {id: 1, account_id: 1, name: Web, channel_type: api}
    users:
      - {id: 1, name: Admin, email: admin@cache.test, password: Password1!, access_token: cache-token,
         accounts: [{account_id: 1, role: administrator}]}
    contacts:
      - {id: 500, account_id: 1, name: Dated, email: dated@cache.test, created_at: "2023-05-01T10:00:00Z"}
    generate:
      - {table: contacts, account_id: 1, count: 40, seed: 3, inbox_id: 1, labels: [vip]}
      - {table: conversations, account_id: 1, inbox_id: 1, count: 5, messages_per_conversation: 2, seed: 4}
    """
)


@pytest.fixture(autouse=True)
def _steady_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other work may touch fakewoot's sources while these run: the key's code part stays put."""
    monkeypatch.setattr(startcache, "code_fingerprint", lambda: "steady")


def _plain(value: Any) -> Any:
    """A comparable form of a state: records as (class, fields), containers element-wise."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    slots = [name for cls in type(value).__mro__ for name in getattr(cls, "__slots__", ())]
    if slots or hasattr(value, "__dict__"):
        fields = {name: getattr(value, name) for name in slots if hasattr(value, name)}
        fields.update(getattr(value, "__dict__", {}))
        if type(value).__module__ == "random":
            return value.getstate()
        return (type(value).__qualname__, {name: _plain(item) for name, item in fields.items()})
    return value


def _state(fake: FakeChatwoot) -> Any:
    return _plain(pickle.loads(fake.snapshot()))


def _generated_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "fakewoot.yaml").write_text(GENERATED)
    return folder


def _fresh(folder: Path, at: float) -> FakeChatwoot:
    """The set loaded from its files at `at` (never the state shipped for the default set)."""
    fake = FakeChatwoot(clock=FrozenClock(at), load=False)
    fake.load(folder, shipped=False)
    return fake


def _cached(folder: Path, cache: Path, at: float) -> tuple[FakeChatwoot, str]:
    """Through the cache folder `cache` only (not the default set's shipped entry)."""
    fake = FakeChatwoot(clock=FrozenClock(at), load=False)
    return fake, startcache.load(fake, folder, cache=cache, spawn=False, packaged=None)


@pytest.mark.parametrize("which", ["default", "generated"])
def test_a_hit_is_the_state_a_fresh_load_now_gives(tmp_path, which):
    folder = DEFAULT_FIXTURES if which == "default" else _generated_set(tmp_path)
    cache = tmp_path / "cache"
    first, outcome = _cached(folder, cache, FIRST)
    assert outcome == MISS
    assert len(list(cache.glob("*.fakewoot"))) == 1
    later, outcome = _cached(folder, cache, LATER)
    assert outcome == HIT
    fresh = _fresh(folder, LATER)
    assert _state(later) == _state(fresh)
    assert _state(later) != _state(first)  # the clock's times moved: the probe found them
    later.reset()
    assert _state(later) == _state(fresh)
    assert later.fixtures == Path(folder)


def test_a_miss_serves_the_set_loaded_at_the_current_second(tmp_path):
    folder = _generated_set(tmp_path)
    fake, outcome = _cached(folder, tmp_path / "cache", FIRST)
    assert outcome == MISS
    assert _state(fake) == _state(_fresh(folder, float(int(FIRST))))


def test_times_the_set_gives_are_not_moved(tmp_path):
    folder = _generated_set(tmp_path)
    _cached(folder, tmp_path / "cache", FIRST)
    later, outcome = _cached(folder, tmp_path / "cache", LATER)
    assert outcome == HIT
    dated = later.store.account(1).contacts.get(500)
    assert dated is not None
    assert dated.created_at == 1682935200.0  # 2023-05-01T10:00:00Z, as the file says


def test_a_changed_set_or_seed_is_another_entry(tmp_path):
    folder = _generated_set(tmp_path)
    key = cache_key(folder, 0)
    assert cache_key(folder, 0) == key
    assert cache_key(folder, 1) != key
    (folder / "fakewoot.yaml").write_text(GENERATED.replace("count: 40", "count: 41"))
    assert cache_key(folder, 0) != key
    (folder / "fakewoot.yaml").write_text(GENERATED)
    assert cache_key(folder, 0) == key
    (folder / "more.yaml").write_text("labels: []\n")
    assert cache_key(folder, 0) != key


def test_a_stale_entry_is_never_used(tmp_path):
    folder = _generated_set(tmp_path)
    cache = tmp_path / "cache"
    _cached(folder, cache, FIRST)
    (folder / "fakewoot.yaml").write_text(GENERATED.replace("name: Cached", "name: Renamed"))
    fake, outcome = _cached(folder, cache, LATER)
    assert outcome == MISS
    assert fake.store.account(1).name == "Renamed"


@pytest.mark.parametrize("damage", [lambda d: d[:-3], lambda d: d[:100] + b"x" + d[101:], lambda d: b"junk"])
def test_a_damaged_entry_is_ignored_said_and_rebuilt(tmp_path, damage, capsys):
    folder = _generated_set(tmp_path)
    cache = tmp_path / "cache"
    _cached(folder, cache, FIRST)
    (entry,) = cache.glob("*.fakewoot")
    entry.write_bytes(damage(entry.read_bytes()))
    fake, outcome = _cached(folder, cache, LATER)
    assert outcome == MISS
    assert capsys.readouterr().err.startswith(f"fakewoot: start cache entry {entry.name} not used: ")
    assert _state(fake) == _state(_fresh(folder, float(int(LATER))))
    assert _cached(folder, cache, LATER)[1] == HIT


def test_a_cache_folder_that_cannot_be_written_never_stops_a_start(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    fake, outcome = _cached(DEFAULT_FIXTURES, blocker / "cache", FIRST)
    assert outcome == MISS
    assert fake.store.account(1).name == FakeChatwoot(clock=FrozenClock(FIRST)).store.account(1).name


def test_an_unreadable_fixture_folder_is_reported_as_seeding_reports_it(tmp_path):
    from fakewoot.seeding import FixtureError

    fake = FakeChatwoot(load=False)
    with pytest.raises(FixtureError):
        startcache.load(fake, tmp_path / "missing", cache=tmp_path / "cache", spawn=False)


def test_the_code_fingerprint_follows_the_sources_a_state_depends_on(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "contacts.py").write_text("A = 1\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "contacts.py").write_text("B = 1\n")
    before = real_fingerprint(tmp_path)
    (tmp_path / "api" / "contacts.py").write_text("B = 22\n")  # the API does not shape a loaded state
    assert real_fingerprint(tmp_path) == before
    (tmp_path / "store" / "contacts.py").write_text("A = 22\n")
    assert real_fingerprint(tmp_path) != before


def test_the_cache_folder_follows_xdg_cache_home_then_home():
    assert cache_folder({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}) == Path("/x/cache/fakewoot")
    assert cache_folder({"HOME": "/home/u"}) == Path("/home/u/.cache/fakewoot")
    assert cache_folder({"XDG_CACHE_HOME": "", "HOME": "/home/u"}) == Path("/home/u/.cache/fakewoot")


# --------------------------------------------------------------------------- the probe


def test_the_probe_finds_floats_and_integers_taken_from_the_clock():
    base = 1_700_000_000
    first = pickle.dumps({"at": float(base), "keys": {"inbox": base}, "big": base * 1000, "n": 7, "s": "x"})
    later = base + int(PROBE_SECONDS)
    second = pickle.dumps(
        {"at": float(later), "keys": {"inbox": later}, "big": base * 1000 + 1_000_000, "n": 7, "s": "x"}
    )
    patches = clock_patches(first, second)
    assert patches is not None
    moved = shift(first, memoryview(patches), base, base + 42.5)
    assert moved is not None
    assert pickle.loads(moved) == {
        "at": base + 42.5,
        "keys": {"inbox": base + 42},
        "big": base * 1000 + 42,
        "n": 7,
        "s": "x",
    }


@pytest.mark.parametrize(
    "second",
    [
        {"at": 1.0, "s": "y"},  # a string changed with the clock
        {"at": 2.5, "s": "x"},  # a number moved by something else than the clock
    ],
)
def test_a_load_that_depends_on_the_time_otherwise_is_not_cached(second):
    assert clock_patches(pickle.dumps({"at": 1.0, "s": "x"}), pickle.dumps(second)) is None


def test_a_time_that_no_longer_fits_its_place_is_a_miss():
    first = pickle.dumps([2_000_000_000])
    second = pickle.dumps([2_000_000_000 + int(PROBE_SECONDS)])
    patches = clock_patches(first, second)
    assert patches is not None
    assert shift(first, memoryview(patches), 0, 10**9) is None


# --------------------------------------------------------------------------- fakewoot serve


def test_serve_uses_the_cache_unless_it_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    spawned: list[Path] = []
    monkeypatch.setattr(
        startcache, "_spawn_builder", lambda folder, seed, started, target: spawned.append(target)
    )
    folder = _generated_set(tmp_path)
    fake, writer, note = open_state(Settings(fixtures=str(folder), start_cache=False))
    assert writer is None and spawned == []
    assert note.startswith(f"state: the fixtures ({folder}) in ")
    fake.close()
    fake, _, note = open_state(Settings(fixtures=str(folder)))
    fake.close()
    assert [p.parent for p in spawned] == [tmp_path / "xdg" / "fakewoot"]
    assert "start cache" not in note
    startcache.build(folder, 0, float(int(FIRST)), spawned[0])
    fake, _, note = open_state(Settings(fixtures=str(folder)))
    fake.close()
    assert note.startswith(f"state: the fixtures ({folder}), from the start cache in ")


# --------------------------------------------------------------------------- the shipped entry


def test_the_shipped_entry_of_the_default_set_is_current():
    """Fails after a change to the store, the seeding or the default fixtures: run the command."""
    header, _ = open_sections(startcache.PACKAGED.read_bytes(), check_layout=False)
    files = startcache.source_files()
    assert header["sources"] == files, startcache.PACKAGED_COMMAND
    assert header["code"] == startcache.source_digest(files), startcache.PACKAGED_COMMAND
    assert header["fixtures"] == startcache.folder_digest(DEFAULT_FIXTURES), startcache.PACKAGED_COMMAND
    assert header["layout"] == layout_fingerprint(), startcache.PACKAGED_COMMAND


def test_a_fresh_install_starts_the_default_set_from_the_shipped_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(
        startcache, "_spawn_builder", lambda *args: pytest.fail("no builder for the default set")
    )
    fake = FakeChatwoot(clock=FrozenClock(LATER), load=False)
    assert startcache.load(fake, DEFAULT_FIXTURES) == HIT
    fresh = _fresh(DEFAULT_FIXTURES, LATER)
    assert _state(fake) == _state(fresh)  # the shipped state, its times moved to now
    fake.reset()
    assert _state(fake) == _state(fresh)
    assert not (tmp_path / "xdg").exists()  # nothing written
    fake, _, note = open_state(Settings())
    fake.close()
    assert note.startswith(f"state: the fixtures ({DEFAULT_FIXTURES}), from the start cache in ")


def test_a_fake_of_the_default_set_comes_from_the_shipped_entry(monkeypatch):
    """FakeChatwoot() (the pytest plugin's session fake too) reads no fixture file for the default set."""
    import fakewoot.seeding

    expected = _state(_fresh(DEFAULT_FIXTURES, LATER))
    monkeypatch.setattr(fakewoot.seeding, "load_fixture_set", lambda *args: pytest.fail("seeded"))
    fake = FakeChatwoot(clock=FrozenClock(LATER))
    assert fake.fixtures == DEFAULT_FIXTURES
    assert _state(fake) == expected
    fake.reset()
    assert _state(fake) == expected


def test_no_start_cache_reads_the_default_sets_files(monkeypatch):
    import fakewoot.seeding

    loads: list[Path] = []
    real = fakewoot.seeding.load_fixture_set
    monkeypatch.setattr(
        fakewoot.seeding,
        "load_fixture_set",
        lambda store, folder: (loads.append(folder), real(store, folder)),
    )
    fake, _, note = open_state(Settings(start_cache=False))
    fake.close()
    assert loads == [DEFAULT_FIXTURES]
    assert "start cache" not in note


@pytest.mark.parametrize("change", ["code", "fixtures", "fakewoot", "seed"])
def test_a_shipped_entry_that_does_not_match_is_not_used(tmp_path, change, capsys):
    entry = tmp_path / "default.start"
    data = startcache.PACKAGED.read_bytes()
    header, offset = persistence._header(data)
    seed = 0
    if change == "seed":
        seed = 7
    else:
        header[change] = "something else"
    entry.write_bytes(persistence.MAGIC + orjson.dumps(header) + b"\n" + data[offset:])
    fake = FakeChatwoot(Settings(seed=seed), clock=FrozenClock(FIRST), load=False)
    outcome = startcache.load(fake, DEFAULT_FIXTURES, cache=tmp_path / "cache", spawn=False, packaged=entry)
    assert outcome == MISS
    stale = "is stale (run `python -m fakewoot.startcache --packaged`)"
    assert (stale in capsys.readouterr().err) == (change in ("code", "fixtures"))


def test_a_hit_imports_no_yaml_pydantic_or_faker(tmp_path):
    folder = _generated_set(tmp_path)
    cache = tmp_path / "cache"
    _cached(folder, cache, FIRST)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from fakewoot import startcache
        from fakewoot.control import FakeChatwoot
        startcache.code_fingerprint = lambda: "steady"  # as the entry was written
        fake = FakeChatwoot(load=False)
        outcome = startcache.load(fake, Path({str(folder)!r}), cache=Path({str(cache)!r}), spawn=False)
        fake.app
        print(outcome, sorted(m for m in ("yaml", "pydantic", "faker") if m in sys.modules))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.split(None, 1) == ["hit", "[]\n"], out.stderr
