"""The unit form (F2 on the unit screen): ``unit.toml``'s fields, checked as they are typed.

单位名称, 主管部门, 年度, 预算单位个数, 编报项目个数, 涉及项目预算资金 and 指标框架,
one :class:`~tui.widgets.form_field.FormField` each.  Every change goes to the
:class:`~store.unit_document.UnitDocument`, which checks the unit against the
projects as they are; the line under the fields says what 项目个数 and 涉及项目预算资金
are checked against, and the panel shows the findings (Enter on one moves to its field).
Saving, conflicts and what a save changes belong to the document: this screen
calls it and shows what it says.  It closes with whether ``unit.toml`` was saved
(or read again), so that the unit screen checks its projects again.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.screen import Screen
from textual.widgets import Static

from store import model as m
from store.document import Outcome
from store.normalize import format_yuan
from store.unit_document import UnitDocument

from ..dialogs import Choice, ChoiceDialog
from ..key_order import typed_into
from ..keymap import bindings
from ..text import visible
from ..widgets.findings_panel import FindingsPanel
from ..widgets.form_field import FieldChanged, FormField, stop_at_invalid
from ..widgets.key_bar import KeyBar
from ..widgets.form_scroll import FormScroll
from .quiet_focus import QuietFocus

__all__ = ["UnitFormScreen"]

#: Offered as 指标框架 is typed (store/frameworks.py: 2020 is 财预〔2020〕10号, 88 is 财预〔2015〕88号).
FRAMEWORKS = ["2020", "88"]


class UnitFormScreen(QuietFocus, Screen[bool]):
    BINDINGS = bindings("unit_form")

    def __init__(self, document: UnitDocument, focus: tuple = ()) -> None:
        super().__init__()
        self.document = document
        #: The key path of the field to start in (a finding's); the first field when empty.
        self._focus = focus
        #: Left (saved or not): nothing more is done here.
        self.left = False

    def compose(self) -> ComposeResult:
        yield Static(id="unit-form-title")
        with FormScroll(id="unit-form"):
            for spec in m.UNIT_FIELDS:
                yield FormField(spec, m.get_at(self.document.unit, spec.key),
                                FRAMEWORKS if spec.attr == "framework" else None)
            yield Static(id="unit-form-projects")
        yield FindingsPanel(id="findings")
        yield KeyBar()

    def on_mount(self) -> None:
        self._refresh_status()
        start = [f for f in self.fields() if self._focus and f.spec.key == tuple(self._focus[:1])]
        (start or self.fields())[0].input.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_mounted and self.is_active and not self.left

    def fields(self) -> list[FormField]:
        return list(self.query(FormField))

    # -- what changed ----------------------------------------------------------

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        event.stop()
        spec = _spec(event.attr)
        if not self.left and self.document.set_field(spec.key, event.value):
            self._refresh_status()

    def _refresh_status(self) -> None:
        document = self.document
        title = Text("单位信息  ", style="bold")
        title.append(visible(document.unit.name) or "（未填单位名称）")
        if document.dirty:
            title.append("  ● 未保存", style="bold yellow")
        self.query_one("#unit-form-title", Static).update(title)
        count, unknown, total = document.projects
        if unknown:
            line = f"申报中现有项目 {count} 个（读取中：已读 {count - unknown} 个）"
        else:
            line = f"申报中现有项目 {count} 个，年度资金申请总额合计 {format_yuan(total)} 元"
        self.query_one("#unit-form-projects", Static).update(Text(line))
        self.query_one(FindingsPanel).show(document.findings)

    def _reload_fields(self) -> None:
        for field in self.fields():
            field.set_value(m.get_at(self.document.unit, field.spec.key))
        self._refresh_status()

    # -- actions ---------------------------------------------------------------

    async def action_save(self) -> bool:
        """Ctrl+S, a key run as it arrives: what was typed before it is taken first (tui/key_order.py)."""
        await typed_into(self.focused)
        return self.save()

    def save(self) -> bool:
        if stop_at_invalid(self.fields()):
            return False
        outcome = self.document.save()
        if outcome.conflict:
            self.app.push_screen(ask_conflict(outcome.message), self._resolve_conflict)
            return False
        self._refresh_status()
        self._tell(outcome)
        return outcome.ok

    def _tell(self, outcome: Outcome) -> None:
        self.notify(outcome.message, severity="error" if outcome.failed else "information",
                    timeout=8 if outcome.failed else None)

    def _resolve_conflict(self, choice: str | None) -> None:
        """unit.toml changed on disk meanwhile: take theirs, or write these values over it."""
        if choice not in ("reload", "overwrite") or self.left:
            return
        outcome = self.document.reload_from_disk() if choice == "reload" else self.document.save(overwrite=True)
        self._reload_fields()
        self._tell(outcome)

    def action_findings(self) -> None:
        panel = self.query_one(FindingsPanel)
        panel.focus()
        if panel.findings and panel.highlighted is None:
            panel.highlighted = 0

    @on(FindingsPanel.Jump)
    def _jump(self, event: FindingsPanel.Jump) -> None:
        path = event.finding.path
        for field in self.fields():
            if path and field.spec.key == tuple(path[:1]):
                field.input.focus()
                return

    def action_close(self) -> None:
        self.confirm_leave(self._leave)

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Run ``then`` now, or — with unsaved changes — after asking: save, don't save, cancel."""

        def leave() -> None:
            self.left = True
            then()

        if self.left or not self.document.dirty:
            leave()
            return

        def answer(choice: str | None) -> None:
            if choice == "discard" or (choice == "save" and self.save()):
                leave()

        self.app.push_screen(ChoiceDialog(
            "单位信息有未保存的修改", "单位信息有未保存的修改。保存吗？",
            [Choice("save", "保存", "primary"), Choice("discard", "不保存", "error"), Choice("cancel", "取消")]),
            answer)

    def _leave(self) -> None:
        self.dismiss(self.document.workspace_changed)

    def on_screen_resume(self) -> None:
        if self.left:  # left while a question was on top: close now
            self._leave()

    def dismiss(self, result: bool | None = None) -> AwaitComplete:
        """Close, only while on top (Textual's dismiss pops whatever screen is on top)."""
        if not self.is_active or self not in self.app.screen_stack:
            return AwaitComplete.nothing()
        return super().dismiss(result)


def ask_conflict(reason: str) -> ChoiceDialog:
    return ChoiceDialog(
        "unit.toml 已被别处修改",
        f"{reason}。\n读取磁盘上的版本（放弃这里的修改），还是用这里的各项覆盖它？",
        [Choice("reload", "读取磁盘版本"), Choice("overwrite", "覆盖", "error"), Choice("cancel", "取消")],
        default=2)


def _spec(attr: str) -> m.FieldSpec:
    return next(s for s in m.UNIT_FIELDS if s.attr == attr)
