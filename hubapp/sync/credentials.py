"""Keeping the device token: the OS keyring, or where none works (headless Linux, kiosks) a file
in the data folder readable only by this user. Never crashes; logs which one (never the token)."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger("hubapp.sync")

SERVICE = "hubapp"
TOKEN_FILENAME = "sync-token"


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return False
        # The "null" backend silently stores nothing; chainer with no backends is as bad.
        name = type(backend).__module__ + "." + type(backend).__name__
        return "null" not in name.lower() and backend.priority > 0
    except Exception:  # any import or backend discovery failure means: no keyring here
        return False


class TokenStore:
    """Reads and writes one device token under `username` (server URL + hub id)."""

    def __init__(self, data_dir: Path, username: str, use_keyring: bool | None = None) -> None:
        self.path = data_dir / TOKEN_FILENAME
        self.username = username
        self.use_keyring = _keyring_usable() if use_keyring is None else use_keyring

    @property
    def where(self) -> str:
        """Words for the settings screen."""
        return "the system keyring" if self.use_keyring else f"a private file ({self.path})"

    def save(self, token: str) -> None:
        if self.use_keyring:
            try:
                import keyring

                keyring.set_password(SERVICE, self.username, token)
                log.info("device token saved in the system keyring")
                return
            except Exception as exc:  # a locked or broken keyring must not stop enrolment
                log.warning("keyring refused the device token (%s); using a file", type(exc))
                self.use_keyring = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"{self.username}\n{token}\n")
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)
        log.warning(
            "no usable keyring: device token saved in %s (readable by this user only)", self.path
        )

    def load(self) -> str | None:
        if self.use_keyring:
            try:
                import keyring

                token = keyring.get_password(SERVICE, self.username)
                if token:
                    return token
            except Exception as exc:
                log.warning("keyring unreadable (%s); trying the token file", type(exc))
        try:
            username, token = self.path.read_text(encoding="utf-8").splitlines()[:2]
        except (OSError, ValueError):
            return None
        return token if username == self.username else None
