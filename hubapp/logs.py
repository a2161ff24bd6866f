"""Logging to a rotating file in the data folder. Log lines name records by id only, never by
a person's name, contact details or anything else personal."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured = False


def configure_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    global _configured
    log_dir = data_dir / "logs"
    log_file = log_dir / "hubapp.log"
    if _configured:
        return log_file
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("hubapp")
    root.setLevel(level)
    root.addHandler(handler)
    _configured = True
    return log_file
