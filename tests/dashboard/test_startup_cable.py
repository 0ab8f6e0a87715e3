"""The dashboard's /cable step at start-up, as App.vue and BaseActionCableConnector make it.

After `accounts/get`, App.vue calls vueActionCable.init(store, currentUser.pubsub_token), whose
connector (shared/helpers/BaseActionCableConnector.js) opens `/cable` with @rails/actioncable
(subprotocol actioncable-v1-json) and subscribes once with the identifier
{channel: "RoomChannel", pubsub_token, account_id, user_id} in that key order, the token being the
one `GET /auth/validate_token` returned (store/modules/auth.js validityCheck); it then performs
`update_presence` every 20 s. The replay signs in with the session headers, takes the token from
validate_token, and checks the subscription is confirmed with the identifier echoed byte for byte,
that presence answers, and that a change made through the API reaches the socket.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import websockets

from fakewoot import FakeChatwoot
from fakewoot.server import ServerThread
from tests.conftest import ADMIN_EMAIL, PASSWORD
from tests.dashboard.startup import SESSION_HEADERS

TIMEOUT = 3.0
SUBPROTOCOL = "actioncable-v1-json"


async def next_frame(ws: Any, event: str | None = None) -> dict[str, Any]:
    """The next frame that is not a ping (and, given `event`, carries that event)."""
    async with asyncio.timeout(TIMEOUT):
        while True:
            frame: dict[str, Any] = json.loads(await ws.recv())
            if frame.get("type") == "ping":
                continue
            if event is None or frame.get("message", {}).get("event") == event:
                return frame


def dashboard_session(server: ServerThread) -> tuple[dict[str, str], dict[str, Any]]:
    """Sign in, then validate_token with the five session headers: (headers, the current user)."""
    with httpx.Client(base_url=server.url) as client:
        signed = client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": PASSWORD})
        headers = {name: signed.headers[name] for name in SESSION_HEADERS}
        user = client.get("/auth/validate_token", headers=headers).json()["payload"]["data"]
    return headers, user


def test_dashboard_subscribes_with_the_validated_pubsub_token_and_gets_presence_and_events(
    fake: FakeChatwoot, server: ServerThread
) -> None:
    headers, user = dashboard_session(server)
    identifier = json.dumps(
        {
            "channel": "RoomChannel",
            "pubsub_token": user["pubsub_token"],
            "account_id": 1,
            "user_id": user["id"],
        },
        separators=(",", ":"),  # JSON.stringify's spacing, as @rails/actioncable sends it
    )
    url = server.url.replace("http://", "ws://") + "/cable"

    async def go() -> None:
        async with websockets.connect(url, subprotocols=[SUBPROTOCOL]) as ws:
            assert ws.subprotocol == SUBPROTOCOL
            assert await next_frame(ws) == {"type": "welcome"}
            await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
            assert await next_frame(ws) == {"identifier": identifier, "type": "confirm_subscription"}
            presence = await next_frame(ws, "presence.update")
            assert presence["identifier"] == identifier
            assert presence["message"]["data"]["users"] == {str(user["id"]): "online"}

            perform = json.dumps({"action": "update_presence"})
            await ws.send(json.dumps({"command": "message", "identifier": identifier, "data": perform}))
            assert (await next_frame(ws))["message"]["event"] == "presence.update"

            async with httpx.AsyncClient(base_url=server.url) as client:
                response = await client.post(
                    "/api/v1/accounts/1/labels", json={"title": "live"}, headers=headers
                )
            assert response.status_code == 200
            # the label store listens for account.cache_invalidated to refetch (cache_keys changed)
            frame = await next_frame(ws, "account.cache_invalidated")
            assert set(frame["message"]["data"]["cache_keys"]) == {"label", "inbox", "team"}

    asyncio.run(go())
