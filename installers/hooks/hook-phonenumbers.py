"""PyInstaller hook for phonenumbers, used instead of the stock one (which collects every
submodule): hubapp parses and formats numbers, which needs the per-country metadata
(phonenumbers.data, shortdata) but not the 40 MB of place names, carriers and time zones."""

import os

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")


def _wanted(name: str) -> bool:
    if os.environ.get("HUBAPP_UNTRIMMED") == "1":
        return True
    parts = name.split(".")
    return len(parts) < 2 or parts[1] not in UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
