"""Moving a hub to a new PC: the database restored from a backup enrols again as a new device
of the same hub and carries on syncing; a code for another hub is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.services.backup import back_up, restore
from hubapp.sync import commands
from tests.sync.conftest import RunningServer
from tests.sync.hubs import edit, member, pending_count, set_up, sign_up, sync

MakeDb = Callable[[str], Database]


def test_a_restored_hub_enrols_again_and_carries_on(
    server: RunningServer, make_db: MakeDb, tmp_path: Path
) -> None:
    old_pc = make_db("old-pc")
    staff_id = set_up(old_pc)
    member_id = sign_up(old_pc, staff_id, "Siân", "Llewellyn")
    hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(old_pc, server.url, code)
    sync(old_pc)
    other_desk = make_db("other-desk")
    commands.enrol(other_desk, server.url, server.code_for(hub_id))
    sync(other_desk)
    backup = tmp_path / "llandovery.hubapp-backup"
    back_up(old_pc.data_dir, backup)
    old_pc.close()

    new_folder = tmp_path / "new-pc"
    new_folder.mkdir()
    restore(new_folder, backup)
    new_pc = make_db("new-pc")
    with pytest.raises(commands.EnrolmentError):
        commands.transport_for(new_pc)  # the token stayed with the old PC
    _other, other_code = server.add_hub("Talley Village Hall")
    with pytest.raises(commands.EnrolmentError, match="another hub"):
        commands.enrol(new_pc, server.url, other_code)
    assert new_pc.hub_id == hub_id

    assert commands.enrol(new_pc, server.url, server.code_for(hub_id)) == hub_id
    edit(new_pc, Member, member_id, notes="Moved desks")
    summary = sync(new_pc)
    assert summary.pulled == 0  # it had everything already: no second first sync
    assert pending_count(new_pc) == 0
    sync(other_desk)
    found = member(other_desk, member_id)
    assert found is not None and found.notes == "Moved desks"
