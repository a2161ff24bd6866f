"""Staff accounts: first-run set-up of the hub, signing in, roles and what each may do.
Secrets (passwords or PINs) are stored only as slow argon2id hashes. A group organiser's
account is linked to a member; services.organisers says which groups it acts for."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubapp.models import Hub, Member, StaffUser, utcnow
from hubapp.models.database import Database
from hubapp.models.vocab import StaffRole
from hubapp.services.errors import FieldProblem, NotAllowed, SignInFailed, ValidationFailed
from hubapp.services.organisers import officer_roles
from hubapp.services.vocabulary import ensure_vocabulary

_hasher = PasswordHasher()

IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 5
MIN_SECRET_LENGTH = 6


class Permission(StrEnum):
    DESK = "desk"  # sign people up, find and edit members
    GROUPS = "groups"
    MEETINGS = "meetings"
    IMPORT_EXPORT = "import_export"
    FEEDBACK = "feedback"
    REPORTS = "reports"
    SETTINGS = "settings"
    STAFF = "staff"
    # Ways to get involved; an organiser's reach is narrowed to their groups (organisers.py).
    OPPORTUNITIES = "opportunities"
    # The sync details (conflicts name members) and the hub's data folder: hub staff only.
    SYNC = "sync"
    # Leaving kiosk mode for the desktop: hub staff only, not a group organiser.
    LEAVE_KIOSK = "leave_kiosk"


_HUB_STAFF = frozenset({Permission.DESK, Permission.GROUPS, Permission.FEEDBACK,
                        Permission.OPPORTUNITIES, Permission.SYNC,
                        Permission.LEAVE_KIOSK})  # fmt: skip
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    StaffRole.DESK: _HUB_STAFF,
    StaffRole.CLERK: _HUB_STAFF | {Permission.MEETINGS, Permission.REPORTS},
    StaffRole.ADMIN: frozenset(Permission),
    StaffRole.ORGANISER: frozenset({Permission.OPPORTUNITIES}),
}

ROLE_LABELS = {
    StaffRole.DESK: "Desk",
    StaffRole.CLERK: "Clerk",
    StaffRole.ADMIN: "Administrator",
    StaffRole.ORGANISER: "Group organiser",
}


@dataclass(frozen=True)
class SignedInStaff:
    id: str
    username: str
    display_name: str
    role: str
    hub_id: str
    hub_name: str
    member_id: str | None = None  # a group organiser's own member record

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise NotAllowed("Your staff role does not allow this. Ask an administrator.")


def hub_name(db: Database) -> str:
    """This hub's name, for the sign-in screen ("" before first run)."""
    if db.hub_id is None:
        return ""
    with db.read() as session:
        hub = session.get(Hub, db.hub_id)
        return hub.name if hub is not None else ""


def needs_first_run(db: Database) -> bool:
    if db.hub_id is None:
        return True
    with db.read() as session:
        return not session.scalar(select(func.count()).select_from(StaffUser))


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{1,39}", name):
        raise FieldProblem(
            "username",
            "User names are 2 to 40 letters or digits (dots, dashes and underscores allowed).",
        )
    return name


def _check_secret(secret: str) -> None:
    if len(secret) < MIN_SECRET_LENGTH:
        raise FieldProblem(
            "secret", f"Passwords and PINs need at least {MIN_SECRET_LENGTH} characters."
        )


def set_up_hub(
    db: Database, hub_name: str, username: str, display_name: str, secret: str
) -> SignedInStaff:
    """First run: names the hub and creates its first administrator, who is signed in."""
    problems: dict[str, str] = {}
    if not hub_name.strip():
        problems["hub_name"] = "Give the hub a name, for example “Llandovery Library”."
    try:
        username = _check_username(username)
    except FieldProblem as p:
        problems["username"] = p.message
    if not display_name.strip():
        problems["display_name"] = "Give your name as colleagues know it."
    try:
        _check_secret(secret)
    except FieldProblem as p:
        problems["secret"] = p.message
    if problems:
        raise ValidationFailed(problems)
    with db.write() as session:
        hub = Hub(name=hub_name.strip())
        session.add(hub)
        session.flush()
        hub.origin_hub_id = hub.id
        db.hub_id = hub.id
        ensure_vocabulary(session)
        staff = StaffUser(
            hub_id=hub.id,
            username=username,
            display_name=display_name.strip(),
            role=StaffRole.ADMIN,
            secret_hash=_hasher.hash(secret),
            last_sign_in_at=utcnow(),
        )
        session.add(staff)
        session.flush()
        result = SignedInStaff(staff.id, username, staff.display_name, staff.role, hub.id, hub.name)
    db.set_setting("hub_id", result.hub_id)
    return result


_failures: dict[str, list[float]] = {}
_failures_lock = threading.Lock()
FAILURE_WINDOW_SECONDS = 60.0
MAX_FAILURES = 5


def _refuse_if_throttled(name: str, now: float) -> None:
    with _failures_lock:
        recent = [t for t in _failures.get(name, []) if now - t < FAILURE_WINDOW_SECONDS]
        _failures[name] = recent
        if len(recent) >= MAX_FAILURES:
            raise SignInFailed("Too many wrong attempts. Wait a minute, then try again.")


def _record_attempt(name: str, now: float, ok: bool) -> None:
    with _failures_lock:
        if ok:
            _failures.pop(name, None)
        else:
            _failures.setdefault(name, []).append(now)


def _matches(secret_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def sign_in(db: Database, username: str, secret: str) -> SignedInStaff:
    """Checks a user name and password/PIN. After five failures in a minute the account
    waits a minute, so a PIN cannot be guessed at the desk."""
    name = username.strip().lower()
    now = time.monotonic()
    _refuse_if_throttled(name, now)
    # The deliberately slow hash is checked outside any transaction, so signing in never
    # holds the database's write lock while it runs.
    with db.read() as session:
        staff = session.scalar(select(StaffUser).where(StaffUser.username == name))
        hub = session.get(Hub, staff.hub_id) if staff is not None else None
    ok = (
        staff is not None
        and staff.active
        and not staff.deleted
        and _matches(staff.secret_hash, secret)
    )
    _record_attempt(name, now, ok)
    if not ok or staff is None:
        raise SignInFailed("That user name and password or PIN do not match.")
    if _hasher.check_needs_rehash(staff.secret_hash):
        fresh_hash = _hasher.hash(secret)
        with db.write() as session:
            stored = session.get(StaffUser, staff.id)
            if stored is not None and stored.secret_hash == staff.secret_hash:
                stored.secret_hash = fresh_hash
    return SignedInStaff(
        staff.id,
        staff.username,
        staff.display_name,
        staff.role,
        staff.hub_id,
        hub.name if hub else "",
        staff.member_id,
    )


def sign_in_to_leave_kiosk(db: Database, username: str, secret: str) -> SignedInStaff:
    """The kiosk's way out: a staff sign-in whose role may leave kiosk mode (a group
    organiser's account may not: it would reach the hub's staff screens)."""
    staff = sign_in(db, username, secret)
    if not staff.can(Permission.LEAVE_KIOSK):
        raise NotAllowed("This account cannot leave kiosk mode. Ask the hub's staff.")
    return staff


def verify_secret(db: Database, staff_id: str, secret: str) -> bool:
    """Unlocking a locked screen: does this secret belong to this staff member? Wrong
    guesses count towards the same limit as signing in (SignInFailed once it is reached),
    so the lock screen cannot be used to guess a PIN either."""
    with db.read() as session:
        staff = session.get(StaffUser, staff_id)
        if staff is None or not staff.active or staff.deleted:
            return False
        name, secret_hash = staff.username, staff.secret_hash
    now = time.monotonic()
    _refuse_if_throttled(name, now)
    ok = _matches(secret_hash, secret)
    _record_attempt(name, now, ok)
    return ok


@dataclass(frozen=True)
class StaffRow:
    id: str
    username: str
    display_name: str
    role: str
    active: bool
    member_id: str | None = None
    member_name: str = ""  # a group organiser's member, as the hub knows them


def list_staff(db: Database) -> list[StaffRow]:
    with db.read() as session:
        found = session.execute(
            select(StaffUser, Member)
            .outerjoin(Member, Member.id == StaffUser.member_id)
            .where(StaffUser.deleted.is_(False))
            .order_by(StaffUser.username)
        )
        return [_row(s, m) for s, m in found]


def _row(staff: StaffUser, member: Member | None) -> StaffRow:
    name = member.display_name if member is not None and member.erased_at is None else ""
    return StaffRow(
        staff.id, staff.username, staff.display_name, staff.role, staff.active, staff.member_id,
        name,
    )  # fmt: skip


NOT_AN_OFFICER = (
    "%1 is not an officer (organiser, chair, secretary or treasurer) of any group, so an "
    "organiser account could do nothing. Give them that role in their group first."
)


def _check_organiser_member(session: Session, member_id: str | None) -> Member:
    """The member an organiser account is for: live, an officer of some group, and without
    an account already. Raises ValidationFailed on `member_id`."""
    member = session.get(Member, member_id) if member_id else None
    if member is None or member.deleted or member.erased_at is not None:
        raise ValidationFailed({"member_id": "Choose the member this organiser account is for."})
    if not officer_roles(session, [member.id]):
        raise ValidationFailed({"member_id": NOT_AN_OFFICER.replace("%1", member.display_name)})
    other = session.scalar(
        select(StaffUser.username).where(
            StaffUser.member_id == member.id, StaffUser.deleted.is_(False)
        )
    )
    if other is not None:
        raise ValidationFailed(
            {"member_id": f"{member.display_name} already has an organiser account, “{other}”."}
        )
    return member


def add_staff(
    db: Database,
    actor: SignedInStaff,
    username: str,
    display_name: str,
    role: str,
    secret: str,
    *,
    member_id: str | None = None,
) -> StaffRow:
    """A new account. A group organiser's (`role` "organiser") names the member it is for,
    who must be an officer of a group today. Raises ValidationFailed, NotAllowed."""
    actor.require(Permission.STAFF)
    problems: dict[str, str] = {}
    try:
        username = _check_username(username)
    except FieldProblem as p:
        problems["username"] = p.message
    if not display_name.strip():
        problems["display_name"] = "Give the staff member's name."
    if role not in ROLE_PERMISSIONS:
        problems["role"] = "Choose a role: desk, clerk, administrator or group organiser."
    try:
        _check_secret(secret)
    except FieldProblem as p:
        problems["secret"] = p.message
    if problems:
        raise ValidationFailed(problems)
    with db.write(actor.id) as session:
        if session.scalar(select(StaffUser).where(StaffUser.username == username)):
            raise ValidationFailed({"username": f"There is already a staff account “{username}”."})
        member = None
        if role == StaffRole.ORGANISER:
            member = _check_organiser_member(session, member_id)
        staff = StaffUser(
            hub_id=actor.hub_id,
            username=username,
            display_name=display_name.strip(),
            role=role,
            secret_hash=_hasher.hash(secret),
            member_id=member.id if member is not None else None,
        )
        session.add(staff)
        session.flush()
        return _row(staff, member)


def set_staff_active(db: Database, actor: SignedInStaff, staff_id: str, active: bool) -> None:
    actor.require(Permission.STAFF)
    if staff_id == actor.id and not active:
        raise NotAllowed("You cannot switch off your own account while signed in with it.")
    with db.write(actor.id) as session:
        staff = session.get(StaffUser, staff_id)
        if staff is not None and staff.active != active:
            staff.active = active


def idle_lock_minutes(db: Database) -> int:
    value = db.get_setting(IDLE_LOCK_SETTING)
    try:
        return max(1, int(value)) if value else DEFAULT_IDLE_LOCK_MINUTES
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(db: Database, actor: SignedInStaff, minutes: int) -> None:
    actor.require(Permission.SETTINGS)
    if not 1 <= minutes <= 240:
        raise FieldProblem("idle_lock_minutes", "Choose between 1 and 240 minutes.")
    db.set_setting(IDLE_LOCK_SETTING, str(minutes))
