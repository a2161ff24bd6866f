"""What the Welsh tests share: the kiosk's catalogue read straight from its .ts file, every
English word the kiosk can show (from its own code, found with `ast`, and from the services),
and a matcher that tells whether a piece of screen text is one of those English words."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hubapp.services import consent, feedback
from hubapp.services.matching_rules import TEMPLATES

REPO = Path(__file__).resolve().parents[2]
KIOSK = REPO / "hubapp" / "ui" / "kiosk"
TS = REPO / "hubapp" / "resources" / "translations" / "kiosk_cy.ts"
QM = TS.with_suffix(".qm")
MARKERS = ("translate", "QT_TRANSLATE_NOOP")
PLACEHOLDER = re.compile(r"%\d+|%n|\{[a-z_]+\}")


@dataclass(frozen=True)
class Entry:
    welsh: str
    kind: str  # "" when finished; "unfinished", "obsolete", "vanished"...


def read_ts(path: Path = TS) -> dict[tuple[str, str], Entry]:
    """(context, English) -> its Welsh, as the .ts file has it."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, message.findtext("source")
            key = (name, message.findtext("source", ""))
            found[key] = Entry(translation.text or "", translation.get("type", ""))
    return found


def words_in_code() -> set[tuple[str, str]]:
    """Every translate("context", "English") and QT_TRANSLATE_NOOP(...) in the kiosk's code
    whose words are written out there (the rest pass words marked elsewhere)."""
    found = set()
    for path in sorted(KIOSK.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            context, source = node.args[0], node.args[1]
            if (
                name in MARKERS
                and isinstance(context, ast.Constant)
                and isinstance(source, ast.Constant)
                and isinstance(context.value, str)
                and isinstance(source.value, str)
            ):
                found.add((context.value, source.value))
    return found


def words_from_services() -> set[tuple[str, str]]:
    """The services' English that the kiosk shows, in the contexts it translates them under."""
    found = {("consent", consent.PRIVACY_NOTICE)}
    for purpose in consent.PURPOSES:
        found |= {("consent", purpose.label), ("consent", purpose.wording)}
    found |= {("feedback", reason) for reason in feedback.QUICK_REASONS}
    found |= {("matching", to_visitor) for to_visitor, _to_staff in TEMPLATES.values()}
    return found


def kiosk_words() -> set[tuple[str, str]]:
    return words_in_code() | words_from_services()


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@cache
def english_patterns() -> tuple[re.Pattern[str], ...]:
    """A pattern for each English word with Welsh that differs, its placeholders standing for
    anything (words that are nothing but placeholders, "{when}", are left out)."""
    patterns = []
    for (_context, source), entry in read_ts().items():
        if entry.welsh == source or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", source)):
            continue
        parts = [re.escape(part) for part in PLACEHOLDER.split(source)]
        patterns.append(re.compile(".+?".join(parts), re.DOTALL | re.IGNORECASE))
    return tuple(patterns)


def is_english(text: str) -> bool:
    """Is `text` (a line on screen) one of the kiosk's English words, filled in or not?"""
    line = text.strip().removeprefix("⚠ ").removeprefix("✓ ").removeprefix("• ")
    return any(p.fullmatch(line) for p in english_patterns())
