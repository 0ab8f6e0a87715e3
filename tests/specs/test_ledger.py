"""docs/spec-coverage.md is the ledger's output, and the ledger adds up."""

from __future__ import annotations

from pathlib import Path

from tests.specs.ledger import collect, problems, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "spec-coverage.md"


def test_every_spec_file_accounts_for_each_upstream_it() -> None:
    assert problems(collect()) == []


def test_coverage_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(collect()), (
        "run: python -m tests.specs.ledger > docs/spec-coverage.md"
    )
