"""Keeps the kiosk's Welsh catalogue, hubapp/resources/translations/kiosk_cy.ts (and the
kiosk_cy.qm compiled from it), in step with the kiosk's words. Run from the repository root:

    .venv/bin/python tools/kiosk_translations.py update    # new words in, gone ones out
    .venv/bin/python tools/kiosk_translations.py compile   # .ts -> .qm, which the kiosk loads
    .venv/bin/python tools/kiosk_translations.py status    # how many have Welsh; what lacks it

`update` runs pyside6-lupdate over hubapp/ui/kiosk/*.py, plus the English the kiosk shows
from the services (the privacy notice and consent wording, the feedback reasons, the reasons
a result matched), which it writes out for lupdate as QT_TRANSLATE_NOOP calls first.
Translations already made are kept. Translate with pyside6-linguist, or in the .ts itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

KIOSK = REPO / "hubapp" / "ui" / "kiosk"
TS = REPO / "hubapp" / "resources" / "translations" / "kiosk_cy.ts"
QM = TS.with_suffix(".qm")


def service_words() -> list[tuple[str, str]]:
    """(context, English) for the words the kiosk shows from the services, in the contexts
    the kiosk translates them under."""
    from hubapp.services import consent, feedback
    from hubapp.services.matching_rules import TEMPLATES

    words = [("consent", consent.PRIVACY_NOTICE)]
    for purpose in consent.PURPOSES:
        words += [("consent", purpose.label), ("consent", purpose.wording)]
    words += [("feedback", reason) for reason in feedback.QUICK_REASONS]
    visitor = dict.fromkeys(to_visitor for to_visitor, _to_staff in TEMPLATES.values())
    words += [("matching", template) for template in visitor]
    return words


def qt_tool(name: str) -> str:
    """pyside6-lupdate or pyside6-lrelease, beside this Python first."""
    here = Path(sys.executable).parent
    found = shutil.which(f"pyside6-{name}", path=str(here)) or shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} is not installed (it comes with PySide6)")
    return found


def update(ts: Path = TS) -> None:
    with tempfile.TemporaryDirectory() as folder:
        extra = Path(folder) / "kiosk_service_words.py"
        lines = [
            f"QT_TRANSLATE_NOOP({json.dumps(c)}, {json.dumps(s, ensure_ascii=False)})"
            for c, s in service_words()
        ]
        extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
        sources = sorted(str(p) for p in KIOSK.glob("*.py"))
        subprocess.run(
            [qt_tool("lupdate"), *sources, str(extra), "-ts", str(ts),
             "-target-language", "cy_GB", "-no-obsolete", "-locations", "none"],
            check=True,
        )  # fmt: skip


def compile_qm(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([qt_tool("lrelease"), str(ts), "-qm", str(qm)], check=True)


def catalogue(ts: Path = TS) -> dict[tuple[str, str], str]:
    """(context, English) -> Welsh ("" where there is none yet) from the .ts file."""
    found: dict[tuple[str, str], str] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and not translation.get("type")
            welsh = (translation.text or "") if finished and translation is not None else ""
            found[(name, message.findtext("source", ""))] = welsh
    return found


def status(ts: Path = TS) -> int:
    words = catalogue(ts)
    missing = sorted(key for key, welsh in words.items() if not welsh)
    contexts = sorted({context for context, _ in words})
    for context in contexts:
        mine = [w for (c, _), w in words.items() if c == context]
        print(f"{context:10} {sum(bool(w) for w in mine):4} of {len(mine):4} in Welsh")
    print(f"{'all':10} {len(words) - len(missing):4} of {len(words):4} in Welsh")
    for context, source in missing:
        print(f"  no Welsh yet [{context}] {source}")
    return 1 if missing else 0


def main(args: list[str]) -> int:
    command = args[0] if args else ""
    if command == "update":
        update()
        return status()
    if command == "compile":
        compile_qm()
        return 0
    if command == "status":
        return status()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
