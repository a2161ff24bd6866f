"""`hubapp demo`: fills a hub with a living community (members, groups with officers,
meetings past and future with agendas and attendance, opportunities, feedback, activity and
consent), so that a newcomer opening the app sees what it is for.

Members come from the fast seeder; everything else is written through the ORM in
`db.write()` units of work, so it is journalled for sync like anything typed at the desk.
Running it again adds more members and fills in anything missing by name; it never fails
because the demo ran before.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubapp.models import (
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    ExpressionOfInterest,
    Feedback,
    Group,
    GroupMembership,
    Hub,
    Meeting,
    Member,
    Motion,
    Opportunity,
    OpportunityTag,
    Organisation,
    StaffUser,
    Venue,
    stable_id,
)
from hubapp.models.database import Database
from hubapp.models.vocab import StaffRole, TagKind
from hubapp.services import fake_people as fake
from hubapp.services.seeding import seed_member_rows
from hubapp.services.staff import needs_first_run, set_up_hub
from hubapp.services.vocabulary import SKILLS, tag_id

Progress = Callable[[int, int, str], None]
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo-admin"
OFFICERS = ("chair", "secretary", "treasurer", "organiser", "organiser")
_SKILL_SLUGS = frozenset(slug for slug, _, _ in SKILLS)


def _local_zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # no time zone data (some Windows set-ups): use UTC
        return None


def fill_demo(db: Database, members: int = 2000, progress: Progress | None = None) -> str:
    """Fills the hub with demo data and returns a summary naming how to sign in."""
    report = progress or (lambda done, total, what: None)
    staff_id, sign_in = _ensure_staff(db)
    with db.read() as session:
        existing = int(session.scalar(select(func.count()).select_from(Group)) or 0)
    seeded = seed_member_rows(
        db, members, report, seed=2026 + existing, consents=True, staff_user_id=staff_id
    )
    rng = random.Random(len(seeded.member_ids) + existing)
    # Groups draw on the new members, or on those already there (`hubapp demo --members 0`
    # after `hubapp seed`).
    people = seeded.member_ids or _some_members(db, rng, 2000)
    steps = ("Adding groups", "Adding meetings", "Adding opportunities", "Adding feedback")
    report(0, len(steps), steps[0])
    with db.write(staff_id) as session:
        venues = _venues(session, db.hub_id)
        organisations = _organisations(session)
        new_groups = _groups(session, db.hub_id, rng, people)
    report(1, len(steps), steps[1])
    meetings = 0
    for group_id, spec in new_groups:
        if spec.meets:
            with db.write(staff_id) as session:
                meetings += _meetings(session, group_id, rng, venues, staff_id)
    report(2, len(steps), steps[2])
    with db.write(staff_id) as session:
        opportunities = _opportunities(session, db.hub_id, rng, venues)
        _volunteering(session, rng, people, staff_id)
    report(3, len(steps), steps[3])
    with db.write(staff_id) as session:
        feedback = _feedback(session, db.hub_id, rng, organisations) if new_groups else 0
    report(4, len(steps), "Done")
    return (
        f"Demo data added: {len(seeded.member_ids):,} members, {len(new_groups)} groups, "
        f"{meetings} meetings, {opportunities} opportunities and {feedback} pieces of "
        f"feedback.\n{sign_in}"
    )


def _ensure_staff(db: Database) -> tuple[str, str]:
    """An administrator to act as (created if the hub has none), and how to sign in."""
    how = f"Sign in as “{DEMO_USERNAME}” with the password “{DEMO_PASSWORD}”."
    if db.hub_id is None:
        name, _, _ = fake.DEMO_HUB
        signed_in = set_up_hub(db, name, DEMO_USERNAME, "Demo administrator", DEMO_PASSWORD)
        _describe_hub(db)
        return signed_in.id, how
    if needs_first_run(db):
        # A hub without staff (made by `hubapp seed`): add the administrator to it rather
        # than setting up a second hub.
        with db.write() as session:
            staff = StaffUser(
                hub_id=db.hub_id,
                username=DEMO_USERNAME,
                display_name="Demo administrator",
                role=StaffRole.ADMIN,
                secret_hash=PasswordHasher().hash(DEMO_PASSWORD),
            )
            session.add(staff)
            session.flush()
            return staff.id, how
    with db.read() as session:
        staff_ids = list(
            session.scalars(
                select(StaffUser.id)
                .where(StaffUser.deleted.is_(False))
                .order_by(StaffUser.role != StaffRole.ADMIN, StaffUser.created_at)
            )
        )
        demo = session.scalar(select(StaffUser.id).where(StaffUser.username == DEMO_USERNAME))
    if demo is not None:
        return demo, f"{how[:-1]} (unless it was changed since)."
    return staff_ids[0], "Sign in with your own staff account."


def _some_members(db: Database, rng: random.Random, count: int) -> list[str]:
    with db.read() as session:
        ids = list(session.scalars(select(Member.id).where(Member.deleted.is_(False))))
    return rng.sample(ids, k=min(count, len(ids)))


def _describe_hub(db: Database) -> None:
    _, welsh_name, postcode = fake.DEMO_HUB
    with db.write() as session:
        hub = session.get(Hub, db.hub_id)
        if hub is not None:
            hub.welsh_name = welsh_name
            hub.postcode = postcode
            hub.address = "Kings Road, Llandovery"


def _venues(session: Session, hub_id: str | None) -> list[str]:
    have = {v.name: v.id for v in session.scalars(select(Venue))}
    for name, address, postcode, lat, lon, step_free, bus in fake.DEMO_VENUES:
        if name not in have:
            venue = Venue(
                hub_id=hub_id,
                name=name,
                address=address,
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                step_free=step_free,
                on_bus_route=bus,
            )
            session.add(venue)
            session.flush()
            have[name] = venue.id
    return [have[v[0]] for v in fake.DEMO_VENUES]


def _organisations(session: Session) -> dict[str, str]:
    have = {o.name: o.id for o in session.scalars(select(Organisation))}
    for name, kind, description, postcode in fake.DEMO_ORGANISATIONS:
        if name not in have:
            org = Organisation(name=name, kind=kind, description=description, postcode=postcode)
            session.add(org)
            session.flush()
            have[name] = org.id
    return have


def _groups(
    session: Session, hub_id: str | None, rng: random.Random, member_ids: list[str]
) -> list[tuple[str, fake.DemoGroup]]:
    """The demo groups not already there, each with officers and members."""
    have = set(session.scalars(select(Group.name).where(Group.deleted.is_(False))))
    created = []
    for spec in fake.DEMO_GROUPS:
        if spec.name in have or not member_ids:
            continue
        group = Group(
            hub_id=hub_id,
            name=spec.name,
            welsh_name=spec.welsh_name,
            kind=spec.kind,
            category=spec.category,
            purpose=spec.purpose,
            area_served=spec.area,
            is_public=spec.kind != "committee",
        )
        session.add(group)
        session.flush()
        people = rng.sample(member_ids, k=min(spec.size, len(member_ids)))
        for index, member_id in enumerate(people):
            role = OFFICERS[index] if index < len(OFFICERS) else "member"
            session.add(
                GroupMembership(
                    id=stable_id("group_membership", group.id, member_id),
                    group_id=group.id,
                    member_id=member_id,
                    role=role,
                    joined_on=date.today() - timedelta(days=rng.randint(30, 1500)),
                )
            )
        chair = session.get(GroupMembership, stable_id("group_membership", group.id, people[0]))
        if chair is not None:
            group.contact_name = chair.member.full_name
            group.contact_email = chair.member.email
        created.append((group.id, spec))
    return created


def _meetings(
    session: Session, group_id: str, rng: random.Random, venues: list[str], staff_id: str
) -> int:
    """Three past meetings (minutes approved but the last) and two to come, for groups
    that meet formally; attendance and activity for the past ones."""
    group = session.get(Group, group_id)
    if group is None:
        return 0
    links = list(
        session.scalars(select(GroupMembership).where(GroupMembership.group_id == group_id))
    )
    chair = next((m.member_id for m in links if m.role == "chair"), None)
    zone = _local_zone()
    today = date.today()
    count = 0
    for months in (-3, -2, -1, 1, 2):
        day = today + timedelta(days=30 * months + rng.randint(-4, 4))
        starts = datetime.combine(day, time(19, 0), tzinfo=zone or UTC).astimezone(UTC)
        past = months < 0
        meeting = Meeting(
            group_id=group_id,
            meeting_type="ordinary",
            title=f"{group.name}: {'meeting' if group.kind == 'group' else 'ordinary meeting'}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue_id=rng.choice(venues),
            chair_member_id=chair,
            clerk_name="Rhian Jones" if group.kind != "group" else None,
            status="held" if past else "scheduled",
            notice_issued_on=day - timedelta(days=7),
            public_count=rng.randint(0, 6) if past else 0,
            minutes_status=("approved" if months < -1 else "draft") if past else "none",
            minutes_text="Minutes as circulated." if past else None,
        )
        session.add(meeting)
        session.flush()
        _agenda(session, meeting, rng, links, past)
        if past:
            _attendance(session, meeting, rng, links, staff_id)
        count += 1
    return count


def _agenda(
    session: Session,
    meeting: Meeting,
    rng: random.Random,
    links: list[GroupMembership],
    past: bool,
) -> None:
    topics = rng.sample(fake.AGENDA_TOPICS, k=3)
    items = [*fake.AGENDA_STANDARD, *((t, None) for t in topics), ("Date of next meeting", None)]
    for position, (title, standard) in enumerate(items, start=1):
        item = AgendaItem(
            meeting_id=meeting.id, position=position, title=title, standard_kind=standard
        )
        session.add(item)
        if past and standard is None and position == len(fake.AGENDA_STANDARD) + 1:
            session.flush()
            voters = [link.member_id for link in links]
            for_ = rng.randint(len(voters) // 2 + 1, len(voters)) if voters else 0
            session.add(
                Motion(
                    agenda_item_id=item.id,
                    text=f"That the meeting approves: {title.lower()}.",
                    proposer_member_id=voters[0] if voters else None,
                    seconder_member_id=voters[1] if len(voters) > 1 else None,
                    votes_for=for_,
                    votes_against=len(voters) - for_,
                    outcome="carried",
                )
            )
            session.add(
                ActionItem(
                    meeting_id=meeting.id,
                    agenda_item_id=item.id,
                    description=rng.choice(fake.ACTIONS),
                    owner_member_id=voters[1] if len(voters) > 1 else None,
                    due_on=meeting.starts_at.date() + timedelta(days=28),
                    status=rng.choice(("open", "done")),
                )
            )


def _attendance(
    session: Session,
    meeting: Meeting,
    rng: random.Random,
    links: list[GroupMembership],
    staff_id: str,
) -> None:
    held_on = meeting.starts_at.date()
    for link in links:
        roll = rng.random()
        status = "present" if roll < 0.75 else "apologies" if roll < 0.9 else "absent"
        session.add(
            Attendance(
                meeting_id=meeting.id,
                member_id=link.member_id,
                role="officer" if link.role != "member" else "member",
                status=status,
                apologies_reason=rng.choice(fake.APOLOGY_REASONS)
                if status == "apologies"
                else None,
                apologies_accepted=True if status == "apologies" else None,
            )
        )
        if status == "present":
            session.add(
                Activity(
                    member_id=link.member_id,
                    kind="meeting_attended",
                    occurred_on=held_on,
                    group_id=meeting.group_id,
                    meeting_id=meeting.id,
                    staff_user_id=staff_id,
                )
            )


def _opportunities(
    session: Session, hub_id: str | None, rng: random.Random, venues: list[str]
) -> int:
    have = set(session.scalars(select(Opportunity.title)))
    groups = {g.name: g.id for g in session.scalars(select(Group))}
    added = 0
    for title, group, description, recurrence, tags, welsh in fake.DEMO_OPPORTUNITIES:
        if title in have:
            continue
        opportunity = Opportunity(
            hub_id=hub_id,
            group_id=groups.get(group) if group else None,
            title=title,
            description=description,
            recurrence=recurrence,
            location_kind="venue",
            venue_id=rng.choice(venues),
            postcode="SA20 0AP",
            step_free=rng.random() < 0.6,
            welsh_needed=welsh,
            time_commitment="A few hours a month",
        )
        session.add(opportunity)
        session.flush()
        for slug in tags:
            ident = tag_id(TagKind.SKILL if slug in _SKILL_SLUGS else TagKind.INTEREST, slug)
            session.add(
                OpportunityTag(
                    id=stable_id("opportunity_tag", opportunity.id, ident),
                    opportunity_id=opportunity.id,
                    tag_id=ident,
                )
            )
        added += 1
    return added


def _volunteering(
    session: Session, rng: random.Random, member_ids: list[str], staff_id: str
) -> None:
    """Hours volunteered by some of the new members, over the last six months."""
    groups = list(session.scalars(select(Group.id).where(Group.kind == "group")))
    opportunities = list(session.scalars(select(Opportunity.id)))
    for member_id in rng.sample(member_ids, k=min(len(member_ids) // 8, 400)):
        session.add(
            Activity(
                member_id=member_id,
                kind="volunteered",
                occurred_on=date.today() - timedelta(days=rng.randint(1, 180)),
                hours=rng.choice((1.0, 1.5, 2.0, 3.0, 4.0, 6.0)),
                group_id=rng.choice(groups) if groups else None,
                description="Volunteering",
                staff_user_id=staff_id,
            )
        )
    if opportunities:
        for member_id in rng.sample(member_ids, k=min(len(member_ids) // 100, 25)):
            session.add(
                ExpressionOfInterest(
                    opportunity_id=rng.choice(opportunities),
                    member_id=member_id,
                    message="I could help on Saturdays.",
                    channel="desk",
                )
            )


def _feedback(
    session: Session, hub_id: str | None, rng: random.Random, organisations: dict[str, str]
) -> int:
    groups = {g.name: g.id for g in session.scalars(select(Group))}
    for subject, rating, reason, comment in fake.DEMO_FEEDBACK:
        if subject == "hub":
            kind, subject_id = "hub", hub_id
        elif subject in organisations:
            kind, subject_id = "organisation", organisations[subject]
        else:
            kind, subject_id = "group", groups.get(subject)
        session.add(
            Feedback(
                hub_id=hub_id,
                subject_kind=kind,
                subject_id=subject_id,
                rating=rating,
                reason=reason,
                comment=comment,
                channel=rng.choice(("kiosk", "desk", "kiosk")),
                moderation_status=rng.choice(("approved", "approved", "pending")),
            )
        )
    return len(fake.DEMO_FEEDBACK)
