"""Fixtures for the meetings service tests."""

from __future__ import annotations

import pytest

from hubapp.models.database import Database
from hubapp.services.staff import SignedInStaff
from tests.meetings.council import Council, make_council


@pytest.fixture
def council(db: Database, admin: SignedInStaff) -> Council:
    return make_council(db, admin)
