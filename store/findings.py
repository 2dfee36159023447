"""A finding: what the check engine (or the loader) says about one place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Union

__all__ = ["Finding", "KeyPath", "ERROR", "WARNING", "sort_key"]

ERROR = "error"
WARNING = "warning"

#: A path of keys and array indices inside one TOML document, e.g.
#: ``("budget", "groups", 0, "lines", 3, "amount")``.
KeyPath = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
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

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def located(self, line: int | None, column: int | None = None) -> "Finding":
        return replace(self, line=line, column=column)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
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
