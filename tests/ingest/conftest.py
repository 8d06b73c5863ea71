"""Fixtures of the ingest tests."""

from __future__ import annotations

import pytest

TEST_KEY = "ingest-test-key"


@pytest.fixture(autouse=True)
def hash_key(monkeypatch):
    """Set the lead-hash key, so no test reads or creates a key file in the home folder."""
    monkeypatch.setenv("HOTLEADS_HASH_KEY", TEST_KEY)
    return TEST_KEY
