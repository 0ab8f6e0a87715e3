"""The plugin's webhook tools as a downstream project uses them (pytester): the `webhook_receiver`
fixture registered as an account webhook and as an agent bot, `fakewoot.webhooks` waiting for and
verifying deliveries, failures that read well, and nothing leaking from one test into the next.

Payload keys and headers follow ../shared/reference/webhooks-bots.md (2.3 message payload, 3.2
signing: `X-Chatwoot-Signature: sha256=HMAC-SHA256(secret, "{timestamp}.{raw body}")`); the
downstream tests below check the signature with hashlib/hmac themselves, as a receiver would.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

HEADER = textwrap.dedent("""
    import asyncio
    import hashlib
    import hmac
    import json
    import time

    import httpx
    import pytest

    MESSAGES = "/api/v1/accounts/1/conversations/1/messages"
    MESSAGE_KEYS = {"account", "additional_attributes", "content_attributes", "content_type", "content",
                    "conversation", "created_at", "id", "inbox", "message_type", "private", "sender",
                    "source_id", "event"}

    def signed(secret, request):
        stamp = request.headers["X-Chatwoot-Timestamp"]
        digest = hmac.new(secret.encode(), stamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest("sha256=" + digest, request.headers["X-Chatwoot-Signature"])

    def hook(fakewoot, receiver, events=("message_created",), path="/hook"):
        return fakewoot.store.webhooks.create(1, url=receiver.url_for(path), subscriptions=list(events))
""")


def run(pytester: pytest.Pytester, body: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(HEADER + textwrap.dedent(body))
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def readme_tests() -> str:
    """The README section's Python examples that are tests (README examples are executed)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme[readme.index("## Webhooks and agent bots in tests") :]
    section = section[: section.index("\n## ")]
    blocks = [block.split("```", 1)[0] for block in section.split("```python\n")[1:]]
    return "\n\n".join(block for block in blocks if "def test_" in block)


def test_a_downstream_project_checks_its_webhooks_and_bot(pytester):
    """Account webhook (store and REST), API-inbox callback, an agent bot answering through the bot
    token, a scenario file driving the receiver, the tenant and in-process views, a clean receiver
    and journal in every test (slow answers of one test never reach the next), and the README's
    examples."""
    pytester.makepyfile(test_readme=readme_tests())
    result = run(
        pytester,
        """
        def test_message_reaches_my_app(fakewoot, webhook_receiver):
            webhook = hook(fakewoot, webhook_receiver)
            sent = fakewoot.client.post(MESSAGES, json={"content": "Hi <there> & co"})
            assert sent.status_code == 200

            delivery = fakewoot.webhooks.wait_for(
                "message_created", data={"content": "Hi <there> & co", "conversation.id": 1},
                url=webhook_receiver.url_for("/hook"),
            )
            assert delivery.state == "delivered" and delivery.status == 200
            assert delivery.kind == "account_webhook" and delivery.target_id == webhook.id

            request = webhook_receiver.wait_for("message_created", data={"id": sent.json()["id"]})
            assert request.method == "POST" and request.path == "/hook"
            assert request.body == delivery.body  # the exact bytes fakewoot signed
            assert b"\\\\u003cthere\\\\u003e \\\\u0026 co" in request.body  # Rails' HTML-safe JSON
            assert signed(webhook.secret, request) and webhook_receiver.verify(request, webhook.secret)
            assert not webhook_receiver.verify(request, webhook.secret + "x")
            assert set(request.json) == MESSAGE_KEYS and request.json["message_type"] == "outgoing"
            assert request.header("x-chatwoot-delivery") == delivery.delivery_id
            assert request.header("content-type") == "application/json"

            assert fakewoot.webhooks.assert_delivered("message_created", url=webhook.url) is delivery
            assert fakewoot.webhooks.find("message_created", url=webhook.url) == [delivery]
            assert delivery in fakewoot.webhooks.all()
            posted = fakewoot.requests("POST", MESSAGES)[0]
            chain = fakewoot.webhooks.timeline(cause=f"request:{posted.id}")
            assert chain[0]["kind"] == "request"
            assert {"kind": "delivery", "event": "message_created", "url": webhook.url, "state": "delivered"}.items() <= [
                row for row in chain if row.get("url") == webhook.url][0].items()

        def test_rest_webhook_and_inbox_callback(fakewoot, webhook_receiver):
            created = fakewoot.client.post("/api/v1/accounts/1/webhooks", json={"webhook": {
                "url": webhook_receiver.url_for("/account"), "subscriptions": ["conversation_status_changed"]}})
            assert created.status_code == 200, created.text
            secret = created.json()["payload"]["webhook"]["secret"]
            inbox = fakewoot.store.account(1).inboxes.get(1)
            inbox.channel["webhook_url"] = webhook_receiver.url_for("/inbox")

            toggled = fakewoot.client.post("/api/v1/accounts/1/conversations/1/toggle_status",
                                           json={"status": "resolved"})
            assert toggled.status_code == 200

            account = fakewoot.webhooks.assert_delivered(
                "conversation_status_changed", data={"status": "resolved"}, kind="account_webhook",
                secret=secret)
            callback = fakewoot.webhooks.assert_delivered(
                "conversation_status_changed", data={"id": 1}, kind="api_inbox_webhook")
            assert account.url.endswith("/account") and callback.url.endswith("/inbox")
            assert len(webhook_receiver.find("conversation_status_changed")) == 2
            assert {r.path for r in webhook_receiver.requests} >= {"/account", "/inbox"}

        def test_bot_replies(fakewoot, webhook_receiver):
            bot = fakewoot.store.agent_bots.get(1)  # connected to the API inbox 1
            fakewoot.store.agent_bots.update(bot, {"outgoing_url": webhook_receiver.url_for("/bot")})

            def my_bot(request):
                event = request.json
                if event["event"] == "message_created" and event["message_type"] == "incoming":
                    conversation = event["conversation"]["id"]
                    reply = httpx.post(
                        f"{fakewoot.url}/api/v1/accounts/1/conversations/{conversation}/messages",
                        json={"content": "Bot here: " + event["content"]},
                        headers={"api_access_token": fakewoot.bot_token})
                    assert reply.status_code == 200, reply.text
                return 200, {"ok": True}

            webhook_receiver.handle(my_bot, path="/bot")
            sent = fakewoot.client.post(MESSAGES, json={"content": "Where is my order?",
                                                        "message_type": "incoming"})
            assert sent.status_code == 200

            asked = fakewoot.webhooks.assert_delivered(
                "message_created", data={"content": "Where is my order?"}, kind="agent_bot_webhook")
            assert asked.secret == bot.secret and asked.target_id == 1
            answer = fakewoot.webhooks.assert_delivered(
                "message_created", data={"content": "Bot here: Where is my order?", "message_type": "outgoing"},
                kind="agent_bot_webhook")
            assert answer.payload()["sender"]["id"] == 1
            fakewoot.assert_request_made("POST", MESSAGES, json={"content": "Bot here: Where is my order?"})

            timeline = fakewoot.webhooks.timeline()
            kinds = [(row["kind"], row.get("event") or row.get("method")) for row in timeline]
            assert kinds.index(("delivery", "message_created")) < kinds.index(("request", "POST"), 1)
            assert len(webhook_receiver.find("message_created", path="/bot")) == 2

        def test_a_slow_receiver(webhook_receiver, fakewoot):
            webhook_receiver.respond(200, delay=0.5)
            hook(fakewoot, webhook_receiver)
            for n in range(3):
                fakewoot.client.post(MESSAGES, json={"content": f"m{n}"})
            webhook_receiver.wait_for("message_created")  # the first is on its way, two are queued

        def test_b_sees_nothing_of_a(webhook_receiver, fakewoot):
            assert fakewoot.webhooks.all() == [] and webhook_receiver.requests == []
            time.sleep(1.2)
            assert webhook_receiver.requests == [], webhook_receiver.events
            assert fakewoot.store.webhooks.of(1) == []  # the reset removed A's webhook

        def test_scenario_file_drives_the_receiver(fakewoot, webhook_receiver):
            url = webhook_receiver.url_for("/hook")
            result = fakewoot.run_scenario("webhooks", variables={"hook": url})
            assert result.ok
            delivery = fakewoot.webhooks.assert_delivered("message_created", url=url)
            secret = fakewoot.store.webhooks.of(1)[0].secret
            assert webhook_receiver.verify(webhook_receiver.wait_for("message_created"), secret)
            assert delivery.payload()["content"] == "Hi! Where is my order?"

        def test_tenant_view(fakewoot_tenant, webhook_receiver):
            store = fakewoot_tenant.fake.store
            store.webhooks.create(fakewoot_tenant.account_id, url=webhook_receiver.url_for("/t"),
                                  subscriptions=["contact_created"])
            created = httpx.post(f"{fakewoot_tenant.url}/api/v1/accounts/{fakewoot_tenant.account_id}/contacts",
                                 json={"name": "T", "email": "t@tenant.test"},
                                 headers={"api_access_token": fakewoot_tenant.admin_token})
            assert created.status_code == 200
            delivery = fakewoot_tenant.webhooks.assert_delivered("contact_created", data={"email": "t@tenant.test"})
            assert delivery.account_id == fakewoot_tenant.account_id
            assert all(d.account_id == fakewoot_tenant.account_id for d in fakewoot_tenant.webhooks.all())

        def test_in_process(fakewoot_inprocess, webhook_receiver):
            fakewoot_inprocess.fake.store.webhooks.create(1, url=webhook_receiver.url_for("/ip"),
                                                          subscriptions=["message_created"])
            async def go():
                response = await fakewoot_inprocess.client.post(MESSAGES, json={"content": "in process"})
                assert response.status_code == 200
            asyncio.run(go())
            delivery = fakewoot_inprocess.webhooks.assert_delivered("message_created", data={"content": "in process"})
            assert delivery.url.endswith("/ip")
        """,
    )
    result.assert_outcomes(passed=10)


def test_failures_name_what_was_delivered(pytester):
    """A tampered secret or altered bytes fail verification; assert_no_delivery, timeouts and
    assert_delivered list the deliveries; a scripted 500 fails the delivery as Chatwoot records it;
    an exception in a receiver handler answers 500 and fails its test."""
    result = run(
        pytester,
        """
        def test_wrong_secret(fakewoot, webhook_receiver):
            hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            fakewoot.webhooks.wait_for("message_created", secret="not-the-secret")

        def test_altered_delivery_secret(fakewoot, webhook_receiver):
            hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            delivery = fakewoot.webhooks.wait_for("message_created", kind="account_webhook")
            delivery.secret = "tampered"
            fakewoot.webhooks.verify(delivery)

        def test_receiver_got_other_bytes(fakewoot, webhook_receiver):
            webhook = hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            delivery = fakewoot.webhooks.wait_for("message_created", url=webhook.url)
            forged = dict(delivery.headers)
            httpx.post(webhook.url, content=delivery.body.replace(b"Hi", b"Yo"), headers=forged)
            fakewoot.webhooks.verify(delivery)

        def test_verify_false_skips_the_checks(fakewoot, webhook_receiver):
            hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            fakewoot.webhooks.wait_for("message_created", verify=False, secret="not-the-secret")

        def test_nothing_for_a_private_subscription(fakewoot, webhook_receiver):
            hook(fakewoot, webhook_receiver, events=["contact_created"])
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            fakewoot.webhooks.assert_no_delivery("message_created", kind="account_webhook")
            fakewoot.webhooks.assert_no_delivery("contact_created", within=0.05)

        def test_unexpected_delivery_fails(fakewoot, webhook_receiver):
            hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            fakewoot.webhooks.assert_no_delivery("message_created", data={"content": "Hi"})

        def test_timeout_lists_what_was_delivered(fakewoot, webhook_receiver):
            hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            fakewoot.webhooks.wait_for("message_created", data={"content": "Bye"}, timeout=0.3)

        def test_receiver_answers_500(fakewoot, webhook_receiver):
            webhook = hook(fakewoot, webhook_receiver)
            webhook_receiver.respond(500)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            delivery = fakewoot.webhooks.wait_for("message_created", url=webhook.url)
            assert delivery.state == "failed" and delivery.status == 500
            assert delivery.error == "500 Internal Server Error"
            assert len(delivery.attempts) == 1  # account webhooks are tried once
            assert webhook_receiver.requests[0].status == 500

        def test_assert_delivered_names_the_failure(fakewoot, webhook_receiver):
            webhook = hook(fakewoot, webhook_receiver)
            webhook_receiver.respond(503, path="/ho*")
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            fakewoot.webhooks.assert_delivered("message_created", url=webhook.url)

        def test_broken_bot(fakewoot, webhook_receiver):
            def broken(request):
                raise RuntimeError("my bot broke")
            webhook_receiver.handle(broken)
            webhook = hook(fakewoot, webhook_receiver)
            fakewoot.client.post(MESSAGES, json={"content": "Hi"})
            delivery = fakewoot.webhooks.wait_for("message_created", url=webhook.url)
            assert delivery.error == "500 Internal Server Error"

        def test_next_is_clean(webhook_receiver):
            assert webhook_receiver.errors == []
        """,
    )
    result.assert_outcomes(passed=5, failed=6, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: #* message_created account_webhook -> http://127.0.0.1:*/hook: delivered 200: "
            "X-Chatwoot-Signature sha256=* does not verify with the secret 'not-...' over the * bytes sent",
        ]
    )
    result.stdout.fnmatch_lines(["*AssertionError:*does not verify with the secret 'tampered'*"])
    result.stdout.fnmatch_lines(["*AssertionError:*the receiver got * bytes *, not the * bytes sent*"])
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: fakewoot made 1 unexpected delivery(ies) of message_created with {'content': 'Hi'}:",
            "*#* message_created account_webhook -> http://127.0.0.1:*/hook: *",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: fakewoot made no finished delivery of message_created with {'content': 'Bye'} "
            "within 0.3 s; deliveries:",
            "*#* message_created account_webhook -> http://127.0.0.1:*/hook: delivered 200; "
            "content: expected 'Bye', got 'Hi'",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: #* message_created account_webhook -> *: failed (503 Service Unavailable): "
            "expected it delivered*"
        ]
    )
    result.stdout.fnmatch_lines(["*RuntimeError: my bot broke*"])
    result.stdout.fnmatch_lines(
        [
            "FAILED *::test_wrong_secret*",
            "FAILED *::test_altered_delivery_secret*",
            "FAILED *::test_receiver_got_other_bytes*",
            "FAILED *::test_unexpected_delivery_fails*",
            "FAILED *::test_timeout_lists_what_was_delivered*",
            "FAILED *::test_assert_delivered_names_the_failure*",
            "ERROR *::test_broken_bot*",
        ]
    )
