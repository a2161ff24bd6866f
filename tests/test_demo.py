"""`hubapp demo` fills a hub a newcomer can sign in to and explore, and can run again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from hubapp.models import (
    Activity,
    AgendaItem,
    Attendance,
    ConsentRecord,
    Feedback,
    Group,
    GroupMembership,
    Hub,
    Meeting,
    Member,
    Opportunity,
    Organisation,
    StaffUser,
    Venue,
)
from hubapp.models.database import Database
from hubapp.services.demo import DEMO_PASSWORD, DEMO_USERNAME, fill_demo
from hubapp.services.fake_people import DEMO_GROUPS
from hubapp.services.groups import get_group, list_groups
from hubapp.services.seeding import seed_members
from hubapp.services.staff import SignedInStaff, sign_in


def count(db: Database, model: type, *where: object) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.fixture
def demo(db: Database) -> tuple[Database, str]:
    return db, fill_demo(db, members=300)


def test_demo_on_a_new_hub_gives_a_staff_account_to_sign_in_with(
    demo: tuple[Database, str],
) -> None:
    db, summary = demo
    assert DEMO_USERNAME in summary and DEMO_PASSWORD in summary
    staff = sign_in(db, DEMO_USERNAME, DEMO_PASSWORD)
    assert staff.role == "admin" and staff.hub_name == "Llandovery Library"


def test_demo_fills_members_groups_and_meetings(demo: tuple[Database, str]) -> None:
    db, summary = demo
    assert count(db, Member) == 300
    assert count(db, Group) == len(DEMO_GROUPS) == 30
    assert "300 members, 30 groups" in summary
    groups = list_groups(db)
    gardening = next(g for g in groups if g.name == "Llandovery Gardening Club")
    profile = get_group(db, gardening.id)
    roles = {m.role for m in profile.members}
    assert {"chair", "secretary", "treasurer", "organiser", "member"} <= roles
    now = datetime.now(UTC)
    with db.read() as session:
        starts = list(session.scalars(select(Meeting.starts_at)))
    assert any(s < now for s in starts) and any(s > now for s in starts)
    assert count(db, AgendaItem) >= 7 * len(starts)
    assert count(db, Attendance, Attendance.status == "present") > 0
    assert count(db, Attendance, Attendance.status == "apologies") > 0


def test_demo_fills_the_rest_of_community_life(demo: tuple[Database, str]) -> None:
    db, _ = demo
    assert count(db, Organisation) >= 3
    assert count(db, Venue) >= 3
    assert count(db, Opportunity) >= 5
    assert count(db, Feedback) >= 10
    assert count(db, Activity, Activity.kind == "meeting_attended") > 0
    assert count(db, Activity, Activity.kind == "volunteered") > 0
    assert count(db, ConsentRecord) > 300
    assert count(db, GroupMembership, GroupMembership.role == "chair") == 30


def test_running_the_demo_twice_adds_members_but_no_second_set_of_groups(
    demo: tuple[Database, str],
) -> None:
    db, _ = demo
    summary = fill_demo(db, members=100)
    assert "100 members, 0 groups" in summary
    assert count(db, Member) == 400
    assert count(db, Group) == 30
    assert count(db, StaffUser) == 1
    with db.read() as session:
        emails = session.scalars(select(Member.email).where(Member.email.is_not(None))).all()
    assert len(emails) == len(set(emails))


def test_demo_after_seed_adds_staff_to_the_seeded_hub(db: Database) -> None:
    seed_members(db, 200)
    summary = fill_demo(db, members=0)
    assert count(db, Hub) == 1
    assert count(db, Group) == 30  # drawn from the members already there
    assert DEMO_PASSWORD in summary
    assert sign_in(db, DEMO_USERNAME, DEMO_PASSWORD).hub_id == db.hub_id


def test_demo_on_a_hub_in_use_creates_no_demo_login(db: Database, admin: SignedInStaff) -> None:
    summary = fill_demo(db, members=50)
    assert DEMO_PASSWORD not in summary
    assert count(db, StaffUser) == 1
    with db.read() as session:
        creators = set(session.scalars(select(Activity.staff_user_id)))
    assert creators == {admin.id}
