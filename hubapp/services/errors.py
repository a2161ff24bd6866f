"""Typed errors the services raise. Each carries plain English words for the user; the UI
passes them through Qt's translator (context "errors") so that Welsh can follow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hubapp.services.duplicates import DuplicateMatch


class ServiceError(Exception):
    """Something the user can fix or should know; `str()` is the message."""


class FieldProblem(ServiceError):
    """One field's value is not acceptable."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ValidationFailed(ServiceError):
    """Several fields at once; `problems` maps field name to message, in form order."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.problems.items()))


class LikelyDuplicate(ServiceError):
    """Saving would probably create a second record of someone already known."""

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        self.matches = matches
        super().__init__(
            "This looks like someone already registered. Open their record, or confirm that "
            "this is a different person."
        )


class NotFound(ServiceError):
    pass


class NotAllowed(ServiceError):
    """The signed-in staff member's role does not allow this."""


class SignInFailed(ServiceError):
    pass
