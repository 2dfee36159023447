"""The unit screen: the unit's header, its projects with live finding counts,
and the sum of the projects against the unit's declared total and count."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.autosave import Autosave, Pending
from store.normalize import format_yuan
from store.toml_store import StoreError
from store.workspace import Workspace

from ..text import literal
from ..widgets.findings_panel import FindingsPanel
from .dialogs import Choice, ChoiceDialog

__all__ = ["UnitScreen"]


class UnitScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "打开", id="unit.open"),
        Binding("ctrl+n", "new", "新建项目", id="unit.new"),
        Binding("ctrl+d", "copy", "复制项目", id="unit.copy"),
        Binding("delete,f8", "delete", "删除项目", id="unit.delete"),
        Binding("f5", "reload", "重新读取", id="unit.reload"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Static(id="unit-header")
        yield DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield Static(id="totals")
        yield FindingsPanel(id="findings")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#projects", DataTable)
        table.add_column("编号", key="id")
        table.add_column("项目名称", key="name", width=34)
        table.add_column(Text("年度申请额(元)", justify="right"), key="annual")
        table.add_column(Text("错误", justify="right"), key="errors")
        table.add_column(Text("警告", justify="right"), key="warnings")
        self.refresh_all()
        table.focus()
        self.call_after_refresh(self._offer_autosaves)

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.query("#projects"):
            self.refresh_all()

    def refresh_all(self) -> None:
        ws = self.workspace
        unit = ws.unit
        title = literal(unit.name or "（未填单位名称）")
        if unit.year:
            title.append(f" · {unit.year} 年度")
        self.query_one("#unit-header", Static).update(title)
        table = self.query_one("#projects", DataTable)
        keep = self.selected
        table.clear()
        for row in ws.rows():
            name = Text("（文件有格式错误）", style="red") if row.broken else literal(row.name, no_wrap=True, overflow="ellipsis")
            annual = Text(format_yuan(row.annual) if row.annual is not None else "", justify="right")
            errors = Text(str(row.errors), justify="right", style="bold red" if row.errors else "dim")
            warnings = Text(str(row.warnings), justify="right", style="yellow" if row.warnings else "dim")
            table.add_row(Text(row.id), name, annual, errors, warnings, key=row.id)
        if keep in ws.projects:
            self.select(keep)
        self._show_totals()
        self._show_findings()

    def _show_totals(self) -> None:
        ws = self.workspace
        unit = ws.unit
        total, count = ws.projects_total, len(ws.projects)
        text = Text(f"项目合计 {format_yuan(total)} 元")
        ok = True
        if unit.declared_total is not None:
            same = total == unit.declared_total
            ok &= same
            text.append(f" · 申报 {format_yuan(unit.declared_total)} 元 ")
            text.append("✓" if same else "✗", style="green" if same else "bold red")
        text.append(f" · 项目 {count} 个")
        if unit.declared_projects is not None:
            same = count == unit.declared_projects
            ok &= same
            text.append(f" / 申报 {unit.declared_projects} 个 ")
            text.append("✓" if same else "✗", style="green" if same else "bold red")
        totals = self.query_one("#totals", Static)
        totals.set_class(not ok, "-bad")
        totals.update(text)

    @property
    def selected(self) -> str | None:
        table = self.query_one("#projects", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select(self, pid: str) -> None:
        table = self.query_one("#projects", DataTable)
        table.move_cursor(row=table.get_row_index(pid))

    def _show_findings(self) -> None:
        found = list(self.workspace.unit_findings())
        if self.selected:
            found += self.workspace.project_findings(self.selected)
        self.query_one(FindingsPanel).show(found)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self, restored: Pending | None = None) -> None:
        pid = restored.id if restored else self.selected
        if pid is None:
            return
        if self.workspace.projects[pid].project is None:
            self.notify("该项目文件有格式错误，无法打开。请按底部提示用文本编辑器修正后按 F5。",
                        severity="error", timeout=8)
            return
        from .project_screen import ProjectScreen  # the editors load when first needed, not at start-up

        self.app.push_screen(ProjectScreen(self.workspace, pid, restored.project if restored else None))

    def _guard(self, work) -> object:
        try:
            return work()
        except (StoreError, OSError) as err:
            self.notify(f"操作失败：{err}", severity="error", timeout=8)
            return None

    def action_new(self) -> None:
        pid = self._guard(self.workspace.create_project)
        if pid:
            self.refresh_all()
            self.select(pid)
            self.action_open()

    def action_copy(self) -> None:
        source = self.selected
        if source is None or self.workspace.projects[source].project is None:
            return
        pid = self._guard(lambda: self.workspace.create_project(copy_of=source))
        if pid:
            self.refresh_all()
            self.select(pid)
            self.notify(f"已复制为 {pid}")

    def action_delete(self) -> None:
        pid = self.selected
        if pid is None:
            return
        project = self.workspace.projects[pid].project
        name = project.header.name if project else pid

        def answer(choice: str | None) -> None:
            if choice == "delete" and self._guard(lambda: self.workspace.trash_project(pid) or True):
                self.refresh_all()
                self.notify(f"已删除 {pid}（文件移到 .jixiao/trash/，可手动找回）")

        self.app.push_screen(ChoiceDialog(
            "删除项目", f"删除项目 {pid}“{name}”？文件将移到申报目录的 .jixiao/trash/ 中，可手动找回。",
            [Choice("delete", "删除", "error"), Choice("cancel", "取消")], default=1), answer)

    def _offer_autosaves(self) -> None:
        pending = Autosave(self.workspace.store).pending()
        if pending:
            self._offer(pending)

    def _offer(self, pending: list[Pending]) -> None:
        first, rest = pending[0], pending[1:]
        current = self.workspace.projects.get(first.id)
        name = first.project.header.name or first.id

        def answer(choice: str | None) -> None:
            if choice == "restore":
                if current is None or current.project is None:
                    self._guard(lambda: self.workspace.store.save_project(first.project))
                    self.workspace.reload_project(first.id)
                    self.refresh_all()
                self.action_open(restored=first)
            elif choice == "discard":
                Autosave(self.workspace.store).discard(first.id)
            if rest:
                self._offer(rest)

        self.app.push_screen(ChoiceDialog(
            "发现未保存的修改",
            f"项目 {first.id}“{name}”有上次未保存的修改（{first.when:%Y-%m-%d %H:%M}）。恢复吗？",
            [Choice("restore", "恢复", "primary"), Choice("discard", "丢弃", "error"),
             Choice("later", "以后再说")]), answer)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_findings()

    def action_reload(self) -> None:
        self.workspace.reload()
        self.refresh_all()
        self.notify("已重新读取申报目录")
