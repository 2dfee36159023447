"""The unit screen: the unit's header, its projects with live finding counts,
and the sum of the projects against the unit's declared total and count."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store.normalize import format_yuan
from store.workspace import Workspace

from ..widgets.findings_panel import FindingsPanel

__all__ = ["UnitScreen"]


class UnitScreen(Screen):
    BINDINGS = [
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

    def refresh_all(self) -> None:
        ws = self.workspace
        unit = ws.unit
        title = Text(unit.name or "（未填单位名称）")
        if unit.year:
            title.append(f" · {unit.year} 年度")
        self.query_one("#unit-header", Static).update(title)
        table = self.query_one("#projects", DataTable)
        table.clear()
        for row in ws.rows():
            name = Text("（文件有格式错误）", style="red") if row.broken else Text(row.name, no_wrap=True, overflow="ellipsis")
            annual = Text(format_yuan(row.annual) if row.annual is not None else "", justify="right")
            errors = Text(str(row.errors), justify="right", style="bold red" if row.errors else "dim")
            warnings = Text(str(row.warnings), justify="right", style="yellow" if row.warnings else "dim")
            table.add_row(Text(row.id), name, annual, errors, warnings, key=row.id)
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

    def _show_findings(self) -> None:
        table = self.query_one("#projects", DataTable)
        found = list(self.workspace.unit_findings())
        if table.row_count:
            pid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            found += self.workspace.project_findings(pid)
        self.query_one(FindingsPanel).show(found)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_findings()

    def action_reload(self) -> None:
        self.workspace.reload()
        self.refresh_all()
        self.notify("已重新读取申报目录")
