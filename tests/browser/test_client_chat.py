"""A customer chat on another origin in real Chromium, on Chatwoot's Client API (fakewoot/api/public):
it creates a contact, a conversation and a message through /public/api/v1 (CORS), subscribes to
/cable with the contact's pubsub_token, and shows the agent's reply sent through the Application API."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import httpx

from tests.browser.conftest import wait_for
from tests.conftest import AGENT_TOKEN, token


def test_a_client_api_chat_hears_the_agent_reply_over_cable(browser, server, other_origin):
    from selenium.webdriver.common.by import By

    inbox = server.fake.store.account(1).inboxes.get(1)
    assert inbox is not None and inbox.channel_type == "Channel::Api"
    query = urlencode({"api": server.url, "inbox": inbox.channel["identifier"]})
    browser.get(f"{other_origin}/client_chat.html?{query}")
    ready = wait_for(browser, lambda b: b.find_element(By.ID, "state").get_attribute("data-ready"))
    state = browser.find_element(By.ID, "state").text
    assert ready == "1", state
    made = json.loads(state)
    account = server.fake.store.account(1)
    conversation = account.conversations.get(account.conversation_ids[made["conversation"]])  # a display id
    assert conversation is not None and conversation.contact_id == made["contact"]
    assert account.contacts.get(made["contact"]).email == "wanda@widget.test"
    message = account.messages.get(made["message"])
    assert (message.content, message.message_type, message.sender_type) == (
        "Where is my parcel?",
        0,
        "Contact",
    )
    reply = httpx.post(
        f"{server.url}/api/v1/accounts/1/conversations/{conversation.display_id}/messages",
        json={"content": "It ships today, Wanda!"},
        headers=token(AGENT_TOKEN),
    )
    assert reply.status_code == 200, reply.text
    wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#replies li"))
    assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#replies li")] == [
        "Jane: It ships today, Wanda!"
    ]
