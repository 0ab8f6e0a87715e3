"""What a start does not need loads on first use (bench/startup.py measures why): a served default
fake has not imported the listeners, the webhook routing, the services its state does not use, the
renderers, YAML or pydantic; each loads when it is first needed, and only once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from fakewoot.clock import FrozenClock
from fakewoot.control import FakeChatwoot
from fakewoot.events.bus import Event, EventBus, deferred
from fakewoot.store.state import Service, Store

NOT_AT_START = (
    "fakewoot.automation.listener",
    "fakewoot.notifications.listener",
    "fakewoot.reporting.listener",
    "fakewoot.events.cable_listener",
    "fakewoot.deliveries.routing",
    "fakewoot.serializers.webhook_data",
    "fakewoot.store.captain_assistants",
    "fakewoot.store.portals",
    "fakewoot.store.macros",
    "fakewoot.store.message_liquid",
    "fakewoot.store.message_markdown",
    "fakewoot.store.tsearch",
    "fakewoot.seeding",
    "yaml",
    "pydantic",
    "faker",
)


def test_a_started_default_fake_has_not_imported_what_it_does_not_use() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from fakewoot.state_cli import open_state
        from fakewoot.settings import Settings
        fake, _, note = open_state(Settings())
        fake.app
        print(note)
        print(" ".join(m for m in {NOT_AT_START!r} if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    note, loaded = [*out.stdout.splitlines(), "", ""][:2]
    assert "from the start cache" in note, out.stderr
    assert loaded == "", f"imported at start: {loaded}"


def test_a_store_service_is_made_once_on_first_use() -> None:
    store = Store(FrozenClock(1_700_000_000), EventBus())
    assert "macros" not in vars(store)
    first = store.macros
    assert store.macros is first and vars(store)["macros"] is first
    assert type(first).__name__ == "Macros" and type(first).__module__ == "fakewoot.store.macros"
    assert isinstance(Store.__dict__["macros"], Service)
    assert Store(FrozenClock(1_700_000_000), EventBus()).macros is not first  # one per store


def test_a_deferred_listener_is_made_on_the_first_event_only() -> None:
    made: list[int] = []
    heard: list[str] = []

    def make() -> object:
        made.append(1)
        return lambda event: heard.append(event.name)

    bus = EventBus()
    bus.subscribe(deferred(make))  # type: ignore[arg-type]
    assert made == []
    bus.publish(Event("a.b"))
    bus.publish(Event("c.d"))
    assert made == [1] and heard == ["a.b", "c.d"]


def test_listeners_made_late_still_hear_the_event_that_made_them() -> None:
    fake = FakeChatwoot(clock=FrozenClock(1_700_000_000))
    assert list(fake.broadcasts) == []
    fake.store.contacts.create(1, {"name": "Late Listener", "email": "late@listener.test"})
    # the cable listener, made by this event, broadcast it to the account's stream
    assert [event for _, _, event, _ in fake.broadcasts] == ["contact.created"]
    fake.close()
