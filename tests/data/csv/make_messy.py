"""Writes the messy member spreadsheets the import tests use (run it to regenerate them).

messy-cp1252.csv: what Excel on Windows saves as "CSV": Windows-1252, no BOM, semicolons,
CRLF, a blank line, a row of empty cells, unknown and unnamed columns. messy-utf8-bom.csv:
the same people as "CSV UTF-8" (with a BOM) and commas, with letters Windows-1252 lacks.

Rows: 2, 3, 4, 6, 12, 13 are new people; 7 has a bad postcode; 8 a bad email; 9 is Ffion
Rees, whom the tests sign up first; 10 repeats row 2 (same mobile); 5 and 11 are blank.
"""

from pathlib import Path

HERE = Path(__file__).parent
HEADER = [
    "Forename",
    "Surname",
    "E-mail",
    "Mobile",
    "Post code",
    "Address 1",
    "Town",
    "Skills",
    "Favourite biscuit",
    "",
]
ROWS = [
    [
        "Siân",
        "Llewellyn",
        "sian.llewellyn@example.org",
        "07700 900123",
        "sa20 0ab",
        "3 Stryd Fawr",
        "Llandovery",
        "Gardening; Driving",
        "Welsh cake",
        "",
    ],
    [
        "Gwenllïan",
        "ap Dafydd",
        "gwen@example.cymru",
        "",
        "SA19 6AB",
        "Maes y Dderwen",
        "Llandeilo",
        "Cooking, First aid",
        "",
        "",
    ],
    [
        "Siobhán",
        "Ó Briain",
        "siobhan.obriain@example.ie",
        "01550 720123",
        "SA20 0AD",
        "",
        "",
        "",
        "Hobnob",
        "",
    ],
    None,
    ["Nia", "O’Connor", "", "07700 900456", "LD1 5AA", "", "Llandrindod Wells", "", "", ""],
    ["Mererid", "Hopwood", "mererid@example.org", "", "SA19", "", "", "", "", ""],
    ["Geraint", "Thomas", "geraint@@example.org", "", "SA48 7AA", "", "", "", "", ""],
    ["Ffion", "Rees", "FFION.REES@EXAMPLE.ORG", "", "", "", "", "", "", ""],
    ["Siân", "Llewellyn", "", "07700900123", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", ""],
    ["Rhodri", "Morgan", "rhodri.morgan@example.org", "", "CF10 1AA", "", "", "", "", ""],
    ["Dafydd", "ap Rhys", "", "", "", "1 Heol y Bont", "Llandeilo", "", "", ""],
]


def _line(cells: list[str], sep: str) -> str:
    def quote(cell: str) -> str:
        if sep in cell or ";" in cell or "," in cell or '"' in cell:
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return sep.join(quote(c) for c in cells)


def write() -> None:
    lines = [_line(HEADER, ";")] + [_line(r, ";") if r else "" for r in ROWS]
    (HERE / "messy-cp1252.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    utf8_rows = [list(r) if r else None for r in ROWS]
    assert utf8_rows[2] is not None and utf8_rows[0] is not None
    utf8_rows[2][5] = "Tŷ Gwyn Farm"  # ŷ has no place in Windows-1252
    lines = [_line(HEADER, ",")] + [_line(r, ",") if r else "" for r in utf8_rows]
    (HERE / "messy-utf8-bom.csv").write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())


if __name__ == "__main__":
    write()
