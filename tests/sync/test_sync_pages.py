"""Version 2 pull pages (server/exchange.py): rows column by column, ids of link rows left out
and made again at the hub, a device's own writes not sent back to it, smaller pages on
request; and a restored backup still gets back the writes it lost."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from hubapp.models import Change, ConsentRecord, LocalSetting, Member, MemberTag
from hubapp.models import hlc as hlc_module
from hubapp.models.database import Database
from hubapp.server import admin, exchange
from hubapp.server.schema import changes as server_changes
from hubapp.services.member_profile import get_member_profile
from hubapp.services.members import (
    MemberDetails,
    details_of,
    sign_up_member,
    update_member,
    withdraw_consent,
)
from hubapp.sync import commands
from hubapp.sync.apply import apply_response
from hubapp.sync.engine import own_stamp
from hubapp.sync.protocol import SyncRequest, SyncResponse
from hubapp.sync.transport import Retry, Transport
from tests.sync.conftest import RunningServer
from tests.sync.hubs import (
    edit,
    member,
    pending_count,
    replica,
    server_state,
    set_up,
    sign_up,
    sync,
)
from tests.sync.proxy import FaultyProxy

MakeDb = Callable[[str], Database]


def device_of(server: RunningServer, db: Database) -> admin.Device:
    return admin.authenticate(server.engine, commands.transport_for(db).token or "")


def ask(server: RunningServer, db: Database, **request: Any) -> dict[str, Any]:
    """One /sync answer straight from the exchange, decoded."""
    body = SyncRequest(**request)
    out = exchange.answer(server.engine, device_of(server, db), body, "gzip")
    raw = gzip.decompress(out.body) if out.headers.get("Content-Encoding") else out.body
    data: dict[str, Any] = json.loads(raw)
    return data


def hub_with_members(server: RunningServer, make_db: MakeDb) -> tuple[Database, str, str]:
    a = make_db("desk-a")
    staff_id = set_up(a)
    hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    for name in ("Alys", "Bethan", "Cai", "Dafydd"):
        sign_up(a, staff_id, name)
    sync(a)
    return a, staff_id, hub_id


def test_a_page_comes_column_by_column_and_link_ids_are_made_again(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, _staff, hub_id = hub_with_members(server, make_db)
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(hub_id))
    answer = ask(server, b, cursor=0)
    tables = {block["table"] for block in answer["blocks"]}
    assert {"members", "tags", "hubs", "staff_users"} <= tables
    for block in answer["blocks"]:
        size = len(block["clocks"])
        assert all(len(column) == size for column in block["values"])
        if block["table"] == "tags":  # vocabulary: ids made from kind and slug
            assert block.get("derived") and "ids" not in block
    assert answer["counts"]["members"] == 4  # the last page of a sync that moved
    applied = apply_response(b, SyncResponse.model_validate(answer))
    assert applied.counts_differ == {}
    assert replica(b) == replica(a)
    # Each new row is journalled (origin remote) about its member, for the member's history,
    # without a second copy of the person's details (values.HISTORY_VALUES).
    with b.read() as session:
        journal = session.execute(
            select(Change.table_name, Change.row_id, Change.subject_id, Change.fields).where(
                Change.origin == "remote"
            )
        ).all()
        tag_members = dict(session.execute(select(MemberTag.id, MemberTag.member_id)).all())
        consents = session.scalars(select(ConsentRecord)).all()
    # ...except the skills and interests that come with a member's sign-up on the same page
    # (values.TOLD_WITH_SIGN_UP): the history tells them as "Signed up".
    told = sum(len(b["clocks"]) for b in answer["blocks"] if b["table"] == "member_tags")
    assert not any(table == "member_tags" for table, *_ in journal)
    assert len(journal) == sum(len(block["clocks"]) for block in answer["blocks"]) - told
    for table, row_id, subject, fields in journal:
        if table == "members":
            assert subject == row_id and set(fields) <= {"deleted"}  # no names, no contacts
        elif table == "member_tags":
            assert subject == tag_members[row_id] and fields == {}
    consent_fields = [f for t, _r, _s, f in journal if t == "consent_records"]
    assert len(consent_fields) == len(consents)


def test_a_pulled_members_history_is_told_from_a_journal_without_their_details(
    server: RunningServer, make_db: MakeDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, staff_id, hub_id = hub_with_members(server, make_db)
    details = MemberDetails(
        first_name="Gwenllian",
        last_name="Prys",
        email="gwen.prys@example.org",
        consents={"contact_email": True, "newsletter": False},
        skills=["Gardening"],
    )
    member_id = sign_up_member(a, details, staff_user_id=staff_id, confirmed_different=True).id
    withdraw_consent(a, member_id, "contact_email", staff_user_id=staff_id)
    edit(a, Member, member_id, phone="01550 720999", notes="Rang about the choir")
    sync(a)
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(hub_id))
    sync(b)
    here = [(e.what, e.fields) for e in get_member_profile(a, member_id).history]
    there = get_member_profile(b, member_id).history
    # B was sent the member as they are now (one insert), so it has no "Changed details";
    # the consent story is the same.
    assert [(e.what, e.fields, e.also) for e in there] == [
        ("Consent withdrawn", ("contact_email",), ()),
        ("Signed up", (), ("consent",)),
    ]
    assert here[1:] == [(e.what, e.fields) for e in there] and all(e.remote for e in there)
    with b.read() as session:
        kept = session.scalars(select(Change.fields).where(Change.subject_id == member_id)).all()
    text = json.dumps(kept)
    assert "gwen.prys" not in text and "Gwenllian" not in text and "720999" not in text
    # Her skill came with her sign-up (no entry of its own); one added later has its own.
    with b.read() as session:
        tag_entries = session.scalars(
            select(Change.row_id).where(
                Change.subject_id == member_id, Change.table_name == "member_tags"
            )
        ).all()
    assert tag_entries == []
    with a.read() as session:
        found = session.get(Member, member_id)
        assert found is not None
        later = replace(details_of(session, found), skills=["Gardening", "Cooking"])
    # A minute later on A's clock: a skill added then is not part of her sign-up (a skill
    # written within a moment of it is, whichever page it comes on: values.same_moment).
    now_ns = time.time_ns()
    monkeypatch.setattr(hlc_module, "time", SimpleNamespace(time_ns=lambda: now_ns + 60 * 10**9))
    update_member(a, member_id, later, staff_user_id=staff_id)
    sync(a)
    sync(b)
    with b.read() as session:
        tag_entries = session.scalars(
            select(Change.fields).where(
                Change.subject_id == member_id, Change.table_name == "member_tags"
            )
        ).all()
    assert tag_entries == [{}]  # "Cooking", added after her sign-up had been pulled


def test_a_device_is_not_sent_its_own_writes_back(server: RunningServer, make_db: MakeDb) -> None:
    a, _staff, hub_id = hub_with_members(server, make_db)
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(hub_id))
    everything = ask(server, a, cursor=0)
    assert sum(len(b["clocks"]) for b in everything["blocks"]) == len(server_state(server.engine))
    own = own_stamp(a)
    assert own is not None and own.endswith(a.node_id)
    assert "blocks" not in ask(server, a, cursor=0, own=own)  # A wrote all of it
    # Another device's edit to a row A inserted: A gets that field alone.
    sync(b)
    member_id = next(k[1] for k in replica(b) if k[0] == "members")
    edit(b, Member, member_id, notes="Prefers Welsh")
    sync(b)
    again = ask(server, a, cursor=0, own=own)
    (block,) = again["blocks"]
    assert block["table"] == "members" and block["fields"] == ["notes"]
    assert block["ids"] == [member_id] and block["values"] == [["Prefers Welsh"]]
    assert set(block["clocks"][0]) == {"notes"}
    # B, another installation, is sent A's writes.
    assert ask(server, b, cursor=0, own=own_stamp(b))["counts"]["members"] == 4


def test_a_small_page_is_sent_when_asked_for(server: RunningServer, make_db: MakeDb) -> None:
    a, _staff, _hub = hub_with_members(server, make_db)
    first = ask(server, a, cursor=0, page=3)
    assert first["more"] and sum(len(b["clocks"]) for b in first["blocks"]) == 3
    assert "counts" not in first  # only the last page carries them
    rest = ask(server, a, cursor=first["cursor"])
    assert not rest.get("more") and rest["counts"]


def test_skills_on_a_later_page_than_their_members_sign_up_are_told_with_it(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, staff_id, hub_id = hub_with_members(server, make_db)
    details = MemberDetails(
        first_name="Nia", last_name="Rees", postcode="SA20 0AA", skills=["Gardening", "Cooking"]
    )
    member_id = sign_up_member(a, details, staff_user_id=staff_id, confirmed_different=True).id
    sync(a)
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(hub_id))
    cursor, pages, more = 0, 0, True
    while more and pages < 100:  # pages of one row: her skills come after her
        answer = ask(server, b, cursor=cursor, page=1)
        apply_response(b, SyncResponse.model_validate(answer))
        cursor, more, pages = answer["cursor"], bool(answer.get("more")), pages + 1
    assert not more
    with b.read() as session:
        tags = session.scalars(select(MemberTag.id).where(MemberTag.member_id == member_id))
        assert len(tags.all()) == 2
        journal = session.scalars(
            select(Change.table_name).where(Change.subject_id == member_id)
        ).all()
    assert journal == ["members"]
    assert [e.what for e in get_member_profile(b, member_id).history] == ["Signed up"]


def test_a_restored_backup_gets_back_its_own_later_writes(
    server: RunningServer, make_db: MakeDb, tmp_path: Any
) -> None:
    a, staff_id, _hub = hub_with_members(server, make_db)
    backup_dir = tmp_path / "backup"
    backup_dir.mkdir()
    src = sqlite3.connect(a.data_dir / "hubapp.sqlite3")
    dst = sqlite3.connect(backup_dir / "hubapp.sqlite3")
    src.backup(dst)
    src.close()
    dst.close()
    shutil.copy(a.data_dir / "sync-token", backup_dir / "sync-token")
    # Written and synced after the backup was taken...
    member_id = next(k[1] for k in replica(a) if k[0] == "members")
    edit(a, Member, member_id, notes="after the backup")
    new_id = sign_up(a, staff_id, "Elin")
    sync(a)
    # ...then the computer is restored from the backup: the same installation, older data.
    restored = Database(backup_dir)
    try:
        summary = sync(restored)
        assert summary.counts_differ == {}
        found = member(restored, member_id)
        assert found is not None and found.notes == "after the backup"
        assert member(restored, new_id) is not None
        assert replica(restored) == replica(a)
    finally:
        restored.close()


def test_pushes_shrink_on_a_link_that_keeps_dropping(
    server: RunningServer, make_db: MakeDb, proxy: FaultyProxy
) -> None:
    a = make_db("desk-a")
    staff_id = set_up(a)
    _hub, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    for n in range(40):
        sign_up(a, staff_id, f"Alys {chr(97 + n % 26)}{chr(97 + n // 26)}")
    token = commands.transport_for(a).token
    waiting = pending_count(a)
    # Every connection drops once 3,000 bytes have gone up it: the whole outbox in one
    # request never gets through, so the engine must send smaller ones rather than give up.
    for _ in range(60):
        proxy.cut_next("up", 3000)
    transport = Transport(proxy.url, token, timeout=(5, 30), retry=Retry(5, 0, 0, lambda s: None))
    summary = commands.sync_once(a, transport)
    assert summary.ok, summary.error
    assert proxy.cuts >= 1
    assert summary.requests >= proxy.cuts + 3  # the cut tries, then several smaller pushes
    assert summary.pushed == waiting and pending_count(a) == 0
    assert summary.counts_differ == {}
    with server.engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(server_changes))
    assert stored == waiting  # each change stored once, whatever was resent
    assert set(server_state(server.engine)) == set(replica(a))


def member_rows(db: Database) -> dict[tuple[str, str], Any]:
    return {k: v for k, v in replica(db).items() if k[0] in {"members", "member_tags"}}


def test_a_row_edited_after_it_was_inserted_arrives_whole_over_many_pages(
    server: RunningServer, make_db: MakeDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit moves a row to the end of the server's sequence, past the pages before it: a
    new desk pulling in small pages must still get the whole row (the phone given at sign-up
    and the edit), also when its first pull is cut off after a page and finished later."""
    a, staff_id, hub_id = hub_with_members(server, make_db)
    details = MemberDetails(first_name="Nia", last_name="Rees", phone="01550 720123",
                            skills=["Gardening"])  # fmt: skip
    nia = sign_up_member(a, details, staff_user_id=staff_id, confirmed_different=True).id
    for name in ("Eirlys", "Ffion", "Gareth", "Heledd", "Ifan", "Llinos", "Meinir", "Osian"):
        sign_up(a, staff_id, name)  # more than a page between her sign-up and her edit
    sync(a)
    edit(a, Member, nia, notes="Prefers mornings")  # Nia moves past everyone else
    sync(a)
    monkeypatch.setattr(exchange, "PAGE_SIZE", 5)
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(hub_id))
    summary = sync(b)
    assert summary.requests > 3 and not summary.counts_differ  # many pages, nothing missing
    assert member_rows(b) == member_rows(a)
    found = member(b, nia)
    assert found is not None and (found.phone, found.notes) == ("+441550720123", "Prefers mornings")
    # A desk missing rows pulls everything again from cursor 0: its old base goes with it.
    with b.write(capture=False) as session:
        for model in (MemberTag, ConsentRecord):
            session.execute(delete(model).where(model.member_id == nia))
        session.execute(delete(Member).where(Member.id == nia))
        session.execute(
            update(LocalSetting).where(LocalSetting.key == "sync.cursor").values(value="0")
        )
    assert sync(b).ok and member_rows(b) == member_rows(a)
    # A desk whose first pull stopped after one page finishes it in its next sync.
    c = make_db("desk-c")
    commands.enrol(c, server.url, server.code_for(hub_id))
    first = ask(server, c, cursor=0)
    assert first["more"]
    apply_response(c, SyncResponse.model_validate(first))  # then the link went
    with c.write(capture=False) as session:  # as a hub from before sync.base would be
        session.execute(delete(LocalSetting).where(LocalSetting.key == "sync.base"))
    assert sync(c).ok
    assert member_rows(c) == member_rows(a)
