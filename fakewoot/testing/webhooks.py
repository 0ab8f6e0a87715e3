"""`fakewoot.webhooks` in the pytest plugin: the calls fakewoot made, waited for and checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot
    from fakewoot.deliveries.journal import Delivery
    from fakewoot.testing.receiver import WebhookReceiver


class WebhooksHandle:
    """`fakewoot.webhooks`: the calls fakewoot made (account webhooks, agent bots, API-inbox
    callbacks), waited for and checked. `data` is dotted paths into the payload with the values
    expected there (`{"conversation.status": "open"}`), as in `fake.deliveries.wait_for`.

    By default every delivery returned is verified: its X-Chatwoot-Signature checks out against the
    target's secret over the exact bytes sent, and when a watched WebhookReceiver (the
    `webhook_receiver` fixture's, or one given to `watch()`) got it, the bytes and signature it
    received are those. A failure is an AssertionError listing what was delivered."""

    def __init__(self, fake: FakeChatwoot, receivers: list[Any], **where: Any) -> None:
        self.fake = fake
        self.receivers = receivers
        self._where = where  # a fixed filter (a tenant's account_id)

    def watch(self, receiver: WebhookReceiver) -> WebhookReceiver:
        """Also compare what this receiver got with what was sent (the fixture's is watched)."""
        if receiver not in self.receivers:
            self.receivers.append(receiver)
        return receiver

    def all(self) -> list[Delivery]:
        return self.find()

    def find(
        self, event: str | None = None, data: dict[str, Any] | None = None, **where: Any
    ) -> list[Delivery]:
        return self.fake.deliveries.find(event, data, **self._where, **where)

    def timeline(self, cause: str | None = None) -> list[dict[str, Any]]:
        """Requests, /cable broadcasts and deliveries on one clock; `cause="request:<id>"` for one
        request and what followed from it (see FakeChatwoot.timeline)."""
        return self.fake.timeline(cause)

    def settle(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is queued or being sent (held deliveries aside)."""
        return self.fake.deliveries.settle(timeout)

    def wait_for(
        self,
        event: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        url: str | None = None,
        kind: str | None = None,
        state: str | None = None,
        count: int = 1,
        verify: bool = True,
        secret: str | None = None,
    ) -> Delivery:
        """The `count`-th matching delivery once it is finished (delivered, failed or dropped),
        waiting up to `timeout` seconds; verified unless `verify=False` (against `secret` when
        given: what your app believes the secret is)."""
        from fakewoot.deliveries.outbound import DeliveryTimeout

        where = {"url": url, "kind": kind, "state": state, **self._where}
        try:
            delivery = self.fake.deliveries.wait_for(event, data, timeout=timeout, count=count, **where)
        except DeliveryTimeout:
            wanted = _wanted(event, data, where, count)
            raise AssertionError(
                f"fakewoot made no finished delivery of {wanted} within {timeout:g} s; "
                f"deliveries:\n{self._listing(event, data)}"
            ) from None
        if verify:
            self.verify(delivery, secret)
        return delivery

    def assert_delivered(
        self,
        event: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        url: str | None = None,
        kind: str | None = None,
        count: int = 1,
        verify: bool = True,
        secret: str | None = None,
    ) -> Delivery:
        """wait_for(), and the receiver answered it with a 2xx (state `delivered`)."""
        delivery = self.wait_for(
            event, data, timeout=timeout, url=url, kind=kind, count=count, verify=verify, secret=secret
        )
        if delivery.state != "delivered":
            raise AssertionError(
                f"{_describe(delivery)}: expected it delivered; deliveries:\n{self._listing(event, data)}"
            )
        return delivery

    def assert_no_delivery(
        self,
        event: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        within: float = 0.2,
        url: str | None = None,
        kind: str | None = None,
    ) -> None:
        """No matching delivery (in any state, held or queued ones too) appears within `within` s."""
        where = {"url": url, "kind": kind, **self._where}
        deliveries = self.fake.deliveries
        found = deliveries.journal.wait(lambda: deliveries.find(event, data, **where), within)
        if found:
            shown = "\n".join("  " + _describe(d) for d in found)
            wanted = _wanted(event, data, where)
            raise AssertionError(f"fakewoot made {len(found)} unexpected delivery(ies) of {wanted}:\n{shown}")

    def verify(self, delivery: Delivery, secret: str | None = None) -> Delivery:
        """The delivery's signature headers check out against `secret` (default: its target's) over
        the bytes sent, and what a watched receiver got is those bytes with a valid signature."""
        from fakewoot.deliveries import wire

        key = delivery.secret if secret is None else secret
        sent = delivery.headers
        given, stamp = _header(sent, wire.HEADER_SIGNATURE), _header(sent, wire.HEADER_TIMESTAMP)
        if not sent:  # never sent (dropped or held): there is nothing on the wire to check
            return delivery
        if not key:
            if given is not None:
                raise AssertionError(f"{_describe(delivery)}: signed, but its target has no secret")
        elif given is None or stamp is None:
            raise AssertionError(f"{_describe(delivery)}: sent without {wire.HEADER_SIGNATURE}")
        elif not wire.verify(key, stamp, delivery.body, given):
            raise AssertionError(
                f"{_describe(delivery)}: {wire.HEADER_SIGNATURE} {given} does not verify with the secret "
                f"{_masked(key)} over the {len(delivery.body)} bytes sent"
            )
        for request in self._received(delivery):
            if request.body != delivery.body:
                raise AssertionError(
                    f"{_describe(delivery)}: the receiver got {len(request.body)} bytes "
                    f"{request.body[:200]!r}, not the {len(delivery.body)} bytes sent {delivery.body[:200]!r}"
                )
            if key and not wire.verify(key, request.timestamp or "", request.body, request.signature or ""):
                raise AssertionError(
                    f"{_describe(delivery)}: the signature the receiver got does not verify with the "
                    f"secret {_masked(key)}"
                )
        return delivery

    def _received(self, delivery: Delivery) -> list[Any]:
        found = []
        for receiver in list(self.receivers):
            try:
                base = receiver.url
            except RuntimeError:  # stopped
                continue
            if delivery.url != base and not delivery.url.startswith(base + "/"):
                continue
            path = delivery.url[len(base) :] or "/"
            found += [
                r for r in receiver.requests if r.delivery_id == delivery.delivery_id and r.path == path
            ]
        return found

    def _listing(self, event: str | None, data: dict[str, Any] | None) -> str:
        """Every delivery so far; for those of the wanted event, the first data path that differs."""
        from fakewoot.dotted import MISSING, walk

        lines = []
        for delivery in self.fake.deliveries.find(**self._where)[-50:]:
            line = "  " + _describe(delivery)
            if data and (event is None or delivery.event == event):
                payload = delivery.payload()
                for path, wanted in data.items():
                    value, _ = walk(payload, path)
                    if value is MISSING or value != wanted:
                        got = "missing" if value is MISSING else repr(value)
                        line += f"; {path}: expected {wanted!r}, got {got}"
                        break
            lines.append(line)
        return "\n".join(lines) or "  none"


def _header(headers: dict[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def _masked(secret: str) -> str:
    return repr(secret[:4] + "..." if len(secret) > 8 else secret)


def _describe(delivery: Delivery) -> str:
    outcome = delivery.state
    if delivery.error:
        outcome += f" ({delivery.error})"
    elif delivery.status is not None:
        outcome += f" {delivery.status}"
    return f"#{delivery.id} {delivery.event} {delivery.kind} -> {delivery.url}: {outcome}"


def _wanted(event: str | None, data: dict[str, Any] | None, where: dict[str, Any], count: int = 1) -> str:
    parts = [event or "any event"]
    if data:
        parts.append(f"with {data}")
    parts += [f"{name}={value!r}" for name, value in where.items() if value is not None]
    return " ".join(parts) + ("" if count == 1 else f" (the {count}th)")
