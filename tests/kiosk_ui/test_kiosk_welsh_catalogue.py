"""The kiosk's Welsh catalogue (hubapp/resources/translations/kiosk_cy.ts) is complete and
sound: every word the kiosk can show has Welsh, placeholders survive translation, the .qm
the kiosk loads is the .ts compiled, the .ts is what lupdate makes of today's code, the Welsh
consent wording is the one its version names, and every problem message the services can
send the kiosk finds its Welsh."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTranslator

from hubapp.models.database import Database
from hubapp.services import consent
from hubapp.services.errors import NotAllowed, SignInFailed, ValidationFailed
from hubapp.services.kiosk import self_sign_up
from hubapp.services.members import MemberDetails, clean_details
from hubapp.services.opportunities import express_interest
from hubapp.services.staff import SignedInStaff, sign_in, sign_in_to_leave_kiosk
from hubapp.ui.kiosk.problems import TEMPLATES, problem_words, template_pattern
from hubapp.ui.kiosk.words import Language, LanguageSwitch
from tests.kiosk_ui.welsh import QM, TS, kiosk_words, placeholders, read_ts
from tests.organiser_hub import ORGANISER_SECRET, add_organiser_account

HOW_TO = (
    "Update the catalogue with `.venv/bin/python tools/kiosk_translations.py update`, give "
    "each new word its Welsh (pyside6-linguist, or the .ts itself), then run it with `compile` "
    "(see docs/translation.md).\n"
)
# The Welsh consent wording (privacy notice, then each purpose's label and words) for each
# version of the English. Changing the Welsh changes what people agree to: it needs a new
# PRIVACY_NOTICE_VERSION in hubapp/services/consent.py, and its fingerprint here.
WELSH_CONSENT = {"2026-11": "ea896f0e7002232b4d67447f193d7276d67466acc566d67d8ebb35d266012d94"}
TAG = re.compile(r"</?[A-Za-z][^>]*>")


def test_every_kiosk_word_has_welsh() -> None:
    catalogue = read_ts()
    lacking = sorted(
        key for key in kiosk_words() if key not in catalogue or catalogue[key].kind or
        not catalogue[key].welsh
    )  # fmt: skip
    assert not lacking, HOW_TO + "\n".join(f"no Welsh for [{c}] {s!r}" for c, s in lacking)
    assert len(catalogue) >= 200  # (the words found are real: the kiosk has over 200)


def test_the_catalogue_holds_nothing_unfinished_or_stale() -> None:
    wanted = kiosk_words()
    stale = [key for key, entry in read_ts().items() if entry.kind or key not in wanted]
    assert not stale, HOW_TO + "\n".join(f"[{c}] {s!r}" for c, s in stale)


def test_the_welsh_keeps_every_placeholder_and_mark() -> None:
    for (context, source), entry in read_ts().items():
        wanted = placeholders(source)
        if context == "matching":  # a Welsh template uses each value's Welsh form, {when_cy}
            wanted = sorted(p[:-1] + "_cy}" if p.startswith("{") else p for p in wanted)
        assert placeholders(entry.welsh) == wanted, f"[{context}] {source!r}: {entry.welsh!r}"
        assert TAG.findall(entry.welsh) == TAG.findall(source), f"[{context}] {source!r}"


def test_the_compiled_catalogue_is_the_ts(qapp: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} is missing or broken"
    stale = [(c, s) for (c, s), entry in read_ts().items()
             if translator.translate(c, s) != entry.welsh]  # fmt: skip
    assert not stale, f"kiosk_cy.qm is older than kiosk_cy.ts: run the `compile` step.\n{stale}"


def test_the_catalogue_is_what_lupdate_makes_of_the_code(tmp_path: Path) -> None:
    from tools import kiosk_translations

    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    try:
        kiosk_translations.update(copy)
    except SystemExit as missing:  # pyside6-lupdate comes with PySide6; say so if it did not
        pytest.skip(str(missing))
    assert read_ts(copy) == read_ts(), HOW_TO


def test_the_welsh_consent_wording_is_the_one_its_version_names() -> None:
    catalogue = read_ts()
    sources = [consent.PRIVACY_NOTICE]
    for purpose in consent.PURPOSES:
        sources += [purpose.label, purpose.wording]
    welsh = "\n".join(catalogue[("consent", source)].welsh for source in sources)
    fingerprint = hashlib.sha256(welsh.encode("utf-8")).hexdigest()
    version = consent.PRIVACY_NOTICE_VERSION
    assert version in WELSH_CONSENT, (
        f"The consent wording is now version {version}: check its Welsh says the same as the "
        f"new English, then add {version!r}: {fingerprint!r} to WELSH_CONSENT."
    )
    assert fingerprint == WELSH_CONSENT[version], (
        f"The Welsh consent wording changed within version {version}, so records made under "
        "it would not say which words people agreed to: give the wording a new "
        "PRIVACY_NOTICE_VERSION (hubapp/services/consent.py) and pin its fingerprint here."
    )


# ----- the services' problem messages --------------------------------------------------------


def problems(refused: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return list(refused.value.problems.values())


def service_messages(db: Database, admin: SignedInStaff) -> list[str]:
    """Every problem message the kiosk can be sent, made by the real services."""
    messages: list[str] = []
    for details in (
        MemberDetails(first_name="", last_name="J0nes", email="gwen@", phone="123",
                      postcode="SA99 ZZZ"),
        MemberDetails(first_name="x" * 121, last_name="--", phone="not a phone",
                      preferred_language="fr"),
        MemberDetails(first_name="G0", last_name="y" * 121, phone="07700 900123 4567"),
        MemberDetails(first_name="--", email="gwen@example.net"),
        MemberDetails(first_name="Gwen"),  # no way to reach her
    ):  # fmt: skip
        with pytest.raises(ValidationFailed) as refused:
            clean_details(details)
        messages += problems(refused)
    for name, contact in (("", ""), ("x" * 121, "gwen@"), ("G0", "123"), ("--", "07700")):
        with pytest.raises(ValidationFailed) as refused:
            express_interest(db, "no-such-opportunity", visitor_name=name, visitor_contact=contact)
        messages += problems(refused)
    with pytest.raises(ValidationFailed) as refused:
        self_sign_up(db, MemberDetails(first_name="Gwen", email="gwen@example.net"),
                     {"sell_my_data": True}, consent.PRIVACY_NOTICE_VERSION)  # fmt: skip
    messages += problems(refused)
    for _try in range(6):  # wrong, then too many wrong tries
        with pytest.raises(SignInFailed) as wrong:
            sign_in(db, admin.username, "not the secret")
        messages.append(str(wrong.value))
    add_organiser_account(db, admin, "nia")
    with pytest.raises(NotAllowed) as not_staff:
        sign_in_to_leave_kiosk(db, "nia", ORGANISER_SECRET)
    messages.append(str(not_staff.value))
    return messages


@pytest.fixture
def welsh(qapp: Any) -> Iterator[None]:
    switch = LanguageSwitch()
    switch.use(Language.WELSH)
    yield
    switch.close()


def test_every_problem_the_services_send_reads_in_welsh(
    welsh: None, db: Database, admin: SignedInStaff
) -> None:
    messages = service_messages(db, admin)
    for message in messages:
        words = problem_words(message)
        assert words != message, f"no Welsh for the service's words {message!r}"
        for typed in re.findall(r"“[^”]*”", message):
            assert typed in words, f"{typed} is lost from {words!r}"
    unused = [t for t in TEMPLATES if not any(template_pattern(t).fullmatch(m) for m in messages)]
    assert not unused, f"the services no longer send these (their words changed?): {unused}"
