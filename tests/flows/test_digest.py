"""The digest's text, from the figures `gather` collects."""

from __future__ import annotations

from flows.digest import render


def test_digest_names_every_section() -> None:
    text = render(
        {
            "states": {"entered": 3, "needs_review": 1},
            "waiting": [{"task": "Approve invoice A-1", "assignee": "anna", "since": "2026-11-20"}],
            "incidents": [{"activity": "enter_bill", "message": "ERP down"}],
            "failed_runs": ["brave-otter (Failed)"],
            "problems": [],
        }
    )
    assert "Documents: entered 3, needs_review 1" in text
    assert "Approvals waiting > 1 day: 1" in text
    assert "Approve invoice A-1 for anna since 2026-11-20" in text
    assert "enter_bill: ERP down" in text
    assert "Failed bot runs (24 h): 1" in text


def test_digest_says_when_a_part_did_not_answer() -> None:
    text = render(
        {
            "states": {},
            "waiting": [],
            "incidents": [],
            "failed_runs": [],
            "problems": ["engine: down"],
        }
    )
    assert "Documents: none" in text
    assert "Problem: engine: down" in text
