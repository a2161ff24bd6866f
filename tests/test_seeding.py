"""The fast seeder writes realistic, searchable, journalled members, as the ORM would."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from hubapp.models import Change, ConsentRecord, Hub, Member, MemberTag, StaffUser
from hubapp.models.base import stable_id
from hubapp.models.database import Database
from hubapp.models.people import member_sort_key
from hubapp.services.duplicates import DuplicateProbe, find_likely_duplicates
from hubapp.services.member_profile import get_member_profile
from hubapp.services.member_search import MemberQuery, search_member_keys
from hubapp.services.seeding import (
    SEEDED_HUB_NAME,
    fast_stable_id,
    seed_member_rows,
    seed_members,
)
from hubapp.services.staff import SignedInStaff
from hubapp.services.validation import normalise_email, normalise_phone, normalise_postcode


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """2,000 members, seeded once for the read-only tests of this module."""
    db = Database(tmp_path_factory.mktemp("seeded"))
    seed_members(db, 2000)
    return db


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_seeding_creates_a_hub_but_no_staff(seeded: Database) -> None:
    with seeded.read() as session:
        hubs = session.scalars(select(Hub)).all()
    assert [h.name for h in hubs] == [SEEDED_HUB_NAME]
    assert seeded.hub_id == hubs[0].id
    assert count(seeded, StaffUser) == 0


def test_counts_and_every_member_is_in_the_search_index(seeded: Database) -> None:
    assert count(seeded, Member) == 2000
    with seeded.read() as session:
        indexed = session.execute(text("SELECT count(*) FROM members_fts")).scalar_one()
        triggers = session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'members_fts_insert'")
        ).scalar_one()
    assert indexed == 2000
    assert triggers == 1  # put back after each chunk


def test_every_seeded_member_is_found_by_surname_and_postcode(seeded: Database) -> None:
    with seeded.read() as session:
        members = session.execute(text("SELECT rowid, last_name, postcode FROM members")).all()
        for rowid, last_name, postcode in members[::97]:
            keys = search_member_keys(session, MemberQuery(text=f"{last_name} {postcode}"))
            assert rowid in keys, (last_name, postcode)


def test_values_are_valid_and_contacts_unique(seeded: Database) -> None:
    with seeded.read() as session:
        members = session.scalars(select(Member)).all()
    for m in members:
        assert normalise_postcode(m.postcode or "") == m.postcode
        if m.email:
            assert normalise_email(m.email) == m.email
        if m.phone:
            assert normalise_phone(m.phone) == m.phone
        assert m.sort_key == member_sort_key(m.last_name, m.first_name)
        assert m.created_at.tzinfo is not None and m.updated_at >= m.created_at
        assert m.origin_hub_id == seeded.hub_id and m.hub_id == seeded.hub_id
        assert not m.deleted and len(m.membership_number or "") == 8
    emails = [m.email for m in members if m.email]
    phones = [m.phone for m in members if m.phone]
    assert len(set(emails)) == len(emails) and len(set(phones)) == len(phones)
    welsh = Counter(m.preferred_language for m in members)["cy"] / len(members)
    assert 0.12 < welsh < 0.28
    names = {m.first_name for m in members} | {m.last_name for m in members}
    assert any(not n.isascii() for n in names)  # Siân, Gwenllïan, Ó Briain...


def test_tag_links_have_stable_ids(seeded: Database) -> None:
    with seeded.read() as session:
        links = session.scalars(select(MemberTag)).all()
    assert len(links) > 1000
    for link in links[:200]:
        assert link.id == stable_id("member_tag", link.member_id, link.tag_id)


def test_fast_stable_id_is_the_models_stable_id() -> None:
    for parts in (("member_tag", "a", "b"), ("x",), ("member_tag", "Siân", "ŵ")):
        assert fast_stable_id(*parts) == stable_id(*parts)


def test_journal_has_one_insert_per_row_like_change_capture(seeded: Database) -> None:
    with seeded.read() as session:
        by_table = dict(
            session.execute(
                select(Change.table_name, func.count())
                .where(Change.table_name.in_(("members", "member_tags")))
                .group_by(Change.table_name)
            ).all()
        )
        member = session.scalars(select(Member).limit(1)).one()
        change = session.scalars(select(Change).where(Change.row_id == member.id)).one()
    assert by_table == {"members": 2000, "member_tags": count(seeded, MemberTag)}
    assert change.op == "insert" and change.status == "pending" and change.origin == "local"
    assert change.subject_id == member.id
    assert change.hlc == member.clock["*"]
    assert change.fields["first_name"] == member.first_name
    assert change.fields["deleted"] is False
    assert set(change.fields) >= {"email", "phone", "postcode", "availability", "hub_id"}
    assert "sort_key" not in change.fields and "id" not in change.fields
    assert seeded.get_setting("hlc_last") >= change.hlc  # type: ignore[operator]


def test_seeded_member_reads_like_a_signed_up_one(seeded: Database) -> None:
    with seeded.read() as session:
        member_id = session.scalars(select(Member.id).limit(1)).one()
    profile = get_member_profile(seeded, member_id)
    assert profile.details.first_name
    assert [h.what for h in profile.history][-1] == "Signed up"


def test_duplicate_check_finds_a_seeded_member(seeded: Database) -> None:
    with seeded.read() as session:
        m = session.scalars(select(Member).where(Member.email.is_not(None)).limit(1)).one()
        by_email = find_likely_duplicates(session, DuplicateProbe(email=m.email or ""))
        probe = DuplicateProbe(m.first_name, m.last_name, postcode=m.postcode or "")
        by_name = find_likely_duplicates(session, probe)
    assert [x.member_id for x in by_email] == [m.id]
    assert m.id in [x.member_id for x in by_name]


def test_without_journal_nothing_is_journalled(db: Database) -> None:
    seed_member_rows(db, 300, journal=False)
    with db.read() as session:
        members_journalled = session.scalar(
            select(func.count()).select_from(Change).where(Change.table_name == "members")
        )
    assert count(db, Member) == 300
    assert members_journalled == 0


def test_seeding_twice_keeps_emails_unique_and_uses_the_existing_hub(
    db: Database, admin: SignedInStaff
) -> None:
    seed_member_rows(db, 400, chunk=150)
    report = seed_member_rows(db, 400, consents=True, staff_user_id=admin.id)
    with db.read() as session:
        emails = session.scalars(select(Member.email).where(Member.email.is_not(None))).all()
        hubs = session.scalar(select(func.count()).select_from(Hub))
        consents = session.scalars(select(ConsentRecord).limit(5)).all()
    assert count(db, Member) == 800 and len(report.member_ids) == 400
    assert len(set(emails)) == len(emails)
    assert hubs == 1
    assert report.consents == count(db, ConsentRecord) > 400
    assert all(c.staff_user_id == admin.id and c.wording_version for c in consents)


def test_same_seed_same_people(tmp_path) -> None:  # type: ignore[no-untyped-def]
    def people(folder: str) -> list[tuple[str, str, str]]:
        db = Database(tmp_path / folder)
        seed_member_rows(db, 50, seed=11, journal=False)
        with db.read() as session:
            rows = session.execute(
                select(Member.first_name, Member.last_name, Member.postcode).order_by(
                    Member.created_at
                )
            ).all()
        db.close()
        return [tuple(r) for r in rows]  # type: ignore[misc]

    assert people("a") == people("b")


def test_progress_is_reported_per_chunk(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    seed_member_rows(db, 250, lambda done, total, what: seen.append((done, total)), chunk=100)
    assert seen == [(100, 250), (200, 250), (250, 250)]


def test_availability_is_valid_json(seeded: Database) -> None:
    with seeded.read() as session:
        raw = session.execute(text("SELECT availability, clock FROM members LIMIT 50")).all()
    for availability, clock in raw:
        assert isinstance(json.loads(availability), dict)
        assert set(json.loads(clock)) == {"*"}


def test_references_are_sound_and_foreign_keys_back_on(seeded: Database) -> None:
    with seeded.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
