"""Importing members from the spreadsheets hubs already keep: reading a CSV file of any
common shape, proposing a column mapping, a preview of every row, and writing the good rows
in one transaction.

Policy (also in docs/import-export.md):
- Nothing is written until `import_members` is called. It writes every good row or none
  (with `skip_invalid`: the good rows, and the bad ones are still reported), in one
  transaction that checks every row again, so the result is right even if someone signed up
  at the desk between the preview and the import.
- A row with a known member `id` updates that member: only the columns present in the file
  (a blank cell clears that field). An unknown, deleted or erased id makes the row bad.
- A row without an id that the shared duplicate rule (`services.duplicates`) says is likely
  an existing member is *matched* to that member: reported and skipped. An existing member
  is never changed on a guess; to update people, export, edit and re-import with their ids.
- A row that is likely the same person as an earlier row of the file is reported, skipped.
- Consent is never assumed from an import: consent records are written only for explicit
  consent columns (`consent_newsletter` and so on, "yes" or "no"), on the channel "import".

The modules, in the order a file goes through them: `reading`, `mapping`, `values` (one
row), `lookups` and `matching` (what rows are compared with), `checking` (the preview),
`writing` and `inserting` (the import), `command` (`hubapp import-members`); `rows` holds
the preview's types.
"""

from __future__ import annotations

from hubapp.services.csv_import.checking import preview_import
from hubapp.services.csv_import.command import run_import_command
from hubapp.services.csv_import.mapping import (
    CONSENT_FIELDS,
    FIELD_LABELS,
    JOINED_FIELDS,
    Mapping,
    MappingProblem,
    header_key,
    mapping_problems,
    propose_mapping,
    propose_mapping_for,
)
from hubapp.services.csv_import.reading import (
    DELIMITER_LABELS,
    ENCODING_LABELS,
    CsvTable,
    CsvUnreadable,
    decode_bytes,
    read_csv,
    sniff_delimiter,
)
from hubapp.services.csv_import.rows import (
    BATCH,
    PHASE_CHECKING,
    PHASE_IMPORTING,
    WRITTEN,
    ImportPreview,
    PreviewRow,
    Progress,
    RowProblem,
    RowStatus,
    describe_problem,
    summary_line,
)
from hubapp.services.csv_import.values import (
    DATE_HINT,
    parse_availability,
    parse_date,
    split_list,
)
from hubapp.services.csv_import.writing import (
    BULK_INDEX_FROM,
    BadRows,
    ImportResult,
    import_members,
)
from hubapp.services.validation import quick_email, quick_phone

__all__ = [
    "BATCH",
    "BULK_INDEX_FROM",
    "CONSENT_FIELDS",
    "DATE_HINT",
    "DELIMITER_LABELS",
    "ENCODING_LABELS",
    "FIELD_LABELS",
    "JOINED_FIELDS",
    "PHASE_CHECKING",
    "PHASE_IMPORTING",
    "WRITTEN",
    "BadRows",
    "CsvTable",
    "CsvUnreadable",
    "ImportPreview",
    "ImportResult",
    "Mapping",
    "MappingProblem",
    "PreviewRow",
    "Progress",
    "RowProblem",
    "RowStatus",
    "decode_bytes",
    "describe_problem",
    "header_key",
    "import_members",
    "mapping_problems",
    "parse_availability",
    "parse_date",
    "preview_import",
    "propose_mapping",
    "propose_mapping_for",
    "quick_email",
    "quick_phone",
    "read_csv",
    "run_import_command",
    "sniff_delimiter",
    "split_list",
    "summary_line",
]
