"""Made-up but believable people, places and community life of rural Wales and England, for
demo data and benchmarks: Welsh and English names (accents included), postcode districts
with their towns and streets, contact details in ranges that reach nobody (example.* mail
domains and the Ofcom drama phone ranges), and the groups, venues and organisations of the
demo hub."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from hubapp.models.people import fold

# fmt: off
WELSH_WOMEN = (
    "Siân", "Gwenllïan", "Rhiannon", "Elin", "Catrin", "Ffion", "Nia", "Angharad", "Mared",
    "Lowri", "Gwenno", "Heledd", "Eluned", "Meinir", "Manon", "Llinos", "Awen", "Eirlys",
    "Bethan", "Ceri", "Delyth", "Haf", "Sioned", "Mererid", "Menna", "Tesni", "Gwawr",
    "Branwen", "Non", "Enfys", "Alys", "Megan", "Cerys", "Mali", "Glenys", "Olwen",
)
WELSH_MEN = (
    "Dafydd", "Gareth", "Rhodri", "Iolo", "Gruffydd", "Llŷr", "Emyr", "Dyfed", "Huw", "Ieuan",
    "Gwion", "Rhys", "Osian", "Tomos", "Geraint", "Aled", "Cai", "Deiniol", "Elfed", "Meirion",
    "Hywel", "Idris", "Owain", "Steffan", "Siôn", "Tudur", "Iestyn", "Gethin", "Berwyn",
    "Dewi", "Emrys", "Llion", "Bryn", "Dylan", "Gwyn", "Alun",
)
ENGLISH_WOMEN = (
    "Sarah", "Emma", "Claire", "Helen", "Margaret", "Susan", "Ruth", "Jane", "Olivia",
    "Amelia", "Sophie", "Grace", "Lucy", "Charlotte", "Zoë", "Chloé", "Elizabeth", "Mary",
    "Hannah", "Rachel", "Joanne", "Pauline", "Kathleen", "Aoife", "Niamh", "Agnieszka",
    "Fatima", "Priya", "Renée", "Jo",
)
ENGLISH_MEN = (
    "John", "David", "Peter", "Michael", "James", "Robert", "Paul", "Mark", "Thomas",
    "George", "Oliver", "Harry", "Jack", "William", "Richard", "Andrew", "Stephen", "Chris",
    "Joseph", "Jonathan", "Keith", "Graham", "Nigel", "Seán", "Ciarán", "Tomasz", "Mohammed",
    "Arjun", "José", "Kwame",
)
WELSH_SURNAMES = (
    "Jones", "Davies", "Williams", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan",
    "Griffiths", "Owen", "Price", "Rees", "Jenkins", "Powell", "Pritchard", "Llewellyn",
    "Llewelyn", "Bowen", "Parry", "Pugh", "Vaughan", "Howells", "Prosser", "Beynon", "Lloyd",
    "Meredith", "Gwilym", "ap Dafydd", "ap Rhys", "Ifans", "Morris", "Watkins", "Harries",
    "Humphreys", "Gruffudd", "Tudur", "Elis", "Wyn", "Prys", "Llwyd", "Rhydderch", "Gwynne",
    "Jôns", "Ellis", "Arthur", "Aubrey", "Bevan", "Cadwaladr", "Edwards", "Gittins", "Mathias",
    "Nicholas", "Phillips", "Probert", "Rowlands", "Walters", "Gwyther", "Bebb",
)
ENGLISH_SURNAMES = (
    "Smith", "Taylor", "Brown", "Wilson", "Johnson", "Walker", "Wright", "Robinson",
    "Thompson", "White", "Hall", "Green", "Wood", "Harris", "Martin", "Jackson", "Clarke",
    "Cooper", "King", "Baker", "Turner", "Hill", "Carter", "Mitchell", "Shaw", "Fletcher",
    "Pascoe", "Trevithick", "Penrose", "Tregenza", "Nancarrow", "Chegwidden", "Ó Briain",
    "O'Sullivan", "Nic Giolla Phádraig", "MacLeod", "Okafor", "Begum", "Khan", "Patel",
    "Nowak", "Kowalski", "Silva", "Ahmed", "Smith-Jones", "Dubois", "Müller", "Adams",
    "Allen", "Anderson", "Atkinson", "Arnold", "Bailey", "Bennett", "Bell", "Chapman",
    "Collins", "Foster", "Harrison", "Holmes", "Marshall", "Mason", "Moore", "Parker",
    "Richards", "Scott", "Stevens", "Ward", "Webb", "Young", "Abbott",
)
# How common each surname is, roughly as in Wales and England: a list of Welsh members
# should open on a wall of Joneses and Davieses, not on the rarest name in the list.
_COMMON = {
    "Jones": 9, "Davies": 7, "Williams": 7, "Evans": 6, "Thomas": 5, "Roberts": 4,
    "Hughes": 4, "Lewis": 3, "Morgan": 3, "Griffiths": 3, "Price": 2, "Rees": 2, "Owen": 2,
    "Jenkins": 2, "Smith": 7, "Taylor": 4, "Brown": 3, "Wilson": 3, "Johnson": 2, "Walker": 2,
    "Wright": 2, "Robinson": 2, "Thompson": 2, "White": 2, "Hall": 2, "Green": 2, "Wood": 2,
}
WEIGHTED_WELSH_SURNAMES = tuple(n for n in WELSH_SURNAMES for _ in range(_COMMON.get(n, 1)))
WEIGHTED_ENGLISH_SURNAMES = tuple(n for n in ENGLISH_SURNAMES for _ in range(_COMMON.get(n, 1)))

# Short names people go by; only some use them.
PREFERRED = {
    "Gwenllïan": "Gwen", "Dafydd": "Dai", "Margaret": "Peggy", "Elizabeth": "Beth",
    "Rhiannon": "Rhi", "Gruffydd": "Guto", "Angharad": "Hari", "Jonathan": "Jon",
    "William": "Bill", "Catrin": "Cat", "Michael": "Mike", "Richard": "Dick",
}
# fmt: on


@dataclass(frozen=True)
class District:
    """A postcode district, its town, whether it is in Wales, and its sector digits."""

    code: str
    town: str
    welsh: bool
    sectors: str


DISTRICTS = (
    District("SA19", "Llandeilo", True, "6789"),
    District("SA20", "Llandovery", True, "0"),
    District("SA48", "Lampeter", True, "78"),
    District("SA44", "Llandysul", True, "45"),
    District("SA40", "Llanybydder", True, "9"),
    District("SA38", "Newcastle Emlyn", True, "9"),
    District("LD1", "Llandrindod Wells", True, "5"),
    District("LD2", "Builth Wells", True, "3"),
    District("LD3", "Brecon", True, "789"),
    District("LD5", "Llanwrtyd Wells", True, "4"),
    District("LD7", "Knighton", True, "1"),
    District("SY23", "Aberystwyth", True, "1234"),
    District("SY20", "Machynlleth", True, "8"),
    District("SY25", "Tregaron", True, "6"),
    District("SY18", "Llanidloes", True, "6"),
    District("LL54", "Penygroes", True, "5678"),
    District("LL53", "Pwllheli", True, "5678"),
    District("LL40", "Dolgellau", True, "12"),
    District("LL23", "Bala", True, "7"),
    District("HR3", "Hay-on-Wye", False, "5"),
    District("HR5", "Kington", False, "3"),
    District("TR20", "Marazion", False, "89"),
    District("TR19", "St Just", False, "67"),
    District("TR13", "Helston", False, "089"),
    District("EX35", "Lynton", False, "6"),
    District("TA24", "Minehead", False, "5678"),
    District("LA22", "Ambleside", False, "09"),
    District("DL8", "Leyburn", False, "345"),
    District("SY7", "Craven Arms", False, "8"),
    District("SY9", "Bishop's Castle", False, "5"),
)
# Sign-ups cluster near the hub: most people live in the Tywi valley districts. (Repeating
# entries in a tuple makes a weighted choice one cheap index.)
WEIGHTED_DISTRICTS = tuple(
    d for d in DISTRICTS for _ in range(12 if d.code in ("SA19", "SA20") else 2)
)

# The letters a postcode's unit may use (no C, I, K, M, O or V).
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# fmt: off
WELSH_STREETS = (
    "Heol y Bont", "Stryd Fawr", "Ffordd yr Orsaf", "Maes y Dderwen", "Lôn Glan", "Bryn Teg",
    "Cae Mawr", "Heol y Castell", "Stryd y Brenin", "Ffordd Llundain", "Maes y Farchnad",
    "Penlan", "Heol Llanwrda", "Glan yr Afon", "Tŷ Gwyn Farm", "Ael y Bryn",
)
ENGLISH_STREETS = (
    "High Street", "Church Lane", "Station Road", "Mill Lane", "The Green", "Chapel Street",
    "Market Square", "Orchard Close", "Bridge Street", "School Lane", "Castle Street",
    "Meadow View", "Fore Street", "Back Lane",
)
MAIL_DOMAINS = ("example.org", "example.com", "example.net")
HEARD_ABOUT = (
    "A friend", "The library", "Facebook", "The parish newsletter", "A poster in the shop",
    "The chapel", "Radio Cymru", "The school", "Walked past",
)
# fmt: on


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    preferred_name: str | None
    welsh: bool


T = TypeVar("T")


def pick(rng: random.Random, choices: Sequence[T]) -> T:
    """rng.choice, but several times faster (it matters at 100,000 people)."""
    return choices[int(rng.random() * len(choices))]


def person(rng: random.Random, district: District) -> Person:
    """A name that fits the place: mostly Welsh names in Welsh districts, but mixed everywhere."""
    welsh_first = rng.random() < (0.55 if district.welsh else 0.12)
    welsh_last = rng.random() < (0.7 if district.welsh else 0.15)
    woman = rng.random() < 0.55
    if welsh_first:
        first = pick(rng, WELSH_WOMEN if woman else WELSH_MEN)
    else:
        first = pick(rng, ENGLISH_WOMEN if woman else ENGLISH_MEN)
    last = pick(rng, WEIGHTED_WELSH_SURNAMES if welsh_last else WEIGHTED_ENGLISH_SURNAMES)
    preferred = PREFERRED.get(first) if rng.random() < 0.4 else None
    return Person(first, last, preferred, welsh_first or welsh_last)


def pick_district(rng: random.Random) -> District:
    return pick(rng, WEIGHTED_DISTRICTS)


def postcode(rng: random.Random, district: District) -> str:
    """A postcode of valid shape in the district ("SA20 0AB")."""
    sector = pick(rng, district.sectors)
    return f"{district.code} {sector}{pick(rng, UNIT_LETTERS)}{pick(rng, UNIT_LETTERS)}"


def address(rng: random.Random, district: District) -> str:
    streets = WELSH_STREETS if district.welsh and rng.random() < 0.75 else ENGLISH_STREETS
    return f"{int(rng.random() * 120) + 1} {pick(rng, streets)}, {district.town}"


def email(rng: random.Random, who: Person, serial: int) -> str:
    """A unique address (the serial makes it so) in a domain reserved for examples."""
    first = _ascii_word(who.preferred_name or who.first_name)
    last = _ascii_word(who.last_name)
    style = rng.random()
    if style < 0.5:
        local = f"{first}.{last}{serial}"
    elif style < 0.8:
        local = f"{first}{last}{serial}"
    else:
        local = f"{first[:1]}{last}{serial}"
    return f"{local}@{pick(rng, MAIL_DOMAINS)}"


def phone(serial: int, mobile: bool) -> str:
    """A unique number in E.164 per serial and kind: mobiles in 07700 9xxxxx, landlines in
    01632 9xxxxx, then 8xxxxx and so on (Ofcom keeps 07700 900xxx and 01632 for drama; the
    wider blocks give benchmarks enough distinct numbers, and nobody ever dials them)."""
    block, rest = divmod(serial, 100_000)
    digits = f"{9 - block % 10}{rest:05d}"
    return f"+447700{digits}" if mobile else f"+441632{digits}"


@lru_cache(maxsize=4096)
def _ascii_word(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum()) or "member"


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PARTS = ("morning", "afternoon", "evening")
# A handful of availability shapes; most people are free at a few set times.
AVAILABILITY: tuple[dict[str, list[str]], ...] = (
    {},
    {},
    {"sat": ["morning"]},
    {"mon": ["morning", "afternoon"], "wed": ["morning"]},
    {"tue": ["evening"], "thu": ["evening"]},
    {"fri": ["afternoon"]},
    {d: ["morning", "afternoon"] for d in _DAYS[:5]},
    {"sat": ["morning", "afternoon"], "sun": ["afternoon"]},
    {"wed": ["evening"]},
    {"mon": list(_PARTS), "tue": list(_PARTS)},
)
# Crockford's base 32: no I, L, O or U to misread.
MEMBERSHIP_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TRAVEL_MILES = (None, None, 2.0, 5.0, 10.0, 20.0)
_SHIFTS = (35, 30, 25, 20, 15, 10, 5, 0)


@dataclass
class Serials:
    """Counters that keep emails and phone numbers unique; start them after the members a
    database already has."""

    email: int
    mobile: int
    landline: int


def member_fields(rng: random.Random, serials: Serials) -> dict[str, Any]:
    """One person's details as the members table's data columns, in their wire form
    (ISO date text, booleans, a dict for availability)."""
    district = pick_district(rng)
    who = person(rng, district)
    welsh = rng.random() < (0.27 if district.welsh else 0.02)
    mail = email(rng, who, serials.email) if rng.random() < 0.85 else None
    serials.email += 1
    kind = rng.random()
    number = None
    if kind < 0.65:
        number = phone(serials.mobile, mobile=True)
        serials.mobile += 1
    elif kind < 0.8:
        number = phone(serials.landline, mobile=False)
        serials.landline += 1
    born = None
    if rng.random() < 0.6:
        day = int(rng.random() * 73 * 336)  # 73 years of 12 months of 28 days
        born = f"{1935 + day // 336}-{day // 28 % 12 + 1:02d}-{day % 28 + 1:02d}"
    code = rng.getrandbits(40)
    return {
        "first_name": who.first_name,
        "last_name": who.last_name,
        "preferred_name": who.preferred_name,
        "email": mail,
        "phone": number,
        "postcode": postcode(rng, district),
        "address": address(rng, district) if rng.random() < 0.7 else None,
        "date_of_birth": born,
        "membership_number": "".join(MEMBERSHIP_ALPHABET[code >> s & 31] for s in _SHIFTS),
        "preferred_language": "cy" if welsh else "en",
        "speaks_welsh": welsh or (district.welsh and rng.random() < 0.15),
        "availability": pick(rng, AVAILABILITY),
        "needs_step_free": rng.random() < 0.08,
        "access_needs": "Hearing loop, please" if rng.random() < 0.03 else None,
        "travel_miles": pick(rng, _TRAVEL_MILES),
        "has_own_transport": rng.random() < 0.6,
        "heard_about": pick(rng, HEARD_ABOUT) if rng.random() < 0.5 else None,
        "notes": None,
        "erased_at": None,
    }


# The community around the demo hub (Llandovery, in the Tywi valley): what `hubapp demo`
# fills in, so that a newcomer sees a living app.

DEMO_HUB = ("Llandovery Library", "Llyfrgell Llanymddyfri", "SA20 0AP")


AREAS = {
    "Myddfai": "Myddfai and Llanddeusant",
    "Llanwrda": "Llanwrda and Porthyrhyd",
    "Cilycwm": "Cilycwm and Rhandirmwyn",
    "Tywi": "The Tywi valley",
}


@dataclass(frozen=True)
class DemoGroup:
    name: str
    welsh_name: str | None
    kind: str
    category: str
    purpose: str
    size: int
    meets: bool

    @property
    def area(self) -> str:
        return next((a for k, a in AREAS.items() if k in self.name), "Llandovery and district")


# fmt: off
DEMO_GROUPS = (
    DemoGroup("Llandovery Gardening Club", "Clwb Garddio Llanymddyfri", "group",
              "Environment and gardening", "Monthly talks, plant swaps and the summer show.",
              45, True),
    DemoGroup("Myddfai Community Council", "Cyngor Cymuned Myddfai", "community_council",
              "Local democracy", "The community council for Myddfai and Llanddeusant.", 9, True),
    DemoGroup("Llandovery Town Council", "Cyngor Tref Llanymddyfri", "community_council",
              "Local democracy", "The town council for Llandovery.", 11, True),
    DemoGroup("Llanwrda Community Council", "Cyngor Cymuned Llanwrda", "community_council",
              "Local democracy", "The community council for Llanwrda and Porthyrhyd.", 8, True),
    DemoGroup("Friends of Llandovery Library", "Cyfeillion Llyfrgell Llanymddyfri", "group",
              "Reading and learning", "Raising funds and running events for the library.",
              30, True),
    DemoGroup("Llandovery Repair Café", "Caffi Trwsio Llanymddyfri", "group", "Volunteering",
              "Bring your broken things; volunteers fix them with you, every first Saturday.",
              35, True),
    DemoGroup("Paned a Sgwrs", "Paned a Sgwrs", "group", "Welsh language",
              "Welsh conversation group for learners of every level, with tea.", 25, True),
    DemoGroup("Côr Meibion Llanymddyfri", "Côr Meibion Llanymddyfri", "group",
              "Music and choirs", "Male voice choir; rehearsals on Tuesday evenings.", 40, True),
    DemoGroup("Tywi Valley Walkers", "Cerddwyr Dyffryn Tywi", "group", "Sport and exercise",
              "Gentle Sunday walks of four to eight miles.", 50, False),
    DemoGroup("Llandovery Youth Club", "Clwb Ieuenctid Llanymddyfri", "group", "Young people",
              "Wednesday evenings for 11 to 18 year olds.", 20, True),
    DemoGroup("Memory Café", "Caffi Cof", "group", "Health and wellbeing",
              "A friendly afternoon for people living with dementia and their carers.", 18,
              False),
    DemoGroup("Community Car Scheme", "Cynllun Ceir Cymunedol", "group", "Volunteering",
              "Volunteer drivers taking people to appointments.", 22, True),
    DemoGroup("Llandovery Food Bank Volunteers", "Gwirfoddolwyr Banc Bwyd", "group",
              "Volunteering", "Sorting, packing and handing out food parcels.", 30, True),
    DemoGroup("Knit and Natter", "Gwau a Chlonc", "group", "Arts and crafts",
              "Bring your knitting; Thursday mornings in the library.", 16, False),
    DemoGroup("Llandovery Local History Society", "Cymdeithas Hanes Lleol Llanymddyfri",
              "group", "Heritage and history", "Talks, archives and the drovers' trail.", 35,
              True),
    DemoGroup("Meddygon Myddfai Heritage Group", "Grŵp Treftadaeth Meddygon Myddfai", "group",
              "Heritage and history", "Telling the story of the Physicians of Myddfai.", 15,
              False),
    DemoGroup("Cilycwm Memorial Hall Committee", "Pwyllgor Neuadd Goffa Cilycwm", "committee",
              "Volunteering", "Runs and books the memorial hall.", 9, True),
    DemoGroup("Llandovery Sheep Festival Committee", "Pwyllgor Gŵyl Ddefaid Llanymddyfri",
              "committee", "Heritage and history", "Organises the October sheep festival.", 12,
              True),
    DemoGroup("Tywi Valley Litter Pickers", "Codwyr Sbwriel Dyffryn Tywi", "group",
              "Environment and gardening", "Monthly litter picks along the river.", 40, False),
    DemoGroup("Digital Drop-in", "Sesiwn Galw Heibio Digidol", "group",
              "Reading and learning", "Help with phones, tablets and getting online.", 14,
              False),
    DemoGroup("Llandovery Book Club", "Clwb Llyfrau Llanymddyfri", "group",
              "Reading and learning", "One book a month, in English and Welsh.", 18, False),
    DemoGroup("Cylch Ti a Fi", "Cylch Ti a Fi", "group", "Children and families",
              "Parent and toddler group through the medium of Welsh.", 20, False),
    DemoGroup("Llandovery Men's Shed", "Sied Dynion Llanymddyfri", "group",
              "Health and wellbeing", "Woodwork, repairs and a cuppa.", 18, True),
    DemoGroup("Llandovery Allotment Society", "Cymdeithas Rhandiroedd Llanymddyfri", "group",
              "Environment and gardening", "Thirty plots by the river.", 30, True),
    DemoGroup("Tywi Valley Wildlife Group", "Grŵp Bywyd Gwyllt Dyffryn Tywi", "group",
              "Environment and gardening", "Surveys, nest boxes and red kite counts.", 25,
              False),
    DemoGroup("Chair Yoga", "Ioga Cadair", "group", "Health and wellbeing",
              "Gentle seated exercise on Monday mornings.", 15, False),
    DemoGroup("Llandovery Cricket Club", "Clwb Criced Llanymddyfri", "group",
              "Sport and exercise", "Saturday league cricket and junior coaching.", 30, True),
    DemoGroup("Carers' Support Group", "Grŵp Cefnogi Gofalwyr", "group",
              "Health and wellbeing", "Meeting other carers, with advice from the county.", 14,
              False),
    DemoGroup("Llandovery in Bloom", "Llanymddyfri yn ei Blodau", "group",
              "Environment and gardening", "Planters, hanging baskets and the spring bulbs.", 25,
              True),
    DemoGroup("Ynni Cymunedol Tywi", "Ynni Cymunedol Tywi", "group", "Volunteering",
              "Community energy: the hydro scheme and the solar roof on the school.", 20, True),
)

DEMO_ORGANISATIONS = (
    ("Carmarthenshire County Council", "public_body", "Roads, bins, schools and libraries.",
     "SA31 1JP"),
    ("Hywel Dda University Health Board", "public_body", "GP surgeries and hospitals.",
     "SA31 3BB"),
    ("Tywi Valley Buses", "business", "The 280 and 281 bus services.", "SA20 0AA"),
    ("Llandovery Food Bank", "voluntary_body", "Emergency food parcels.", "SA20 0AW"),
    ("Citizens Advice Carmarthenshire", "voluntary_body", "Free advice on money and rights.",
     "SA31 1QY"),
    ("Natural Resources Wales", "public_body", "Rivers, forests and flood warnings.", None),
)

# name, address, postcode, latitude, longitude, step free, on a bus route
DEMO_VENUES = (
    ("Llandovery Library", "Kings Road, Llandovery", "SA20 0AP", 51.9948, -3.7972, True, True),
    ("Llandovery Town Hall", "Market Square, Llandovery", "SA20 0AB", 51.9953, -3.7988, False,
     True),
    ("Neuadd Myddfai", "Myddfai, Llandovery", "SA20 0JD", 51.9590, -3.7790, True, False),
    ("Llanwrda Community Hall", "Llanwrda", "SA19 8HD", 51.9632, -3.8719, True, True),
    ("Cilycwm Memorial Hall", "Cilycwm, Llandovery", "SA20 0SS", 52.0466, -3.8275, False,
     False),
    ("Capel Salem Vestry", "Stone Street, Llandovery", "SA20 0DQ", 51.9961, -3.7960, False,
     True),
)

# title, group (or None), description, recurrence, skills and interests, welsh needed
DemoOpportunity = tuple[str, str | None, str, dict[str, list[str]], tuple[str, ...], bool]
DEMO_OPPORTUNITIES: tuple[DemoOpportunity, ...] = (
    ("Volunteer driver", "Community Car Scheme",
     "Drive neighbours to GP and hospital appointments; mileage paid.",
     {"tue": ["morning"], "thu": ["morning", "afternoon"]}, ("driving", "older-people"), False),
    ("Repair Café fixer", "Llandovery Repair Café",
     "Mend lamps, toasters, clothes and bikes with their owners.", {"sat": ["morning"]},
     ("diy", "environment"), False),
    ("Digital buddy", "Digital Drop-in", "Help people get started with phones and tablets.",
     {"wed": ["afternoon"]}, ("it-support", "digital-inclusion"), False),
    ("Food bank Saturday shift", "Llandovery Food Bank Volunteers",
     "Sort donations and pack parcels.", {"sat": ["morning"]}, ("food",), False),
    ("Host for Paned a Sgwrs", "Paned a Sgwrs", "Welcome learners and keep the chat going.",
     {"mon": ["evening"]}, ("welsh-language", "welsh-culture"), True),
    ("Youth club helper", "Llandovery Youth Club",
     "Run games and activities; a DBS check is arranged for you.", {"wed": ["evening"]},
     ("young-people",), False),
    ("Memory Café volunteer", "Memory Café", "Serve tea, chat and join in the singing.",
     {"fri": ["afternoon"]}, ("befriending", "older-people"), False),
    ("Treasurer", "Llandovery Gardening Club",
     "Keep the club's accounts; about two hours a month.", {}, ("accounts",), False),
    ("Library garden volunteer", None, "Look after the raised beds outside the library.",
     {"thu": ["morning"]}, ("gardening", "growing"), False),
    ("Minute taker", "Llandovery Sheep Festival Committee",
     "Take the minutes at six committee meetings a year.", {}, ("minute-taking",), False),
)

# subject ("hub", a group's name or an organisation's name), rating, reason, comment
DEMO_FEEDBACK = (
    ("hub", 5, "Welcome", "Lovely welcome at the desk, and they found me a group to join."),
    ("hub", 4, "Opening hours", "Could the library open later on Thursdays?"),
    ("hub", 5, "Welsh", "Diolch am y croeso yn Gymraeg."),
    ("hub", 3, "Access", "The ramp at the side door is steep for a wheelchair."),
    ("Tywi Valley Buses", 2, "Reliability", "The 280 never turns up on time on Saturdays."),
    ("Tywi Valley Buses", 1, "Reliability", "Last bus back from Carmarthen was cancelled."),
    ("Tywi Valley Buses", 4, "Staff", "The driver waited while I got my shopping on."),
    ("Carmarthenshire County Council", 2, "Roads", "Potholes on Heol y Bont, again."),
    ("Carmarthenshire County Council", 3, "Bins", "Recycling was missed twice this month."),
    ("Carmarthenshire County Council", 4, "Libraries", "Grateful the library stayed open."),
    ("Hywel Dda University Health Board", 2, "Appointments",
     "Three weeks to see a GP is too long."),
    ("Llandovery Food Bank", 5, "Kindness", "No questions, just kindness. Thank you."),
    ("Llandovery Repair Café", 5, "Fixed it", "They mended my mum's old radio!"),
    ("Llandovery Repair Café", 4, "Busy", "Long wait, but worth it."),
    ("Paned a Sgwrs", 5, "Learning", "My Welsh has come on so much since I started."),
    ("Tywi Valley Walkers", 4, "Walks", "More shorter walks for beginners, please."),
    ("Memory Café", 5, "Carers", "The only afternoon in the week my husband really enjoys."),
    ("Myddfai Community Council", 3, "Meetings", "Could meetings be streamed online?"),
    ("Llandovery Youth Club", 4, "Activities", "Best night of the week."),
    ("Natural Resources Wales", 3, "Flooding", "Flood warning texts came after the flood."),
)

AGENDA_STANDARD = (
    ("Apologies for absence", "apologies"),
    ("Declarations of interest", "declarations"),
    ("Minutes of the last meeting", "minutes"),
    ("Matters arising", "matters_arising"),
)
AGENDA_TOPICS = (
    "Finance report and payments to approve", "Potholes and road safety on the A40",
    "Planning applications", "Christmas lights", "Grant requests from local groups",
    "Defibrillator at the village hall", "Bus services after 6pm", "Spring litter pick",
    "Membership fees for next year", "The summer show", "Hall bookings and insurance",
    "Welsh-language signage", "Correspondence",
)
ACTIONS = (
    "Write to the county council about the potholes on Heol y Bont",
    "Get three quotes for the new defibrillator cabinet",
    "Book the hall for the summer show",
    "Ask Tywi Valley Buses for the new timetable",
    "Put the grant notice in the newsletter, in Welsh and English",
)
APOLOGY_REASONS = ("Work commitments", "Unwell", "Away on holiday", "Family matters")
# fmt: on
