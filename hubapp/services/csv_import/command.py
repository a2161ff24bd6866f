"""The `hubapp import-members` command: check, import, and report in plain words."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from hubapp.models.database import Database
from hubapp.services.csv_import.checking import preview_import
from hubapp.services.csv_import.mapping import FIELD_LABELS, MappingProblem, propose_mapping_for
from hubapp.services.csv_import.reading import CsvUnreadable, read_csv
from hubapp.services.csv_import.rows import ImportPreview, RowStatus, counted, summary_line
from hubapp.services.csv_import.writing import BadRows, import_members


def run_import_command(
    db: Database, path: Path, *, dry_run: bool, skip_invalid: bool, out: TextIO
) -> int:
    """`hubapp import-members`: 0 when every row was good, 1 when any row was bad (nothing
    written, unless --skip-invalid), 2 when the file cannot be imported at all."""
    import sys

    try:
        table = read_csv(Path(path))
        mapping = propose_mapping_for(table)
        print(
            f"Read {table.name}: {len(table.rows):,} rows, {table.encoding_label}, "
            f"separated by {table.delimiter_label}.",
            file=out,
        )
        used = [f"{h} → {FIELD_LABELS[f]}" for h, f in mapping.items() if f]
        print("Columns: " + "; ".join(used) + ".", file=out)
        if any(not f for f in mapping.values()):
            print(
                "Ignored columns: " + ", ".join(h for h, f in mapping.items() if not f) + ".",
                file=out,
            )
        written = False
        if dry_run:
            preview = preview_import(db, table, mapping)
        else:
            try:
                result = import_members(
                    db, table, mapping, staff_user_id=None, skip_invalid=skip_invalid
                )
                preview, written = result.preview, True
            except BadRows as failed:
                preview = failed.preview
    except (CsvUnreadable, MappingProblem) as exc:
        print(f"hubapp: cannot import {path}: {exc}", file=sys.stderr)
        return 2
    print(summary_line(preview.counts) + ".", file=out)
    _print_report(preview, out)
    bad = len(preview.bad_rows)
    if dry_run:
        print("Dry run: nothing was written.", file=out)
    elif not written:
        print(
            "Nothing was written. Fix the bad rows, or run again with --skip-invalid to "
            f"import the other {counted(preview.to_write, 'row')}.",
            file=out,
        )
    else:
        new = preview.counts[RowStatus.NEW]
        skipped = f"; {counted(bad, 'bad row')} skipped." if bad else "."
        print(
            f"Imported: {new:,} new member{'' if new == 1 else 's'}, "
            f"{preview.counts[RowStatus.UPDATE]:,} updated{skipped}",
            file=out,
        )
    return 1 if bad else 0


def _print_report(preview: ImportPreview, out: TextIO) -> None:
    if preview.bad_rows:
        print("Bad rows:", file=out)
        for problem in preview.problems:
            print(f"  {problem.text}", file=out)
    skipped = [r for r in preview.rows if r.status in (RowStatus.MATCHED, RowStatus.REPEAT)]
    if skipped:
        print("Skipped, already known:", file=out)
        for row in skipped:
            why = ", ".join(row.reasons)
            if row.status is RowStatus.MATCHED:
                print(
                    f"  Row {row.row}: matches existing member {row.member_name} ({why}).", file=out
                )
            else:
                print(f"  Row {row.row}: same person as row {row.repeat_of} ({why}).", file=out)
