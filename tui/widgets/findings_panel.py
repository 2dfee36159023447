"""The live checks panel: the check engine's findings for what is on screen.

One line when all is well; otherwise one entry per finding, errors first.
Enter on a finding posts :class:`FindingsPanel.Jump`, so the screen can move
the cursor to the field it names.  User text inside messages is shown
literally (Text objects, never markup).
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.findings import Finding

from ..text import visible

__all__ = ["FindingsPanel", "finding_text", "CLEAN"]

CLEAN = "✓ 核对通过：未发现问题"


def finding_text(finding: Finding) -> Text:
    error = finding.is_error
    text = Text("✗ " if error else "! ", style="bold red" if error else "yellow")
    if finding.field:
        text.append(f"{visible(finding.field)}：", style="bold")
    text.append(visible(finding.message))
    text.append(f"  [{finding.rule}]", style="dim")
    return text


class FindingsPanel(OptionList):
    """Shows findings; ``show()`` replaces them."""

    class Jump(Message):
        """The user asked to go to the place of ``finding``."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding]) -> None:
        from store.rules import summary  # the rules load after the first screen (the panel fills right after it)

        ordered = sorted(findings, key=lambda f: (not f.is_error, f.line or 0))
        if ordered == self.findings and self.option_count:
            return
        self.findings = ordered
        highlighted = self.highlighted
        self.clear_options()
        errors, warnings = summary(ordered)
        self.set_class(not ordered, "-clean")
        if not ordered:
            self.border_title = "核对"
            self.add_option(Option(Text(CLEAN), disabled=True))
            return
        self.border_title = f"核对：{errors} 个错误，{warnings} 个警告"
        self.add_options(Option(finding_text(f)) for f in ordered)
        if highlighted is not None:
            self.highlighted = min(highlighted, len(ordered) - 1)

    @property
    def plain(self) -> str:
        """What the panel says, as plain text (one line per entry)."""
        return "\n".join(str(self.get_option_at_index(i).prompt) for i in range(self.option_count))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.findings:
            self.post_message(self.Jump(self.findings[event.option_index]))
