"""Message attachments through the real third-party Chatwoot clients, on the `minimal` fixture set.

| client | attachments on messages.create |
|---|---|
| @figuro/chatwoot-sdk (npm) | multipart `attachments[]` parts: a real upload, whose URLs serve the bytes |
| chatwoot-sdk 0.2 | takes `attachments` (file paths) and drops them (`# TODO: Implement multipart file upload` in chatwoot/resources/messages.py): the message is created without attachments |
| chatwoot-python-client (swagger) | ConversationMessageCreate has no attachments; a plain dict body carries the signed blob id of a direct upload, as the dashboard sends it |
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import chatwoot_client as swagger
import httpx
from chatwoot import ChatwootClient

from tests.realclient.test_chatwoot_clients import (  # noqa: F401 (pytest fixtures)
    ACCOUNT,
    SEEDED_INBOX,
    TOKEN,
    base_url,
    minimal_fake,
    minimal_server,
    swagger_api,
)

HEADERS = {"api_access_token": TOKEN}
PNG = b"\x89PNG\r\n\x1a\n" + b"fakewoot via a client"


def conversation(base: str) -> int:
    """A new contact's conversation in the minimal set's API inbox (plain HTTP)."""
    with httpx.Client(base_url=base, headers=HEADERS) as http:
        contact = http.post(
            f"/api/v1/accounts/{ACCOUNT}/contacts", json={"name": "Attach", "inbox_id": SEEDED_INBOX}
        )
        contact_id = contact.json()["payload"]["contact"]["id"]
        made = http.post(
            f"/api/v1/accounts/{ACCOUNT}/conversations",
            json={"inbox_id": SEEDED_INBOX, "contact_id": contact_id},
        )
        return int(made.json()["id"])


def test_figuro_chatwoot_sdk_uploads_an_attachment(base_url: str, js_client_dir: Path) -> None:  # noqa: F811
    display_id = conversation(base_url)
    done = subprocess.run(
        ["node", str(js_client_dir / "attachments_flow.mjs"), base_url, TOKEN, str(ACCOUNT), str(display_id)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"attachments_flow.mjs failed:\n{done.stdout}\n{done.stderr}"
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "ok": True,
        "attachments": ["image", "file"],
        "bytes": 25,
    }


def test_chatwoot_sdk_drops_attachments(base_url: str, tmp_path: Path) -> None:  # noqa: F811
    display_id = conversation(base_url)
    path = tmp_path / "shot.png"
    path.write_bytes(PNG)
    with ChatwootClient(base_url=base_url, api_token=TOKEN) as client:
        message = client.messages.create(
            account_id=ACCOUNT, conversation_id=display_id, content="with a file", attachments=[str(path)]
        )
    assert message.content == "with a file"
    with httpx.Client(base_url=base_url, headers=HEADERS) as http:
        listed = http.get(f"/api/v1/accounts/{ACCOUNT}/conversations/{display_id}/messages").json()["payload"]
    assert "attachments" not in listed[-1]


def test_python_client_sends_a_direct_upload_signed_id(base_url: str, swagger_api: swagger.ApiClient) -> None:  # noqa: F811
    display_id = conversation(base_url)
    checksum = base64.b64encode(hashlib.md5(PNG).digest()).decode()
    blob = {"filename": "shot.png", "byte_size": len(PNG), "checksum": checksum, "content_type": "image/png"}
    with httpx.Client(base_url=base_url, headers=HEADERS) as http:  # what ActiveStorage's DirectUpload does
        created = http.post(
            f"/api/v1/accounts/{ACCOUNT}/conversations/{display_id}/direct_uploads", json={"blob": blob}
        ).json()
        put = http.put(
            created["direct_upload"]["url"], content=PNG, headers=created["direct_upload"]["headers"]
        )
        assert put.status_code == 204
    body: dict[str, Any] = {"content": "uploaded first", "attachments": [created["signed_id"]]}
    answer = swagger.MessagesApi(swagger_api).create_a_new_message_in_a_conversation(
        body, ACCOUNT, display_id, _preload_content=False
    )
    (attachment,) = json.loads(answer.data)["attachments"]
    assert attachment["file_type"] == "image" and attachment["file_size"] == len(PNG)
    with httpx.Client(follow_redirects=True) as browser:
        served = browser.get(attachment["data_url"])
    assert (served.status_code, served.content) == (200, PNG)
