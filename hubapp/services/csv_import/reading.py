"""Reading a members CSV file of any common shape: encoding, separator, header row, rows."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from hubapp.services.errors import ServiceError


class CsvUnreadable(ServiceError):
    """The file cannot be read as a table of members; `str()` says why and what to do."""


ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
DELIMITER_LABELS = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclass(frozen=True)
class CsvTable:
    """A file as read: its header and its rows, each with its spreadsheet row number (the
    header is row 1, blank rows still count). Blank rows are left out."""

    name: str
    encoding: str
    delimiter: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    blank_rows: int = 0

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self) -> str:
        return DELIMITER_LABELS.get(self.delimiter, repr(self.delimiter))

    def sample(self, column: int, count: int = 3) -> list[str]:
        """The first few non-empty values of a column, to help choose its meaning."""
        found: list[str] = []
        for _, cells in self.rows:
            if column < len(cells) and cells[column].strip():
                found.append(cells[column].strip())
                if len(found) == count:
                    break
        return found


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding used. UTF-8 is preferred whenever the bytes are
    valid UTF-8; otherwise Windows-1252 (what Excel on Windows saves), unless
    charset-normalizer is sure that the file is something else."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvUnreadable(
            "This is an Excel workbook, not a CSV file. In Excel, choose File, Save As, "
            "“CSV UTF-8”, then import that file."
        )
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = "cp1252"
    matches = charset_normalizer.from_bytes(data[:1_000_000])
    best = matches.best()
    if best is not None:
        # Short files fit several code pages equally well; then Windows-1252 wins.
        fits_1252 = any(m.encoding == "cp1252" and m.chaos <= best.chaos for m in matches)
        encoding = "cp1252" if fits_1252 else best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
    if "\x00" in text:
        raise CsvUnreadable("This file is not a text file. Save the spreadsheet as CSV first.")
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first rows into the most columns,
    the same number in every row."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t"):
        widths = [
            len(r)
            for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if any(c.strip() for c in r)
        ][:50]
        if not widths or widths[0] < 2:
            continue
        steady = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = steady * widths[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(source: Path | bytes, name: str = "") -> CsvTable:
    """Reads a CSV file (or its bytes). Raises CsvUnreadable with words for the user."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise CsvUnreadable(f"There is no file “{source}”.") from None
        except IsADirectoryError:
            raise CsvUnreadable(f"“{source}” is a folder, not a CSV file.") from None
        except OSError as exc:
            raise CsvUnreadable(
                f"The file “{source}” could not be read ({exc.strerror})."
            ) from None
    else:
        data = source
    text, encoding = decode_bytes(data)
    delimiter = sniff_delimiter(text)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    blank = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                blank += headers is not None
                continue
            if headers is None:
                headers = _unique_headers(cells)
            else:
                rows.append((number, tuple(cells)))
    except csv.Error as exc:
        raise CsvUnreadable(f"The file is not a readable CSV file ({exc}).") from None
    if headers is None:
        raise CsvUnreadable("The file is empty: there is no header row naming the columns.")
    return CsvTable(name, encoding, delimiter, headers, tuple(rows), blank)


def _unique_headers(cells: list[str]) -> tuple[str, ...]:
    seen: Counter[str] = Counter()
    out = []
    for i, cell in enumerate(cells):
        header = cell.replace("\ufeff", "").strip() or f"Column {i + 1}"
        seen[header] += 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return tuple(out)
