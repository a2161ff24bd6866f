"""Postcode districts as reference data: the shipped sample at first use, the server's import
from an ONS Postcode Directory CSV, and delivery to a hub by sync through a real server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, select

from hubapp.models import PostcodeDistrict
from hubapp.models.database import Database
from hubapp.server import cli as server_cli
from hubapp.server.reference import ImportProblem, import_postcodes, postcode_districts_answer
from hubapp.server.store import alembic_config, open_store
from hubapp.services import fake_people, postcodes
from hubapp.services.staff import set_up_hub
from hubapp.sync import commands
from hubapp.sync.reference import CHECK_EVERY_MS, CHECKED_SETTING, fetch_reference_data, now_ms
from hubapp.sync.transport import SyncError, Transport
from tests.sync.conftest import RunningServer, serve

# The ONSPD layout, cut down: the real file has about fifty columns in this order.
HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,lat,long,imd"
ROWS = [
    "SA200AB,SA20 0AB,SA20 0AB,198001,,W99999999,,W06000010,,51.99,-3.80,1",
    "SA200AP,SA20 0AP,SA20 0AP,198001,,W99999999,,W06000010,,52.01,-3.78,1",
    "SA200ZZ,SA20 0ZZ,SA20 0ZZ,198001,200312,W99999999,,W06000010,,50.00,-1.00,1",  # ended
    "LD3 7AB,LD3  7AB,LD3 7AB,198001,,W99999999,,W06000023,,51.95,-3.39,1",
    "LD3 9ZZ,LD3  9ZZ,LD3 9ZZ,198001,,W99999999,,W06000023,,99.999999,0.000000,1",  # no place
    "BT1 1AA,BT1  1AA,BT1 1AA,198001,,N99999999,,N09000003,,54.60,-5.93,1",
]


def onspd(tmp_path: Path, rows: list[str] = ROWS) -> Path:
    path = tmp_path / "ONSPD_NOV_2026_UK.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    return open_store(f"sqlite:///{tmp_path / 'server.sqlite3'}")


@pytest.fixture
def running(store: Engine) -> Iterator[RunningServer]:
    yield from serve(store)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hubapp.sync.credentials._keyring_usable", lambda: False)


def test_a_hub_starts_with_the_shipped_sample(db: Database) -> None:
    table = postcodes.centroids(db)
    assert {"SA20", "SA19", "LD3", "HR3", "SY23", "TR19", "DL8"} <= set(table)
    assert postcodes.held_version(db) == postcodes.SAMPLE_VERSION
    with db.read() as session:
        assert session.get(PostcodeDistrict, "SA20") is not None
    assert postcodes.ensure_postcode_districts(db) == 0  # only ever once


def test_the_sample_covers_every_district_the_demo_uses() -> None:
    sample = {district for district, _, _ in postcodes.read_sample()}
    demo = {d.code for d in fake_people.DISTRICTS}
    demo |= {postcodes.district_of(pc or "") for *_, pc in fake_people.DEMO_ORGANISATIONS}
    assert demo - {None} <= sample


def test_the_import_averages_live_postcodes_per_district(store: Engine, tmp_path: Path) -> None:
    report = import_postcodes(store, onspd(tmp_path))
    assert (report.postcodes, report.terminated, report.without_location) == (6, 1, 1)
    assert (report.districts, report.version) == (3, 1)
    answer = postcode_districts_answer(store, have_version=0)
    assert answer.version == 1 and answer.districts is not None
    table = {d: (lat, lon) for d, lat, lon in answer.districts}
    assert table["SA20"] == (52.0, -3.79)  # the mean of its two live postcodes
    assert table["LD3"] == (51.95, -3.39)
    assert postcode_districts_answer(store, have_version=1).districts is None  # current
    assert import_postcodes(store, onspd(tmp_path)).version == 2


def test_a_file_that_is_not_onspd_is_refused_and_changes_nothing(
    store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "members.csv"
    wrong.write_text("first_name,last_name\nSiân,Llewellyn\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="no pcds, lat, long column"):
        import_postcodes(store, wrong)
    url = str(store.url)
    assert server_cli.main(["import-postcodes", str(wrong), "--database-url", url]) == 1
    assert "not an ONS Postcode Directory" in capsys.readouterr().err


def test_the_admin_command_imports_and_speaks_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    argv = ["import-postcodes", str(onspd(tmp_path)), "--database-url", url, "--json"]
    assert server_cli.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["districts"] == 3 and out["version"] == 1 and out["terminated"] == 1


def a_day_passes(db: Database) -> None:
    db.set_setting(CHECKED_SETTING, str(now_ms() - CHECK_EVERY_MS))


def test_districts_reach_a_hub_at_enrolment_and_then_by_a_daily_sync(
    running: RunningServer, tmp_path: Path
) -> None:
    import_postcodes(running.engine, onspd(tmp_path))
    db = Database(tmp_path / "hub")
    try:
        set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", "correct horse")
        postcodes.centroids(db)  # the sample, as at any hub before it enrols
        assert postcodes.held_version(db) == postcodes.SAMPLE_VERSION
        _, code = running.add_hub("Llandovery Library")
        commands.enrol(db, running.url, code)  # fetches the districts at once
        assert postcodes.held_version(db) == "1"
        with db.read() as session:
            held = set(session.scalars(select(PostcodeDistrict.district)))
        assert held == {"SA20", "LD3", "BT1"}
        # Distances use the new table at once (the cached one is dropped).
        assert postcodes.place_of(postcodes.centroids(db), "LD3 7AB") == (51.95, -3.39)
        # A new import is fetched by the first sync once a day has passed, not before:
        # an ordinary sync stays one request.
        import_postcodes(running.engine, onspd(tmp_path, ROWS[:2]))
        summary = commands.sync_once(db)
        assert summary.ok and summary.requests == 1
        assert postcodes.held_version(db) == "1"
        a_day_passes(db)
        assert commands.sync_once(db).ok
        assert postcodes.held_version(db) == "2"
        assert set(postcodes.centroids(db)) == {"SA20"}
        # Asking again with nothing new: one small answer, no table.
        transport = commands.transport_for(db)
        try:
            assert fetch_reference_data(db, transport) is None
            assert transport.stats.requests == 1 and transport.stats.bytes_received < 600
        finally:
            transport.close()
    finally:
        db.close()


def test_a_server_without_reference_data_fails_neither_enrolment_nor_sync(
    running: RunningServer, tmp_path: Path
) -> None:
    db = Database(tmp_path / "hub")
    try:
        set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", "correct horse")
        _, code = running.add_hub("Llandovery Library")
        commands.enrol(db, running.url, code)  # the server has no districts yet
        a_day_passes(db)
        assert commands.sync_once(db).ok
        assert postcodes.held_version(db) in (None, postcodes.SAMPLE_VERSION)
        token = commands.token_store(db, running.url, db.hub_id or "").load()
        older = Transport(running.url + "/older-server", token)  # no such endpoint
        try:
            with pytest.raises(SyncError):
                fetch_reference_data(db, older)
        finally:
            older.close()
    finally:
        db.close()


def test_the_servers_schema_and_its_migrations_agree(store: Engine) -> None:
    with store.connect() as conn:
        command.check(alembic_config(conn))
