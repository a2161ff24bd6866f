"""Staff accounts: first run, slow hashes, signing in, lockout after wrong guesses, roles."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import func, select

from hubapp.models import StaffUser, Tag
from hubapp.models.database import Database
from hubapp.models.vocab import StaffRole
from hubapp.services import staff as staff_service
from hubapp.services.errors import FieldProblem, NotAllowed, SignInFailed, ValidationFailed
from hubapp.services.staff import (
    DEFAULT_IDLE_LOCK_MINUTES,
    MAX_FAILURES,
    Permission,
    SignedInStaff,
    add_staff,
    idle_lock_minutes,
    list_staff,
    needs_first_run,
    set_idle_lock_minutes,
    set_staff_active,
    set_up_hub,
    sign_in,
    verify_secret,
)

ADMIN_SECRET = "correct horse"  # the conftest `admin` fixture's password


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


PRODUCTION_HASHER = staff_service._hasher


@pytest.fixture(autouse=True)
def fresh_attempts(monkeypatch: pytest.MonkeyPatch) -> FakeMonotonic:
    """Each test starts with no remembered wrong guesses, on a clock it controls, and with a
    cheap argon2id (the real one is slow on purpose; its settings are tested on their own)."""
    fake = FakeMonotonic()
    monkeypatch.setattr(staff_service, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.setattr(staff_service, "_failures", {})
    monkeypatch.setattr(staff_service, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    return fake


class TestFirstRun:
    def test_a_fresh_database_needs_first_run(self, db: Database) -> None:
        assert needs_first_run(db)

    def test_set_up_names_the_hub_and_signs_in_its_administrator(self, db: Database) -> None:
        admin = set_up_hub(db, "  Llandovery Library ", "Rhian", "Rhian Jones", "s3cret-pin")
        assert admin.role == StaffRole.ADMIN
        assert admin.username == "rhian"
        assert admin.hub_name == "Llandovery Library"
        assert db.hub_id == admin.hub_id
        assert not needs_first_run(db)
        with db.read() as session:
            tags = session.scalar(select(func.count()).select_from(Tag))
        assert tags  # the shipped skills and interests

    def test_the_hub_is_remembered_after_reopening(self, data_dir: Path) -> None:
        first = Database(data_dir)
        admin = set_up_hub(first, "Llandovery Library", "rhian", "Rhian Jones", "s3cret-pin")
        first.close()
        second = Database(data_dir)
        try:
            assert second.hub_id == admin.hub_id
            assert not needs_first_run(second)
        finally:
            second.close()

    def test_every_problem_is_reported_at_once(self, db: Database) -> None:
        with pytest.raises(ValidationFailed) as caught:
            set_up_hub(db, " ", "x", " ", "123")
        assert set(caught.value.problems) == {"hub_name", "username", "display_name", "secret"}
        assert needs_first_run(db)


class TestSecrets:
    def test_the_real_hasher_is_argon2id_and_slow(self) -> None:
        # OWASP's floor for argon2id: 19 MiB of memory and two passes.
        assert PRODUCTION_HASHER.type is Type.ID
        assert PRODUCTION_HASHER.memory_cost >= 19 * 1024
        assert PRODUCTION_HASHER.time_cost >= 2

    def test_secret_is_stored_as_an_argon2id_hash(self, db: Database, admin: SignedInStaff) -> None:
        with db.read() as session:
            stored = session.scalar(select(StaffUser.secret_hash))
        assert stored is not None
        assert stored.startswith("$argon2id$")
        assert ADMIN_SECRET not in stored

    def test_the_plaintext_is_nowhere_in_the_database_files(
        self, db: Database, admin: SignedInStaff
    ) -> None:
        add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
        db.close()
        for path in db.path.parent.glob(db.path.name + "*"):
            content = path.read_bytes()
            assert ADMIN_SECRET.encode() not in content
            assert b"pin-4821" not in content

    def test_short_secrets_are_refused(self, db: Database, admin: SignedInStaff) -> None:
        with pytest.raises(ValidationFailed) as caught:
            add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "12345")
        assert "at least 6" in caught.value.problems["secret"]


class TestSignIn:
    def test_right_secret_signs_in(self, db: Database, admin: SignedInStaff) -> None:
        staff = sign_in(db, "  RHIAN ", ADMIN_SECRET)
        assert staff == admin

    @pytest.mark.parametrize(("username", "secret"), [("rhian", "wrong"), ("nobody", "x")])
    def test_wrong_name_or_secret_gives_the_same_answer(
        self, db: Database, admin: SignedInStaff, username: str, secret: str
    ) -> None:
        with pytest.raises(SignInFailed, match="do not match"):
            sign_in(db, username, secret)

    def test_locked_out_after_five_wrong_guesses(
        self, db: Database, admin: SignedInStaff, fresh_attempts: FakeMonotonic
    ) -> None:
        for _ in range(MAX_FAILURES):
            with pytest.raises(SignInFailed, match="do not match"):
                sign_in(db, "rhian", "guess")
        # Now even the right secret is refused for a while...
        with pytest.raises(SignInFailed, match="Too many wrong attempts"):
            sign_in(db, "rhian", ADMIN_SECRET)
        # ...and the lock screen is no way round it.
        with pytest.raises(SignInFailed, match="Too many wrong attempts"):
            verify_secret(db, admin.id, ADMIN_SECRET)
        fresh_attempts.now += 61
        assert sign_in(db, "rhian", ADMIN_SECRET).id == admin.id

    def test_a_right_secret_clears_earlier_wrong_guesses(
        self, db: Database, admin: SignedInStaff
    ) -> None:
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(SignInFailed):
                sign_in(db, "rhian", "guess")
        sign_in(db, "rhian", ADMIN_SECRET)
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(SignInFailed):
                sign_in(db, "rhian", "guess")
        assert sign_in(db, "rhian", ADMIN_SECRET).id == admin.id

    def test_lockout_is_per_account(self, db: Database, admin: SignedInStaff) -> None:
        add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
        for _ in range(MAX_FAILURES):
            with pytest.raises(SignInFailed):
                sign_in(db, "bethan", "guess")
        assert sign_in(db, "rhian", ADMIN_SECRET).id == admin.id

    def test_switched_off_accounts_cannot_sign_in(self, db: Database, admin: SignedInStaff) -> None:
        row = add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
        set_staff_active(db, admin, row.id, False)
        with pytest.raises(SignInFailed):
            sign_in(db, "bethan", "pin-4821")
        assert not verify_secret(db, row.id, "pin-4821")
        set_staff_active(db, admin, row.id, True)
        assert sign_in(db, "bethan", "pin-4821").id == row.id

    def test_verify_secret_for_the_lock_screen(self, db: Database, admin: SignedInStaff) -> None:
        assert verify_secret(db, admin.id, ADMIN_SECRET)
        assert not verify_secret(db, admin.id, "wrong")
        assert not verify_secret(db, "no-such-id", ADMIN_SECRET)


class TestRoles:
    @pytest.mark.parametrize(
        ("role", "allowed", "refused"),
        [
            (
                StaffRole.DESK,
                {Permission.DESK, Permission.GROUPS, Permission.FEEDBACK},
                {Permission.MEETINGS, Permission.SETTINGS, Permission.STAFF, Permission.REPORTS},
            ),
            (
                StaffRole.CLERK,
                {Permission.DESK, Permission.MEETINGS, Permission.REPORTS},
                {Permission.SETTINGS, Permission.STAFF},
            ),
            (StaffRole.ADMIN, set(Permission), set()),
        ],
    )
    def test_what_each_role_may_do(
        self, role: StaffRole, allowed: set[Permission], refused: set[Permission]
    ) -> None:
        staff = SignedInStaff("id", "user", "User", role, "hub", "Hub")
        assert {p for p in Permission if staff.can(p)} >= allowed
        for permission in refused:
            assert not staff.can(permission)
            with pytest.raises(NotAllowed):
                staff.require(permission)

    def test_an_unknown_role_may_do_nothing(self) -> None:
        staff = SignedInStaff("id", "user", "User", "visitor", "hub", "Hub")
        assert not any(staff.can(p) for p in Permission)

    def test_only_administrators_manage_staff(self, db: Database, admin: SignedInStaff) -> None:
        add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
        desk = sign_in(db, "bethan", "pin-4821")
        with pytest.raises(NotAllowed):
            add_staff(db, desk, "gareth", "Gareth Evans", StaffRole.CLERK, "pin-9999")
        with pytest.raises(NotAllowed):
            set_staff_active(db, desk, admin.id, False)
        assert [row.username for row in list_staff(db)] == ["bethan", "rhian"]

    def test_new_staff_are_listed_with_their_role(self, db: Database, admin: SignedInStaff) -> None:
        row = add_staff(db, admin, " Gareth ", "Gareth Evans", StaffRole.CLERK, "pin-9999")
        assert (row.username, row.role, row.active) == ("gareth", StaffRole.CLERK, True)
        assert row in list_staff(db)

    def test_user_names_are_unique(self, db: Database, admin: SignedInStaff) -> None:
        with pytest.raises(ValidationFailed) as caught:
            add_staff(db, admin, "RHIAN", "Another Rhian", StaffRole.DESK, "pin-1234")
        assert "already" in caught.value.problems["username"]

    def test_bad_role_and_name_are_reported(self, db: Database, admin: SignedInStaff) -> None:
        with pytest.raises(ValidationFailed) as caught:
            add_staff(db, admin, "a b", "", "boss", "pin-1234")
        assert set(caught.value.problems) == {"username", "display_name", "role"}

    def test_you_cannot_switch_yourself_off(self, db: Database, admin: SignedInStaff) -> None:
        with pytest.raises(NotAllowed):
            set_staff_active(db, admin, admin.id, False)


class TestIdleLock:
    def test_default_and_change(self, db: Database, admin: SignedInStaff) -> None:
        assert idle_lock_minutes(db) == DEFAULT_IDLE_LOCK_MINUTES
        set_idle_lock_minutes(db, admin, 15)
        assert idle_lock_minutes(db) == 15

    def test_out_of_range_is_refused(self, db: Database, admin: SignedInStaff) -> None:
        with pytest.raises(FieldProblem):
            set_idle_lock_minutes(db, admin, 0)
        with pytest.raises(FieldProblem):
            set_idle_lock_minutes(db, admin, 241)

    def test_desk_staff_cannot_change_it(self, db: Database, admin: SignedInStaff) -> None:
        add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
        desk = sign_in(db, "bethan", "pin-4821")
        with pytest.raises(NotAllowed):
            set_idle_lock_minutes(db, desk, 10)

    def test_a_garbled_setting_falls_back_to_the_default(self, db: Database) -> None:
        db.set_setting(staff_service.IDLE_LOCK_SETTING, "soon")
        assert idle_lock_minutes(db) == DEFAULT_IDLE_LOCK_MINUTES
