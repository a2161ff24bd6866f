"""Who hears about a meeting's public summary: members who gave feedback linked to the meeting
(contact details only with consent, each person once), and a count of anonymous feedback."""

from __future__ import annotations

from datetime import datetime
from itertools import count

import pytest

from hubapp.models import Feedback, Member
from hubapp.models.database import Database
from hubapp.models.vocab import ConsentPurpose
from hubapp.services import feedback
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.meetings.summary_recipients import summary_recipients
from hubapp.services.members import MemberDetails, sign_up_member, withdraw_consent
from tests.meetings.council import Council

_devices = count()
EMAIL, PHONE = ConsentPurpose.CONTACT_EMAIL, ConsentPurpose.CONTACT_PHONE


def give_feedback(
    council: Council, meeting_id: str | None, member_id: str | None = None, comment: str = ""
) -> str:
    """Feedback about the council linked to the meeting; given at the desk for a member (who
    asked to hear back) when `member_id` is set, anonymous otherwise."""
    feedback_id = feedback.submit_feedback(
        council.db, "group", council.group_id, 4, comment=comment, channel="desk",
        device_key=f"desk-{next(_devices)}", meeting_id=meeting_id, member_id=member_id,
        staff_user_id=council.staff,
    )  # fmt: skip
    assert feedback_id is not None
    return feedback_id


def resident(db: Database, staff: str, first: str, consents: dict[str, bool]) -> str:
    """A member with an email address and a phone number (+44 1970 6234NN, NN from the
    name's first letter)."""
    details = MemberDetails(
        first_name=first,
        last_name="Rowlands",
        email=f"{first.lower()}@example.org",
        phone=f"01970 6234{ord(first[0]) - 60:02}",
        consents=consents,
    )
    return sign_up_member(db, details, staff_user_id=staff).id


@pytest.fixture
def meeting(council: Council) -> str:
    return council.meeting(datetime(2027, 4, 6, 19, 0))


def test_nobody_gave_feedback(council: Council, meeting: str) -> None:
    other = council.meeting(datetime(2027, 5, 4, 19, 0))
    give_feedback(council, other, council.members[0])
    give_feedback(council, None)
    found = summary_recipients(council.db, meeting)
    assert found.people == () and found.anonymous_count == 0
    assert found.emails == [] and found.contactable_count == 0


def test_members_and_anonymous_feedback_are_told_apart(council: Council, meeting: str) -> None:
    db, staff = council.db, council.staff
    both = resident(db, staff, "Nia", {EMAIL: True, PHONE: True})
    give_feedback(council, meeting, both)
    give_feedback(council, meeting)
    give_feedback(council, meeting, comment="Please fix the bench")
    found = summary_recipients(db, meeting)
    assert found.anonymous_count == 2
    [nia] = found.people
    assert (nia.member_id, nia.display_name) == (both, "Nia Rowlands")
    assert (nia.email, nia.phone) == ("nia@example.org", "+441970623418")
    assert nia.may_contact and found.emails == ["nia@example.org"]


def test_contact_details_only_where_agreed(council: Council, meeting: str) -> None:
    db, staff = council.db, council.staff
    phone_only = resident(db, staff, "Dewi", {EMAIL: False, PHONE: True})
    never_asked = resident(db, staff, "Carys", {})
    changed_mind = resident(db, staff, "Bryn", {EMAIL: True})
    withdraw_consent(db, changed_mind, EMAIL, staff_user_id=staff)
    for member_id in (phone_only, never_asked, changed_mind):
        give_feedback(council, meeting, member_id)
    found = summary_recipients(db, meeting)
    by_name = {p.display_name.split()[0]: p for p in found.people}
    assert [p.display_name for p in found.people] == [
        "Bryn Rowlands", "Carys Rowlands", "Dewi Rowlands",
    ]  # fmt: skip
    assert (by_name["Dewi"].email, by_name["Dewi"].phone) == (None, "+441970623408")
    for name in ("Carys", "Bryn"):
        person = by_name[name]
        assert (person.email, person.phone, person.may_contact) == (None, None, False)
    assert found.emails == [] and found.contactable_count == 1


def test_each_person_once_however_often_they_gave_feedback(council: Council, meeting: str) -> None:
    db, staff = council.db, council.staff
    keen = resident(db, staff, "Elin", {EMAIL: True})
    for _ in range(3):
        give_feedback(council, meeting, keen)
    found = summary_recipients(db, meeting)
    assert [p.member_id for p in found.people] == [keen]
    assert found.emails == ["elin@example.org"] and found.anonymous_count == 0


def test_hidden_and_deleted_feedback_is_left_out(council: Council, meeting: str) -> None:
    db, staff = council.db, council.staff
    rude = resident(db, staff, "Huw", {EMAIL: True})
    hidden = give_feedback(council, meeting, rude, comment="Something rude")
    feedback.hide(db, hidden, staff_user_id=staff)
    gone = give_feedback(council, meeting)
    with db.write(staff) as session:
        row = session.get(Feedback, gone)
        assert row is not None
        row.deleted = True
    hidden_anonymous = give_feedback(council, meeting, comment="Also rude")
    feedback.hide(db, hidden_anonymous, staff_user_id=staff)
    kept = give_feedback(council, meeting, rude, comment="A fair point")
    feedback.approve(db, kept, staff_user_id=staff)
    found = summary_recipients(db, meeting)
    assert [p.member_id for p in found.people] == [rude] and found.anonymous_count == 0
    feedback.hide(db, kept, staff_user_id=staff)
    assert summary_recipients(db, meeting).people == ()


def test_a_deleted_members_feedback_counts_as_anonymous(council: Council, meeting: str) -> None:
    db, staff = council.db, council.staff
    left = resident(db, staff, "Iolo", {EMAIL: True})
    give_feedback(council, meeting, left)
    with db.write(staff) as session:
        member = session.get(Member, left)
        assert member is not None
        member.deleted = True
    found = summary_recipients(db, meeting)
    assert found.people == () and found.anonymous_count == 1


def test_an_unknown_meeting_is_refused(council: Council) -> None:
    with pytest.raises(NotFound):
        summary_recipients(council.db, "no-such-meeting")


def test_only_staff_name_a_member_and_never_at_the_kiosk(council: Council) -> None:
    member_id = council.members[0]
    for channel, staff in (("desk", None), ("kiosk", council.staff)):
        with pytest.raises(ValidationFailed, match="anonymous at the kiosk"):
            feedback.submit_feedback(
                council.db, "group", council.group_id, 3, channel=channel,
                device_key=f"t-{next(_devices)}", member_id=member_id, staff_user_id=staff,
            )  # fmt: skip
