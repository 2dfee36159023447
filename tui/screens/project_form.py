"""What the project screen is built of: its sections and fields, in the form's order.

基本信息 and 项目资金 fill an 80×24 screen when a project opens.  At its first paint
they are drawn by one cheap :class:`~tui.widgets.form_field.FieldsPreview` (the first
field with its cursor, as if focused) until the screen builds the fields themselves
(:func:`early_fields`) and the sections below the fold (:func:`later_sections`) right
after that paint; keys typed meanwhile wait for them (:mod:`.held_keys`).
:func:`prepare` loads the widgets' styles before a project is opened at all.  The two
questions the screen asks (unsaved edits, a conflict on saving) are here too.
"""

from __future__ import annotations

import gc
from typing import Iterator

from rich.text import Text
from textual.app import App
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from store import model as m
from store.editing import EditSession
from store.model import get_at

from ..dialogs import Choice, ChoiceDialog
from ..widgets.cost_table import CostTableEditor
from ..widgets.form_field import FieldsPreview, FormField, TextField
from ..widgets.indicator_table import IndicatorEditor

__all__ = ["SECTIONS", "SECTION_OF", "first_sections", "early_fields", "later_sections", "prepare", "spec_of",
           "ask_unsaved", "ask_conflict"]

#: (section id, title, jump key) in the form's order.
SECTIONS = [
    ("sec-header", "基本信息", "f2"),
    ("sec-funding", "项目资金（元）", "f3"),
    ("sec-narrative", "项目说明", "f4"),
    ("sec-budget", "年度预算安排", "f5"),
    ("sec-goals", "绩效目标与指标", "f6"),
]
#: The section of each part of a project (the first part of a key path).
SECTION_OF = {"header": "sec-header", "funding": "sec-funding", "narrative": "sec-narrative",
              "budget": "sec-budget", "goals": "sec-goals", "indicators": "sec-goals"}


def spec_of(attr: str) -> m.FieldSpec:
    return next(s for s in m.PROJECT_FIELDS if s.attr == attr)


def specs(part: str) -> list[m.FieldSpec]:
    """The fields of a part of the project, in the form's order."""
    return [s for s in m.PROJECT_FIELDS if s.key[0] == part]


def section_text(index: int) -> Text:
    _, title, key = SECTIONS[index]
    text = Text(f"■ {title}", style="bold")
    text.append(f"  {key.upper()}", style="dim")
    return text


def section_title(index: int, **kwargs) -> Static:
    return Static(section_text(index), classes="section-title", **kwargs)


def field(project: m.Project, field_spec: m.FieldSpec) -> FormField:
    suggestions = list(m.NATURES) if field_spec.attr == "header.nature" else None
    return FormField(field_spec, get_at(project, field_spec.key), suggestions)


def _rows(project: m.Project, fields: list[m.FieldSpec]) -> list[tuple[m.FieldSpec, object, bool]]:
    """These fields as a preview draws them (text wraps where its editor is a LineArea, as :func:`field` makes it)."""
    return [(s, get_at(project, s.key), s.kind == "text" and s.attr != "header.nature") for s in fields]


def first_sections(project: m.Project) -> Iterator[Widget]:
    """What the form holds at its first paint: one preview of what is on screen (基本信息 and 项目资金,
    their titles and fields), its first field drawn focused, with the cursor at the end of its value."""
    yield FieldsPreview([section_text(0)] + _rows(project, specs("header")) + [section_text(1)]
                        + _rows(project, specs("funding")), cursor=1, classes="preview")


def early_fields(project: m.Project) -> list[Widget]:
    """What the preview stands for."""
    return ([section_title(0, id="sec-header")] + [field(project, s) for s in specs("header")]
            + [section_title(1, id="sec-funding")] + [field(project, s) for s in specs("funding")])


def later_sections(session: EditSession, indicator_names: list[str]) -> list[Widget]:
    """Below the fold at 80×24: the narrative, the budget and the goals."""
    project = session.project
    widgets: list[Widget] = [section_title(2, id="sec-narrative")]
    widgets += [TextField(s, get_at(project, s.key)) for s in specs("narrative")]
    widgets += [section_title(3, id="sec-budget"), TextField(spec_of("budget.prose"), project.budget.prose),
                CostTableEditor(session, id="costs"), section_title(4, id="sec-goals")]
    widgets += [TextField(s, get_at(project, s.key)) for s in specs("goals")]
    widgets.append(IndicatorEditor(session, indicator_names, id="indicators"))
    return widgets


def prepare(app: App) -> None:
    """Load what opening a project needs before one is opened: the styles of the widgets it is built
    of go into the app's stylesheet now (Textual would otherwise parse each widget's own CSS the first
    time one is shown, and make opening the first project several times slower than the next); and
    the garbage collector stops walking the objects made at start-up."""
    classes: set[type[Widget]] = set()
    stack: list[type[Widget]] = [Widget]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in classes:
                classes.add(sub)
                stack.append(sub)
    for cls in classes:
        if cls.__module__.startswith("tui.widgets.") or cls in (DataTable, TextArea, Input, VerticalScroll):
            for read_from, css, tie_breaker, scope in cls.__new__(cls)._get_default_css():
                app.stylesheet.add_source(css, read_from=read_from, is_default_css=True,
                                          tie_breaker=tie_breaker, scope=scope)
    app.stylesheet.parse()
    # What the app holds by now lives as long as it does: a full collection among those objects (one
    # falls due after some thousands of new ones, as when a project is built) takes 30–60 ms. Frozen,
    # they are left out of every collection; what a project makes is still collected.
    gc.collect()
    gc.freeze()


def ask_unsaved(project: m.Project, draft: bool = False) -> ChoiceDialog:
    name = project.header.name or project.id
    if draft:  # a new project never saved: 放弃 leaves nothing, neither a file nor a row
        return ChoiceDialog(
            "新项目尚未保存",
            f"新项目“{name}”还没有保存过，不保存就不会留下任何文件。保存吗？",
            [Choice("save", "保存", "primary"), Choice("discard", "放弃", "error"), Choice("cancel", "取消")],
        )
    return ChoiceDialog(
        "有未保存的修改",
        f"项目“{name}”有未保存的修改。保存吗？",
        [Choice("save", "保存", "primary"), Choice("discard", "不保存", "error"),
         Choice("cancel", "取消")],
    )


def ask_conflict(reason: str) -> ChoiceDialog:
    return ChoiceDialog(
        "文件已被别处修改",
        f"{reason}。\n读取磁盘上的版本（你的修改可用 Ctrl+Z 找回），还是把你的版本另存为新项目？",
        [Choice("reload", "读取磁盘版本"), Choice("copy", "另存为新项目", "primary"),
         Choice("cancel", "取消")], default=1)
