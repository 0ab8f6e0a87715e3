"""Chatwoot's own specs, ported one `it` at a time into HTTP-level tests (issue 12).

Each module here is named after the upstream spec file it ports and declares, with
`tests.specs.ledger`, which upstream `it` blocks it ports and which it skips and why.
`python -m tests.specs.ledger > docs/spec-coverage.md` writes the coverage table from that.
"""
