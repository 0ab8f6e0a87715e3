"""Fixture sets may seed captain assistants (with the inboxes they serve) and their FAQs
(fakewoot/fixture_models.py CaptainAssistantFixture, CaptainAssistantResponseFixture,
fakewoot/seeding_captain.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.seeding import FixtureError
from fakewoot.serializers.captain_assistants import assistant_json

SET = """
seed_time: "2024-06-01T00:00:00Z"
accounts:
  - {id: 1, name: Solo}
inboxes:
  - {id: 1, account_id: 1, name: Api, channel_type: api}
  - {id: 2, account_id: 1, name: Api 2, channel_type: api}
captain_assistants:
  - {id: 3, account_id: 1, name: Sales, description: Pricing, config: {temperature: 1, feature_faq: true},
     guardrails: [No refunds], inboxes: [2]}
captain_assistant_responses:
  - {id: 8, account_id: 1, assistant_id: 3, question: How much?, answer: Ten, status: pending}
"""


def _folder(tmp_path: Path, text: str) -> Path:
    (tmp_path / "set.yaml").write_text(text)
    return tmp_path


def test_seeded_assistant_inbox_and_faq(tmp_path):
    fake = FakeChatwoot(fixtures=_folder(tmp_path, SET), clock=FrozenClock(1_800_000_000))
    assistants = fake.store.captain_assistants
    sales = assistants.get(1, 3)
    assert sales is not None
    assert assistant_json(sales) == {
        "account_id": 1,
        "config": {"feature_faq": True, "temperature": 1},
        "created_at": 1_717_200_000,
        "description": "Pricing",
        "guardrails": ["No refunds"],
        "id": 3,
        "name": "Sales",
        "response_guidelines": [],
        "updated_at": 1_717_200_000,
    }
    assert assistants.of_inbox(1, 2) is sales and assistants.of_inbox(1, 1) is None
    faq = fake.store.captain_responses.get(1, 8)
    assert faq is not None and (faq.status, faq.documentable_type) == ("pending", None)
    assert assistants.create(1, {"name": "Next", "description": "d"}).id == 4  # the sequence follows


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "inboxes: [2]",
            "inboxes: [9]",
            "captain_assistants[0] (id 3): field '(reference)': inboxes: no inbox 9",
        ),
        ("description: Pricing", "description: ' '", "field 'description'"),
        ("assistant_id: 3", "assistant_id: 4", "Assistant must exist"),
        ("status: pending", "status: maybe", "status"),
    ],
)
def test_bad_captain_rows_name_the_record(tmp_path, old, new, expected):
    with pytest.raises(FixtureError) as info:
        FakeChatwoot(fixtures=_folder(tmp_path, SET.replace(old, new)))
    assert expected in str(info.value)
