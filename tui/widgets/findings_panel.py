"""The live checks panel: the check engine's findings for what is on screen.

One line when all is well; otherwise one line per finding, errors first.
User text inside messages is shown literally (a Text object, never markup).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from store.findings import Finding

__all__ = ["FindingsPanel", "render_findings"]


def render_findings(findings: list[Finding], clean_message: str = "✓ 核对通过：未发现问题") -> Text:
    if not findings:
        return Text(clean_message)
    ordered = sorted(findings, key=lambda f: (f.severity != "error", f.line or 0))
    errors = sum(1 for f in findings if f.severity == "error")
    text = Text(f"{errors} 个错误，{len(findings) - errors} 个警告", style="bold")
    for finding in ordered:
        style = "bold red" if finding.severity == "error" else "yellow"
        mark = "✗" if finding.severity == "error" else "!"
        text.append("\n")
        text.append(f"{mark} ", style=style)
        if finding.field:
            text.append(f"{finding.field}：", style="bold")
        text.append(finding.message)
        text.append(f"  [{finding.rule}]", style="dim")
    return text


class FindingsPanel(Static):
    """Shows a list of findings; ``show()`` replaces them."""

    def show(self, findings: list[Finding]) -> None:
        self.set_class(not findings, "-clean")
        self.update(render_findings(findings))
