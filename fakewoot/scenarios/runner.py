"""Run a scenario, step by step in file order, against a fake.

Every step talks to the fake the way a client would: HTTP requests (the Chatwoot API as some user,
and the /_fakewoot control API for the clock, emitted events and state), and /cable sockets. Only
the transport differs:

- a URL (the CLI; a running `fakewoot serve`): httpx over TCP and `websockets` sockets;
- a FakeChatwoot from Python: started on a ServerThread for the run, then as a URL;
- in process (the admin endpoint, on the server's own event loop): httpx's ASGITransport into the
  fake's app and /cable sessions driven through the same ASGI app, so nothing waits on itself.

`clock: virtual` freezes the fake's clock for the run (at `start`, or now) and moves it only on
`advance`/`wait`; it is unfrozen afterwards if it was running before. `within` on frame
expectations is always wall time (the network's).

Webhook expectations read the delivery journal through the control API (`GET /_fakewoot/webhooks`,
polled, so the serving loop is never blocked), the same way on every transport; only deliveries
made after the run started (or after its last reset) count.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from fakewoot.cable.channels import CHANNEL
from fakewoot.deliveries import wire
from fakewoot.scenarios.matching import lookup, mismatch, short, substitute
from fakewoot.scenarios.model import (
    AdvanceStep,
    EmitStep,
    ExpectFrameStep,
    ExpectNoFrameStep,
    ExpectNoWebhookStep,
    ExpectWebhookStep,
    FrameSpec,
    NoWebhookSpec,
    RequestStep,
    Scenario,
    StateStep,
    Step,
    SubscribeStep,
    WaitStep,
    WebhookSpec,
    load_scenario,
    parse_scenario,
    step_kind,
)
from fakewoot.scenarios.results import ScenarioResult, StepFailure, StepResult
from fakewoot.scenarios.transport import (
    CableSession,
    Target,
    asgi_target,
    broadcast_matches,
    url_target,
)

if TYPE_CHECKING:
    import httpx

    from fakewoot.control import FakeChatwoot
    from fakewoot.server import ServerThread


CLOCK = "/_fakewoot/clock"
WEBHOOKS = "/_fakewoot/webhooks"
POLL_SECONDS = 0.02  # how often webhook expectations re-read the delivery journal
FINAL_STATES = ("delivered", "failed", "dropped")
_Spec = TypeVar("_Spec", bound=NoWebhookSpec)


class _Run:
    def __init__(self, scenario: Scenario, target: Target, variables: dict[str, Any] | None = None) -> None:
        self.scenario = scenario
        self.target = target
        self.saved: dict[str, Any] = {**scenario.variables, **(variables or {})}
        self.sockets: dict[str, CableSession] = {}
        self.delivery_floor = 0  # journal ids up to this one predate the run (or its last reset)
        self.consumed: set[int] = set()  # deliveries an expect_webhook already matched

    async def control(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        response = await self.target.http.request(method, path, json=body, params=params)
        payload = _body(response)
        if response.status_code >= 400:
            raise StepFailure(f"{method} {path} answered {response.status_code}: {short(payload)}")
        return payload

    async def run(self) -> ScenarioResult:
        scenario = self.scenario
        result = ScenarioResult(scenario.name, scenario.source)
        unfreeze = False
        try:
            if scenario.reset:
                await self.control("POST", "/_fakewoot/reset")
            elif any(isinstance(s, ExpectWebhookStep | ExpectNoWebhookStep) for s in scenario.steps):
                earlier = await self.control("GET", WEBHOOKS, params={"body": "0"})
                self.delivery_floor = max((row["id"] for row in earlier), default=0)
            if scenario.virtual:
                state = await self.control("GET", CLOCK)
                unfreeze = not state.get("frozen")
                start = scenario.start if scenario.start is not None else state.get("now")
                await self.control("POST", CLOCK, {"freeze": start})
            for index, step in enumerate(scenario.steps):
                began = time.monotonic()
                kind = step_kind(step)
                try:
                    message = await self.step(step)
                    ok = True
                except StepFailure as failure:
                    message, ok = str(failure), False
                except Exception as exc:  # a transport error: still a per-step message, no traceback
                    message, ok = f"{type(exc).__name__}: {exc}", False
                result.steps.append(
                    StepResult(index + 1, kind, step.name, ok, message, time.monotonic() - began)
                )
                if not ok:
                    break
        except StepFailure as failure:
            result.error = f"setup: {failure}"
        except Exception as exc:
            result.error = f"setup: {type(exc).__name__}: {exc}"
        finally:
            for session in self.sockets.values():
                await session.close()
            if unfreeze:
                with contextlib.suppress(Exception):
                    await self.control("POST", CLOCK, {"unfreeze": True})
        return result

    async def step(self, step: Step) -> str:
        if isinstance(step, RequestStep):
            return await self.request(step)
        if isinstance(step, EmitStep):
            spec = substitute(step.emit.model_dump(), self.saved)
            await self.control("POST", "/_fakewoot/cable/emit", spec)
            return f"emitted {spec['event']}"
        if isinstance(step, AdvanceStep):
            await self.control("POST", CLOCK, {"advance": step.advance})
            return f"clock advanced {step.advance:g}s"
        if isinstance(step, WaitStep):
            if self.scenario.virtual:
                await self.control("POST", CLOCK, {"advance": step.wait})
                return f"waited {step.wait:g}s of virtual time"
            await asyncio.sleep(step.wait)
            return f"waited {step.wait:g}s"
        if isinstance(step, StateStep):
            return await self.state(step)
        if isinstance(step, SubscribeStep):
            return await self.subscribe(step)
        if isinstance(step, ExpectFrameStep):
            return await self.expect_frame(step)
        if isinstance(step, ExpectNoFrameStep):
            return await self.expect_no_frame(step)
        if isinstance(step, ExpectWebhookStep):
            return await self.expect_webhook(step)
        if isinstance(step, ExpectNoWebhookStep):
            return await self.expect_no_webhook(step)
        raise StepFailure(f"unknown step {step!r}")  # pragma: no cover

    async def request(self, step: RequestStep) -> str:
        spec = step.request
        path = substitute(spec.path, self.saved)
        headers = {k: str(v) for k, v in substitute(spec.headers, self.saved).items()}
        if step.as_ is not None:
            headers.setdefault("api_access_token", self.scenario.token(substitute(step.as_, self.saved)))
        kwargs: dict[str, Any] = {"headers": headers}
        if "json_body" in spec.model_fields_set:
            kwargs["json"] = substitute(spec.json_body, self.saved)
        if spec.query:
            kwargs["params"] = substitute(spec.query, self.saved)
        response = await self.target.http.request(spec.method, path, **kwargs)
        body = _body(response)
        what = f"{spec.method} {path} -> {response.status_code}"
        expect = step.expect
        wanted = [expect.status] if isinstance(expect.status, int) else expect.status
        if wanted is None and not 200 <= response.status_code < 300:
            raise StepFailure(f"{what}: expected a 2xx status: {short(body)}")
        if wanted is not None and response.status_code not in wanted:
            shown = " or ".join(map(str, wanted))
            raise StepFailure(f"{what}: expected status {shown}, got {response.status_code}: {short(body)}")
        for name, value in substitute(expect.headers, self.saved).items():
            if response.headers.get(name) != str(value):
                raise StepFailure(
                    f"{what}: header {name}: expected {value!r}, got {response.headers.get(name)!r}"
                )
        if expect.checks_json:
            problem = mismatch(substitute(expect.json_body, self.saved), body)
            if problem is not None:
                raise StepFailure(f"{what}: {problem}")
        self.save(step.save, body)
        return what

    def save(self, wanted: dict[str, str], source: Any) -> None:
        for name, path in wanted.items():
            self.saved[name] = lookup(source, path)

    async def state(self, step: StateStep) -> str:
        spec = step.state
        if spec.reset:
            await self.control("POST", "/_fakewoot/reset")
            self.delivery_floor, self.consumed = 0, set()  # the delivery journal starts again at 1
            return "reset to the seeded state"
        if spec.snapshot is not None:
            await self.control("POST", f"/_fakewoot/snapshots/{substitute(spec.snapshot, self.saved)}")
            return f"saved snapshot {spec.snapshot}"
        if spec.restore is not None:
            await self.control("POST", f"/_fakewoot/snapshots/{substitute(spec.restore, self.saved)}/restore")
            return f"restored snapshot {spec.restore}"
        if spec.load is not None:
            await self.control("POST", "/_fakewoot/load", {"fixtures": substitute(spec.load, self.saved)})
            self.delivery_floor, self.consumed = 0, set()
            return f"loaded fixtures {spec.load}"
        if spec.fault is not None:
            await self.control("POST", "/_fakewoot/faults", substitute(spec.fault.model_dump(), self.saved))
            return f"fault on {spec.fault.method} {spec.fault.path}"
        await self.control("DELETE", "/_fakewoot/faults")
        return "faults cleared"

    async def subscribe(self, step: SubscribeStep) -> str:
        spec = step.subscribe
        name = substitute(spec.as_, self.saved)
        if name in self.sockets:
            raise StepFailure(f"a socket named {name!r} is already open")
        if spec.pubsub_token is not None:
            token = substitute(spec.pubsub_token, self.saved)
            identifier: dict[str, Any] = {"channel": CHANNEL, "pubsub_token": token}
            if spec.account_id is not None:
                identifier["account_id"] = spec.account_id
        else:
            response = await self.target.http.get(
                "/api/v1/profile", headers={"api_access_token": self.scenario.token(name)}
            )
            profile = _body(response)
            if response.status_code != 200 or not isinstance(profile, dict):
                raise StepFailure(
                    f"GET /api/v1/profile as {name} -> {response.status_code}: {short(profile)}"
                )
            identifier = {
                "channel": CHANNEL,
                "pubsub_token": profile.get("pubsub_token"),
                "account_id": spec.account_id or profile.get("account_id"),
                "user_id": profile.get("id"),
            }
        text = orjson.dumps(identifier).decode()
        session = CableSession(name, await self.target.open_socket())
        self.sockets[name] = session
        await session.socket.send(orjson.dumps({"command": "subscribe", "identifier": text}).decode())
        confirmed = await session.wait_for(
            lambda f: (
                f.get("type") in ("confirm_subscription", "reject_subscription")
                and f.get("identifier") == text
            ),
            spec.within,
        )
        if confirmed is None or confirmed.get("type") != "confirm_subscription":
            answer = (
                "rejected" if confirmed is not None else f"no confirm_subscription within {spec.within:g}s"
            )
            raise StepFailure(f"/cable subscription as {name}: {answer} (identifier {text})")
        return f"subscribed {name} to {CHANNEL}"

    def session(self, name: str) -> CableSession:
        session = self.sockets.get(name)
        if session is None:
            opened = ", ".join(self.sockets) or "none"
            raise StepFailure(f"no socket named {name!r}: subscribe first (open: {opened})")
        return session

    async def expect_frame(self, step: ExpectFrameStep) -> str:
        spec = _resolved_frame(step.expect_frame, self.saved)
        session = self.session(spec.as_)
        frame = await session.wait_for(lambda f: broadcast_matches(spec, f), spec.within)
        what = spec.event or "a broadcast"
        if frame is None:
            raise StepFailure(f"no {what} frame on {spec.as_} within {spec.within:g}s" + _near(spec, session))
        self.save(step.save, frame["message"].get("data"))
        return f"{spec.as_} received {frame['message'].get('event')}"

    async def expect_no_frame(self, step: ExpectNoFrameStep) -> str:
        spec = _resolved_frame(step.expect_no_frame, self.saved)
        session = self.session(spec.as_)
        frame = await session.wait_for(lambda f: broadcast_matches(spec, f), spec.within)
        if frame is not None:
            raise StepFailure(f"{spec.as_} received an unexpected frame: {short(frame['message'])}")
        return f"no {spec.event or 'broadcast'} on {spec.as_} for {spec.within:g}s"

    # --- outgoing calls ---------------------------------------------------------------------------

    async def deliveries(self, spec: NoWebhookSpec) -> list[dict[str, Any]]:
        """The run's deliveries not yet matched, with this event, kind and url, oldest first."""
        wanted = {"event": spec.event, "kind": spec.kind, "url": spec.url}
        params = {name: value for name, value in wanted.items() if value is not None}
        rows = await self.control("GET", WEBHOOKS, params=params)
        return [r for r in rows if r["id"] > self.delivery_floor and r["id"] not in self.consumed]

    async def wait_delivery(
        self, spec: NoWebhookSpec, match: Callable[[dict[str, Any]], bool]
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """Poll the journal for `within` wall seconds: the first row `match` accepts, and the rows
        seen last (for the failure message)."""
        deadline = time.monotonic() + spec.within
        while True:
            rows = await self.deliveries(spec)
            hit = next((row for row in rows if match(row)), None)
            if hit is not None or time.monotonic() >= deadline:
                return hit, rows
            await asyncio.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0)))

    async def expect_webhook(self, step: ExpectWebhookStep) -> str:
        spec = _resolved_webhook(step.expect_webhook, self.saved)

        def match(row: dict[str, Any]) -> bool:
            finished = row["state"] == spec.state if spec.state else row["state"] in FINAL_STATES
            return finished and _payload_matches(spec, row)

        row, rows = await self.wait_delivery(spec, match)
        what = spec.event or "delivery"
        if row is None:
            raise StepFailure(
                f"no {_webhook_label(spec)} finished within {spec.within:g}s" + _near_deliveries(spec, rows)
            )
        self.consumed.add(row["id"])
        if spec.secret is not None:
            problem = _signature_problem(spec.secret, row)
            if problem is not None:
                raise StepFailure(f"{what} #{row['id']} to {row['url']}: {problem}")
        self.save(step.save, _payload(row))
        outcome = f"{row['state']} {row['status']}" if row["status"] is not None else row["state"]
        if row["error"]:
            outcome += f" ({row['error']})"
        return f"{row['event']} #{row['id']} {row['kind']} -> {row['url']}: {outcome}"

    async def expect_no_webhook(self, step: ExpectNoWebhookStep) -> str:
        spec = _resolved_webhook(step.expect_no_webhook, self.saved)
        row, _ = await self.wait_delivery(spec, lambda r: _payload_matches(spec, r))
        if row is not None:
            raise StepFailure(
                f"unexpected {row['event']} #{row['id']} {row['kind']} -> {row['url']} ({row['state']}): "
                + short(_payload(row))
            )
        return f"no {_webhook_label(spec)} for {spec.within:g}s"


def _resolved_webhook(spec: _Spec, saved: dict[str, Any]) -> _Spec:
    values = substitute(spec.model_dump(exclude_unset=True), saved)
    return type(spec).model_validate(values, strict=False)


def _payload(row: dict[str, Any]) -> Any:
    try:
        return orjson.loads(row.get("body") or "null")
    except orjson.JSONDecodeError:
        return row.get("body")


def _payload_matches(spec: NoWebhookSpec, row: dict[str, Any]) -> bool:
    return not spec.checks_data or mismatch(spec.data, _payload(row)) is None


def _webhook_label(spec: NoWebhookSpec) -> str:
    label = spec.event or "delivery"
    extra = [f"{name} {value}" for name, value in (("kind", spec.kind), ("to", spec.url)) if value]
    if isinstance(spec, WebhookSpec) and spec.state:
        extra.append(f"state {spec.state}")
    return label + (f" ({', '.join(extra)})" if extra else "")


def _near_deliveries(spec: NoWebhookSpec, rows: list[dict[str, Any]]) -> str:
    """What was delivered instead, and how the nearest payload differs."""
    shown = [f"#{r['id']} {r['event']} {r['kind']} {r['state']}" for r in rows[-20:]]
    text = f"; unmatched deliveries: {', '.join(shown) if shown else 'none'}"
    if spec.checks_data:
        for row in rows:
            if spec.event is None or row["event"] == spec.event:
                return text + f"; nearest {row['event']}: {mismatch(spec.data, _payload(row))}"
    return text


def _signature_problem(secret: str, row: dict[str, Any]) -> str | None:
    headers = {name.lower(): value for name, value in (row.get("headers") or {}).items()}
    given, stamp = headers.get(wire.HEADER_SIGNATURE.lower()), headers.get(wire.HEADER_TIMESTAMP.lower())
    if given is None or stamp is None:
        return f"sent without {wire.HEADER_SIGNATURE}"
    if not wire.verify(secret, stamp, str(row.get("body") or "").encode(), given):
        return f"{wire.HEADER_SIGNATURE} {given} does not verify with the given secret"
    return None


def _resolved_frame(spec: FrameSpec, saved: dict[str, Any]) -> FrameSpec:
    values = {"as": substitute(spec.as_, saved), "within": spec.within}
    if spec.event is not None:
        values["event"] = substitute(spec.event, saved)
    if spec.checks_data:
        values["data"] = substitute(spec.data, saved)
    return type(spec).model_validate(values, strict=False)


def _near(spec: FrameSpec, session: CableSession) -> str:
    """What did arrive: the events not yet matched, and why the nearest one differs."""
    events = session.unconsumed_events()
    text = f"; unmatched frames: {', '.join(events) if events else 'none'}"
    if spec.checks_data:
        for index, frame in enumerate(session.frames):
            message = frame.get("message")
            if index in session.consumed or not isinstance(message, dict):
                continue
            if spec.event is None or message.get("event") == spec.event:
                return text + f"; nearest {message.get('event')}: {mismatch(spec.data, message.get('data'))}"
    return text


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return response.text


# --- entry points -----------------------------------------------------------------------------------


def _scenario(scenario: Scenario | dict[str, Any] | str | Path) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return parse_scenario(scenario)
    return load_scenario(scenario)


async def run_on(
    target: Target, scenario: Scenario, variables: dict[str, Any] | None = None
) -> ScenarioResult:
    """Run on a Target and close its HTTP client."""
    try:
        return await _Run(scenario, target, variables).run()
    finally:
        await target.http.aclose()
        target.cleanup()


async def arun_scenario(
    where: str | FakeChatwoot | ServerThread,
    scenario: Scenario | dict[str, Any] | str | Path,
    *,
    control_token: str | None = None,
    variables: dict[str, Any] | None = None,
) -> ScenarioResult:
    """From async code. `where` is a URL, a running ServerThread, or a FakeChatwoot (run in process,
    on this event loop: the fake must not be served by another loop at the same time).
    `variables`: `${name}` values for the run, over the scenario's `vars`."""
    parsed = _scenario(scenario)
    if isinstance(where, str):
        return await run_on(url_target(where, control_token), parsed, variables)
    from fakewoot.server import ServerThread

    if isinstance(where, ServerThread):
        return await run_on(url_target(where.url, where.fake.settings.control_token), parsed, variables)
    return await run_on(asgi_target(where), parsed, variables)


def run_scenario(
    where: str | FakeChatwoot | ServerThread,
    scenario: Scenario | dict[str, Any] | str | Path,
    *,
    control_token: str | None = None,
    variables: dict[str, Any] | None = None,
) -> ScenarioResult:
    """Run a scenario (a file, a parsed mapping or a Scenario) and return its step results.

    `where`: a URL (a running `fakewoot serve`), a ServerThread, or a FakeChatwoot, which is served
    on a ServerThread for the run (pass the ServerThread instead when it is already being served).
    `control_token`: the server's FAKEWOOT_CONTROL_TOKEN, when a URL's server has one.
    `variables`: `${name}` values for the run (a receiver's URL, say), over the scenario's `vars`.
    Raises ScenarioError for a bad file; a failed expectation is in the result (`.ok`,
    `.failure`, `.raise_for_failure()`)."""
    parsed = _scenario(scenario)
    from fakewoot.server import ServerThread

    if isinstance(where, str | ServerThread):
        return asyncio.run(arun_scenario(where, parsed, control_token=control_token, variables=variables))
    with ServerThread(where) as server:
        return asyncio.run(arun_scenario(server, parsed, variables=variables))
