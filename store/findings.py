"""A finding: what the check engine (or the loader) says about one place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Iterable, Union

__all__ = ["Finding", "KeyPath", "Severity", "ERROR", "WARNING", "sort_key", "worst"]


class Severity(StrEnum):
    """How bad a finding is; its value is what ``jixiao check`` prints and JSON holds."""

    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING

#: A path of keys and array indices inside one TOML document, e.g.
#: ``("budget", "groups", 0, "lines", 3, "amount")``.
KeyPath = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    #: The file, as a path string (relative to where the store was opened).
    file: str = ""
    #: The project id, or ``""`` for the unit.
    project: str = ""
    #: Where in the document; ``()`` for the whole file.
    path: KeyPath = ()
    #: The place in Chinese, as the form names it.
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.severity, Severity):  # read back from the index, or given as text
            object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def text(self) -> str:
        """What ``jixiao check`` says: the place, then the message (as :func:`store.rules.with_field`)."""
        return f"{self.field}：{self.message}" if self.field else self.message

    def located(self, line: int | None, column: int | None = None) -> "Finding":
        return replace(self, line=line, column=column)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "project": self.project,
            "path": list(self.path),
            "field": self.field,
        }


def sort_key(finding: Finding) -> tuple:
    return (finding.file, finding.line or 0, finding.column or 0, finding.rule)


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The worst severity among ``findings``: ERROR over WARNING; None when there are none."""
    found = None
    for finding in findings:
        if finding.is_error:
            return ERROR
        found = WARNING
    return found
