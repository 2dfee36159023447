"""The unit's own information (``unit.toml``) while the unit form edits it; no textual here.

A :class:`UnitDocument` is to ``unit.toml`` what a
:class:`~store.document.ProjectDocument` is to a project file: a working copy
changed field by field, checked live (the unit rules against the projects as
they are: 项目个数, 涉及项目预算资金), saved through the file's own document
(comments and key order kept, :meth:`store.toml_store.Store.save_unit`) unless
the file changed on disk meanwhile.  Each step returns an
:class:`~store.document.Outcome` whose Chinese message the screen shows as it is.
"""

from __future__ import annotations

import copy
import tomllib

from . import model as m
from .document import CONFLICT, DONE, FAILED, SAVED, UNCHANGED, CannotOpen, Outcome
from .findings import Finding
from .reading import parse_text
from .toml_store import ANY, SaveConflict, StoreError
from .workspace import Workspace

__all__ = ["UnitDocument"]

_KEYS = {spec.key for spec in m.UNIT_FIELDS}


class UnitDocument:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        #: unit.toml's text when it was read or last saved.
        self.expected = workspace.unit_text
        self.unit = copy.deepcopy(workspace.unit)
        self._saved = copy.deepcopy(workspace.unit)
        self._findings: list[Finding] | None = None
        #: unit.toml was saved (or read again): the unit screen checks its projects again.
        self.workspace_changed = False

    @classmethod
    def open(cls, workspace: Workspace) -> "UnitDocument":
        """The unit as ``unit.toml`` holds it now.  Raises :class:`~store.document.CannotOpen`
        when the file cannot be read or parsed: the form would have nothing to keep."""
        text = workspace.unit_text
        if text is None:
            raise CannotOpen("无法读取 unit.toml，单位信息不能在此修改。请按底部提示处理后按 F5。")
        if not _parses(text):
            raise CannotOpen("unit.toml 有格式错误，单位信息不能在此修改。请按底部提示用文本编辑器修正后按 F5。")
        return cls(workspace)

    # -- state -------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Changes not yet saved."""
        return self.unit != self._saved

    def set_field(self, key: m.KeyPath, value: object) -> bool:
        """Set one field of the working copy; False when it already held ``value``."""
        old = m.get_at(self.unit, key)
        if old is value:  # the form handing back the value it was given: nothing was typed
            return False
        if type(old) is type(value) and old == value and tuple(key) not in self.unit.review:
            return False  # (the same value typed again over a roll-over mark confirms it: set below)
        m.set_at(self.unit, key, value)
        self._findings = None
        return True

    @property
    def findings(self) -> list[Finding]:
        """The unit rules on the working copy, against the projects as they are, with what reading
        unit.toml found about a field not changed since (or about the store itself)."""
        if self._findings is None:
            load = [f for f in self.workspace.unit_load_findings
                    if not f.path or tuple(f.path) not in _KEYS or tuple(f.path) in self.unit.refused]
            self._findings = self.workspace.check_unit(self.unit, load, self.expected)
        return self._findings

    @property
    def projects(self) -> tuple[int, int, object]:
        """(projects in the store, how many are still being read, the sum of the known
        年度资金申请总额): what 项目个数 and 涉及项目预算资金 are checked against."""
        ws = self.workspace
        return len(ws.ids), ws.unknown, ws.projects_total

    # -- saving --------------------------------------------------------------------

    def save(self, overwrite: bool = False) -> Outcome:
        """Save unless unit.toml changed on disk since it was read (then a conflict:
        :meth:`reload_from_disk`, or save again with ``overwrite``: these values over theirs)."""
        try:
            written = self.workspace.store.save_unit(self.unit, expected=ANY if overwrite else self.expected)
        except SaveConflict as err:
            return Outcome(CONFLICT, str(err))
        except (StoreError, OSError) as err:
            return Outcome(FAILED, f"未保存：{err}")
        if written or overwrite:
            self._read_again()
        self._saved = copy.deepcopy(self.unit)
        return Outcome(SAVED, "单位信息已保存") if written else Outcome(UNCHANGED, "没有改动，无需保存")

    def reload_from_disk(self) -> Outcome:
        """Take unit.toml as it is now; the changes made here are dropped."""
        text = self._read_again()
        if text is None or not _parses(text):
            return Outcome(FAILED, "磁盘上的 unit.toml 现在无法读取或有格式错误；你的修改仍在")
        self.unit = copy.deepcopy(self.workspace.unit)
        self._saved = copy.deepcopy(self.unit)
        self._findings = None
        return Outcome(DONE, "已读取磁盘上的 unit.toml")

    def _read_again(self) -> str | None:
        """The workspace reads unit.toml again (its projects are checked again against it);
        that text is what a save now expects to find."""
        self.workspace.reload_unit()
        self.workspace_changed = True
        self.expected = self.workspace.unit_text
        self._findings = None
        return self.expected


def _parses(text: str) -> bool:
    """The text is TOML (a save edits it in place: a file that is not cannot be kept)."""
    try:
        parse_text(text)
    except tomllib.TOMLDecodeError:
        return False
    return True
