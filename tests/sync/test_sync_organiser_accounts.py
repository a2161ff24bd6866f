"""A group organiser's account syncs like any staff account: a second device of the hub gets it,
linked to its member, and it signs in and acts for the same group there; another hub never
receives it (staff accounts are the hub's own)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from hubapp.models import StaffUser
from hubapp.models.database import Database
from hubapp.models.vocab import GroupRole, StaffRole
from hubapp.services import groups as group_service
from hubapp.services import staff as staff_service
from hubapp.services.opportunities import OpportunityDetails, list_opportunities, post_opportunity
from hubapp.sync import commands
from tests.sync.conftest import RunningServer
from tests.sync.hubs import SECRET, replica, set_up, sign_up, sync

MakeDb = Callable[[str], Database]


def test_an_organiser_account_reaches_the_hubs_other_device_and_no_other_hub(
    sqlite_server: RunningServer, make_db: MakeDb
) -> None:
    a, b, elsewhere = make_db("desk-a"), make_db("desk-b"), make_db("other-hub")
    admin_id = set_up(a)
    admin = staff_service.sign_in(a, "rhian", SECRET)
    sian = sign_up(a, admin_id, "Siân", "Llewellyn")
    growers = group_service.register_group(
        a, group_service.GroupDetails(name="Llandovery Growers"), staff_user_id=admin_id
    ).id
    group_service.enlist_member(a, growers, sian, GroupRole.CHAIR, staff_user_id=admin_id)
    post_opportunity(a, OpportunityDetails(title="Garden helpers", group_id=growers),
                     staff_user_id=admin_id)  # fmt: skip
    post_opportunity(a, OpportunityDetails(title="Tea rota"), staff_user_id=admin_id)
    account = staff_service.add_staff(a, admin, "sian", "Siân Llewellyn", StaffRole.ORGANISER,
                                      "garden-4821", member_id=sian)  # fmt: skip

    hub_id, code = sqlite_server.add_hub("Llandovery Library")
    commands.enrol(a, sqlite_server.url, code)
    sync(a)
    commands.enrol(b, sqlite_server.url, sqlite_server.code_for(hub_id))
    sync(b)
    assert replica(a) == replica(b)
    with b.read() as session:
        row = session.get(StaffUser, account.id)
        assert row is not None and (row.role, row.member_id) == ("organiser", sian)
    organiser = staff_service.sign_in(b, "sian", "garden-4821")
    assert organiser.member_id == sian
    mine = list_opportunities(b, staff_user_id=organiser.id)
    assert [r.title for r in mine] == ["Garden helpers"]

    set_up(elsewhere, "Talley Village Hall")
    _other_id, other_code = sqlite_server.add_hub("Talley Village Hall")
    commands.enrol(elsewhere, sqlite_server.url, other_code)
    sync(elsewhere)
    with elsewhere.read() as session:
        assert session.scalar(select(StaffUser.id).where(StaffUser.id == account.id)) is None
    assert {r.title for r in list_opportunities(elsewhere)} == {"Garden helpers", "Tea rota"}
