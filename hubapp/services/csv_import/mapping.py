"""Which member field each column of a CSV file holds, guessed from the usual headings."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hubapp.models.people import fold
from hubapp.services.consent import PURPOSE_LABELS
from hubapp.services.csv_import.reading import CsvTable
from hubapp.services.errors import ServiceError

Mapping = dict[str, str | None]


# ---------------------------------------------------------------- column mapping

CONSENT_FIELDS = {f"consent_{purpose}": purpose for purpose in PURPOSE_LABELS}

# Every field a column can fill, in the order offered to the user.
FIELD_LABELS: dict[str, str] = {
    "id": "Member id (updates that member)",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (split at the first space)",
    "preferred_name": "Preferred name",
    "email": "Email",
    "phone": "Phone",
    "postcode": "Postcode",
    "address": "Address",
    "preferred_language": "Preferred language",
    "skills": "Skills",
    "interests": "Interests",
    "date_of_birth": "Date of birth",
    "membership_number": "Membership number",
    "speaks_welsh": "Speaks Welsh",
    "availability": "Availability",
    "needs_step_free": "Needs step-free access",
    "access_needs": "Access needs",
    "travel_miles": "How far they can travel (miles)",
    "has_own_transport": "Has own transport",
    "heard_about": "How they heard of us",
    "notes": "Notes",
    **{key: f"Consent: {PURPOSE_LABELS[p]}" for key, p in CONSENT_FIELDS.items()},
}

# Header spellings seen in hubs' spreadsheets (English and Welsh), compared after `header_key`.
_SPELLINGS: dict[str, str] = {
    "id": "id memberid uuid",
    "first_name": "firstname forename forenames givenname givennames first christianname "
    "fname enwcyntaf",
    "last_name": "lastname surname familyname last lname cyfenw",
    "full_name": "name fullname membername yourname enw enwllawn",
    "preferred_name": "preferredname knownas nickname preferredfirstname",
    "email": "email emailaddress mail emailaddr ebost cyfeiriadebost",
    "phone": "phone mobile telephone tel phonenumber mobilenumber mobileno telephonenumber "
    "telno contactnumber mob landline ffon rhiffon",
    "postcode": "postcode postalcode zip zipcode codpost",
    "address": "address address1 address2 address3 address4 addressline1 addressline2 "
    "addressline3 street town city village county streetaddress cyfeiriad tref",
    "preferred_language": "language preferredlanguage lang iaith languagepreference",
    "skills": "skills skill sgiliau",
    "interests": "interests interest diddordebau",
    "date_of_birth": "dateofbirth dob birthdate birthday born dyddiadgeni",
    "membership_number": "membershipnumber membershipno memberno membernumber cardnumber",
    "speaks_welsh": "speakswelsh welshspeaker welsh",
    "availability": "availability available whenavailable",
    "needs_step_free": "needsstepfree stepfree stepfreeaccess",
    "access_needs": "accessneeds access mobility mobilityneeds",
    "travel_miles": "travelmiles travel howfar miles",
    "has_own_transport": "hasowntransport owntransport transport",
    "heard_about": "heardabout howheard howdidyouhearaboutus referral source",
    "notes": "notes note comments comment nodiadau",
    **{key: key.replace("_", "") for key in CONSENT_FIELDS},
}
_BY_SPELLING = {word: fld for fld, words in _SPELLINGS.items() for word in words.split()}
# Several columns may feed these; their cells are joined. Other fields take the first
# non-empty cell (e.g. "Mobile" then "Telephone").
JOINED_FIELDS = {"address": ", ", "notes": "\n", "access_needs": "\n"}


def header_key(header: str) -> str:
    """'E-mail ' -> 'email', 'Post code' -> 'postcode': case, accents, spaces, punctuation out."""
    return re.sub(r"[^a-z0-9]", "", fold(header))


def propose_mapping(headers: Iterable[str]) -> Mapping:
    """Which field each column probably holds (None: ignore it)."""
    mapping: Mapping = {}
    for header in headers:
        key = header_key(re.sub(r"\s*\(\d+\)$", "", header))
        mapped = _BY_SPELLING.get(key)
        if mapped is None and key.startswith("consent"):
            mapped = next(
                (
                    f
                    for f, p in CONSENT_FIELDS.items()
                    if key.endswith(header_key(p)) or key.endswith(header_key(PURPOSE_LABELS[p]))
                ),
                None,
            )
        mapping[header] = mapped
    return mapping


def mapping_problems(mapping: Mapping) -> list[str]:
    """What stops a file with this mapping from being imported at all."""
    used = {f for f in mapping.values() if f}
    problems = [f"“{f}” is not something hubapp can import." for f in used - FIELD_LABELS.keys()]
    if not used & {"first_name", "full_name", "id"}:
        problems.append(
            "No column is set to First name (or Full name). Choose which column holds "
            "people's first names."
        )
    return problems


class MappingProblem(ServiceError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def propose_mapping_for(table: CsvTable) -> Mapping:
    """`propose_mapping`, but an "ID" column is used as member ids only if it holds hubapp's
    ids: spreadsheets often number their rows 1, 2, 3 in a column called ID."""
    mapping = propose_mapping(table.headers)
    for i, header in enumerate(table.headers):
        if mapping[header] == "id" and not all(_UUID.match(v) for v in table.sample(i, 20)):
            mapping[header] = None
    return mapping


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
