"""Fixture tables of the settings screens: integration hooks, help center portals and CSAT answers seed
through the same store verbs as the API (validations, the survey message), survive reset, and a bad
row names its file and index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import fakewoot
from fakewoot import FakeChatwoot
from fakewoot.seeding import FixtureError
from fakewoot.serializers.csat import csat_survey_response_json
from fakewoot.serializers.integrations import app_enabled
from fakewoot.serializers.portals import portal_json
from fakewoot.store.csat_survey_responses import CSAT_CONTENT_TYPE


def _fixture_set(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(Path(fakewoot.__file__).parent / "fixtures" / "default", folder)
    (folder / "settings.yaml").write_text(text)
    return folder


def test_hooks_portals_and_csat_answers_seed(tmp_path):
    folder = _fixture_set(
        tmp_path,
        """
hooks:
  - {id: 7, account_id: 1, app_id: openai, settings: {api_key: sk-fixture}}
  - {account_id: 1, app_id: dialogflow, inbox_id: 1, status: disabled,
     settings: {project_id: p, credentials: {}}}
portals:
  - {id: 3, account_id: 1, name: Acme Help, slug: acme-help, inbox_id: 2,
     config: {allowed_locales: [en, de], default_locale: de}}
csat_survey_responses:
  - {account_id: 1, conversation_id: 1, rating: 4, feedback_message: Quick and kind,
     created_at: "2024-01-02T00:00:00Z"}
""",
    )
    seeded = FakeChatwoot(fixtures=folder)
    store = seeded.store
    openai, flow = store.hooks.of(1)
    assert (openai.id, openai.settings, openai.status) == (7, {"api_key": "sk-fixture"}, 1)
    assert (flow.id, flow.hook_type, flow.status, flow.inbox_id) == (8, "inbox", 0, 1)
    assert app_enabled(store, 1, "openai") and not app_enabled(store, 1, "google_translate")
    [portal] = store.portals.of(1)
    member = store.account(1).members[1]
    shown = portal_json(store, portal, member, "http://x", index=False)
    assert (shown["id"], shown["inbox"]["id"], shown["meta"]["default_locale"]) == (3, 2, "de")
    [answer] = store.csat_survey_responses.of(1)
    conversation = store.conversations.by_display_id(1, 1)
    survey = store.csat_survey_responses.survey_message(conversation)
    assert survey is not None and survey.content_type == CSAT_CONTENT_TYPE and answer.message_id == survey.id
    body = csat_survey_response_json(store, answer)
    assert (body["rating"], body["feedback_message"], body["conversation_id"]) == (4, "Quick and kind", 1)
    assert body["created_at"] == 1704153600
    seeded.reset()
    assert [h.id for h in seeded.store.hooks.of(1)] == [7, 8] and len(
        seeded.store.csat_survey_responses.of(1)
    ) == 1


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("hooks:\n  - {account_id: 1, app_id: openai}\n", "hooks[0]", "Settings : Invalid settings data"),
        ("portals:\n  - {account_id: 1, name: A, slug: a, inbox_id: 1}\n", "portals[0]", "website inbox"),
        (
            "csat_survey_responses:\n  - {account_id: 1, conversation_id: 999, rating: 5}\n",
            "csat_survey_responses[0]",
            "no conversation 999",
        ),
    ],
)
def test_fixture_errors_name_the_file_and_row(tmp_path, text, where, message):
    folder = _fixture_set(tmp_path, text)
    with pytest.raises(FixtureError) as raised:
        FakeChatwoot(fixtures=folder)
    assert f"settings.yaml: {where}" in str(raised.value) and message in str(raised.value)
