"""Next year starts from this year: a store carried over to the next budget year.

``jixiao new 2025 --from 2024目录`` (and the app's 结转到下一年度…) keeps each
project's header, narrative, cost structure and indicators, and

* moves the year: ``unit.toml``'s 年度; plan dates that span the old year
  become the new year's 1 月 1 日 – 12 月 31 日, others move by the years between;
  every sentence naming the old year alone (``2024 年 1 月至 2024 年 12 月``,
  ``2024 年度费用``) names the new one; ``〔2024〕`` in a document number stays;
* marks for review (``[review]`` in each file, :mod:`store.rules.review`) every
  amount — 项目资金, 分组合计, each line's 单价 and 资金需求, the unit's declared
  total and count — and every text that states an amount (read by
  :func:`store.amounts.stated_amounts`, and any other figure in 元 or 万元),
  and every sentence that names the old year beside another one (a history, a
  range: ``2023-2024 年度``), which is left as written.

:func:`plan` is pure (it reads the source and decides); :func:`write` makes the
new store in a temporary folder beside the target and renames it into place,
so the target is either the whole new store or untouched.  The source is
only read.  :func:`roll_over` is both, the one call of the command and the app.
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .amounts import folded, stated_amounts
from .codec import encode
from .files import PROJECTS_DIR, UNIT_FILE, atomic_write, reason
from .places import place, unit_place
from .toml_store import Store, StoreError, render_project

__all__ = ["Item", "Rollover", "RolloverError", "REPORT_FILE", "default_target", "suggestion", "plan", "write", "roll_over",
           "roll_project"]

#: The report saved in the new store.
REPORT_FILE = "结转说明.md"
MOVED, REVIEW = "改为", "待核实"


class RolloverError(StoreError):
    """The roll-over cannot be made; ``str()`` is one Chinese line.  Nothing was written."""


@dataclass(frozen=True)
class Item:
    """One thing the roll-over did: a value moved to the new year, or a place left for review."""

    project: str  # "" for unit.toml
    kind: str  # MOVED or REVIEW
    path: m.KeyPath
    place: str
    old: str
    new: str = ""

    def line(self) -> str:
        said = f"{self.old} → {self.new}" if self.kind == MOVED else self.old
        return f"{self.kind} {self.place}：{said}"


@dataclass
class Rollover:
    source: Path
    target: Path
    old_year: int
    year: int
    unit: m.Unit
    unit_text: str
    #: (id, the new project, the source file's text), in order.
    projects: list[tuple[str, m.Project, str]]
    items: list[Item]
    left_out: list[str] = field(default_factory=list)

    def marked(self) -> set[tuple[str, m.KeyPath]]:
        """(project id or "", path) of every place left for review."""
        return {(item.project, item.path) for item in self.items if item.kind == REVIEW}

    def report(self, markdown: bool = False) -> list[str]:
        """What was moved and what is left for review, one line per item, grouped by project."""
        count = sum(1 for item in self.items if item.kind == REVIEW)
        moved = len(self.items) - count
        head = (f"从 {self.source}（{self.old_year} 年度）结转到 {self.target}（{self.year} 年度）："
                f"{len(self.projects)} 个项目，改为新年度 {moved} 处，待核实 {count} 处")
        out = [f"# 结转说明\n\n{head}" if markdown else head]
        names = {pid: project.header.name for pid, project, _ in self.projects}
        for pid in ["", *names]:
            out.append(("\n## " if markdown else "") + (f"{pid} {names[pid]}".rstrip() if pid else "单位信息"))
            out.extend(("- " if markdown else "  ") + item.line() for item in self.items if item.project == pid)
        if self.left_out:
            out.append(("\n" if markdown else "") + "未结转的项目：" + "、".join(self.left_out))
        out.append(("\n" if markdown else "") + f"待核实之处在各文件的 [review] 中，jixiao check 逐条列出；"
                   f"在界面中修改或原样重新输入该栏即为核实（也可在文件中删除该行）。")
        return out


# -- years and dates ---------------------------------------------------------------------

#: A year as a text names it: not inside a document number (``〔2024〕``), not part of a longer number.
_YEAR = re.compile(r"(?<![\d〔\[［【.])((?:19|20)\d\d)(?![\d〕\]］】])")
_SENTENCE = re.compile(r"([;；。\n])")
#: Any figure in 元 or 万元 (also the ones the amount reader leaves as too vague to check).
_MONEY = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?\s*[（(]?\s*(?:万元|亿元|元|万(?![\u4e00-\u9fffA-Za-z]))")


def move_years(text: str, old: int, new: int) -> tuple[str, list[tuple[str, str]], list[str]]:
    """``text`` with the old year moved in each sentence naming it alone; (text, [(was, now)], [left as written])."""
    out, moved, left = [], [], []
    for piece in _SENTENCE.split(text):
        years = {int(y) for y in _YEAR.findall(piece)}
        if old in years and years == {old}:
            now = _YEAR.sub(lambda match: str(new) if int(match.group(1)) == old else match.group(1), piece)
            moved.append((piece.strip(), now.strip()))
            piece = now
        elif old in years:
            left.append(piece.strip())
        out.append(piece)
    return "".join(out), moved, left


def _shift(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 2 月 29 日 in a year without one
        return day.replace(year=day.year + years, day=28)


def move_dates(header: m.Header, old: int, new: int, multi_year: bool) -> None:
    """The plan's dates in the new year (see the module's words); a multi-year plan covering it stays."""
    start, end = header.start, header.end
    if start is not None and end is not None:
        if multi_year and start.year <= new <= end.year:
            return
        if start == _dt.date(start.year, 1, 1) and end == _dt.date(start.year, 12, 31) and start.year == old:
            header.start, header.end = _dt.date(new, 1, 1), _dt.date(new, 12, 31)
            return
    header.start = None if start is None else _shift(start, new - old)
    header.end = None if end is None else _shift(end, new - old)


# -- one project -------------------------------------------------------------------------


def _text_fields(project: m.Project):
    """(path, text) of every text of the project, in the form's order."""
    for spec in m.PROJECT_FIELDS:
        if spec.kind in ("text", "longtext"):
            yield spec.key, m.get_at(project, spec.key)
    for gi, group in enumerate(project.budget.groups):
        yield ("budget", "groups", gi, "name"), group.name
        for li, line in enumerate(group.lines):
            yield ("budget", "groups", gi, "lines", li, "item"), line.item
            yield ("budget", "groups", gi, "lines", li, "note"), line.note
    for ii, indicator in enumerate(project.indicators):
        for spec in m.INDICATOR_FIELDS:
            yield ("indicators", ii, spec.attr), getattr(indicator, spec.attr)


def _amount_fields(project: m.Project):
    """(path, kind, value) of every amount that is filled in."""
    for spec in m.PROJECT_FIELDS:
        if spec.kind == "money":
            yield spec.key, spec.kind, m.get_at(project, spec.key)
    for gi, group in enumerate(project.budget.groups):
        yield ("budget", "groups", gi, "total"), "measure", group.total
        for li, line in enumerate(group.lines):
            yield ("budget", "groups", gi, "lines", li, "price"), "measure", line.price
            yield ("budget", "groups", gi, "lines", li, "amount"), "measure", line.amount


def states_amount(text: str) -> bool:
    return bool(stated_amounts(text)) or bool(_MONEY.search(folded(text)))


def _short(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters, around the first amount it states."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    found = _MONEY.search(folded(text))
    start = max(0, min(len(text) - width, found.start() - width // 2)) if found else 0
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def roll_project(project: m.Project, old: int, new: int) -> tuple[m.Project, list[Item]]:
    """The project as next year's starting point, and what was moved and marked."""
    rolled = copy.deepcopy(project)
    rolled.review = {}
    moved: list[tuple[m.KeyPath, str, str]] = []
    before = rolled.header.start, rolled.header.end
    move_dates(rolled.header, old, new, rolled.multi_year)
    for attr, was in zip(("start", "end"), before):
        now = getattr(rolled.header, attr)
        if now != was:
            moved.append((("header", attr), encode("date", was), encode("date", now)))
    for path, kind, value in _amount_fields(rolled):
        if value is not None:
            rolled.review[path] = str(encode(kind, value))
    for path, text in _text_fields(project):
        if not text:
            continue
        now, changed, left = move_years(text, old, new)
        if now != text:
            m.set_at(rolled, path, now)
            moved.append((path, " / ".join(_short(a) for a, _ in changed), " / ".join(_short(b) for _, b in changed)))
        said = [_short(c) for c in _SENTENCE.split(now) if c.strip() and states_amount(c)]
        notes = ([f"写有金额：{' / '.join(said)}"] if said else []) + \
                ([f"另写有其他年份，未改：{' / '.join(_short(c) for c in left)}"] if left else [])
        if notes:
            rolled.review[path] = "；".join(notes)
    rolled.review = {path: rolled.review[path] for path in _in_form_order(rolled)}
    items = [Item(project.id, MOVED, path, place(path, rolled), old_, new_) for path, old_, new_ in moved]
    items += [Item(project.id, REVIEW, path, place(path, rolled), said) for path, said in rolled.review.items()]
    return rolled, items


def _in_form_order(project: m.Project) -> list[m.KeyPath]:
    """The marked paths in the order the form shows them."""
    order = [spec.key for spec in m.PROJECT_FIELDS]
    for gi, group in enumerate(project.budget.groups):
        order += [("budget", "groups", gi, "name"), ("budget", "groups", gi, "total")]
        for li in range(len(group.lines)):
            order += [("budget", "groups", gi, "lines", li, spec.attr) for spec in m.LINE_FIELDS]
    order += [("indicators", ii, spec.attr) for ii in range(len(project.indicators)) for spec in m.INDICATOR_FIELDS]
    return [path for path in order if path in project.review]


# -- the whole store ---------------------------------------------------------------------


def default_target(source: Path | str, year: int) -> Path:
    """Beside the source, named with the new year: ``songjiang-2024`` → ``songjiang-2025`` (else ``…-2025``)."""
    source = Path(os.path.abspath(source))
    name, count = re.subn(r"(?<!\d)(?:19|20)\d\d(?!\d)", str(year), source.name)
    return source.parent / (name if count == 1 else f"{source.name}-{year}")


def suggestion(source: Path | str) -> tuple[Path, int]:
    """Where and for which year a roll-over of ``source`` goes unless told: (folder beside it, next year)."""
    unit, _, _ = Store.open(source).load_unit()
    year = (unit.year or _dt.date.today().year) + 1
    return default_target(source, year), year


def _check_target(source: Path, target: Path) -> None:
    src, dst = Path(os.path.realpath(source)), Path(os.path.realpath(target))
    if dst == src or src in dst.parents:
        raise RolloverError(f"新目录 {target} 在原申报目录之中：请放在它之外，未作改动")
    if os.path.lexists(target):
        if not target.is_dir() or target.is_symlink():
            raise RolloverError(f"{target} 已存在且不是目录，未作改动")
        if any(target.iterdir()):
            raise RolloverError(f"{target} 已存在且不是空目录：请给出新目录，未作改动")
    elif not target.parent.is_dir():
        raise RolloverError(f"目录 {target.parent} 不存在，未作改动")


def plan(source: Path | str, target: Path | str | None = None, year: int | None = None,
         only: list[str] | None = None, drop: list[str] | None = None) -> Rollover:
    """Read the source store and decide everything; raises :class:`RolloverError` (or StoreError)."""
    store = Store.open(source)
    unit, unit_text, problems = store.load_unit()
    if unit_text is None or any(f.rule in ("load-syntax", "load-encoding", "load-io") for f in problems):
        raise RolloverError(f"{store.unit_path} 无法读取或有格式错误：请先修正（jixiao check），未作改动")
    if unit.year is None and year is None:
        raise RolloverError(f"{store.unit_path} 没有填年度：请用 --year 给出新的年度，未作改动")
    year = year if year is not None else unit.year + 1  # type: ignore[operator]
    old = unit.year if unit.year is not None else year - 1
    if year <= old:
        raise RolloverError(f"新的年度 {year} 应晚于原年度 {old}，未作改动")
    ids = store.project_ids()
    for pid in [*(only or []), *(drop or [])]:
        if pid not in ids:
            raise RolloverError(f"没有编号为 {pid} 的项目，未作改动")
    chosen = [pid for pid in ids if (not only or pid in only) and pid not in (drop or [])]
    target = Path(target) if target is not None else default_target(store.root, year)
    _check_target(store.root, target)
    rolled_unit = copy.deepcopy(unit)
    rolled_unit.year, rolled_unit.review = year, {}
    items = [Item("", MOVED, ("year",), unit_place(("year",)), str(unit.year or ""), str(year))]
    for key in ("declared_total", "declared_projects"):
        value = getattr(unit, key)
        if value is not None:
            rolled_unit.review[(key,)] = str(encode("money" if key == "declared_total" else "int", value))
            items.append(Item("", REVIEW, (key,), unit_place((key,)), rolled_unit.review[(key,)]))
    projects = []
    for pid in chosen:
        loaded = store.load_project(pid)
        if loaded.project is None or loaded.text is None:
            raise RolloverError(f"项目 {pid} 的文件无法读取或有格式错误：请先修正（jixiao check），"
                                f"或用 --drop {pid} 不结转它；未作改动")
        rolled, found = roll_project(loaded.project, old, year)
        projects.append((pid, rolled, loaded.text))
        items += found
    left_out = [pid for pid in ids if pid not in chosen]
    return Rollover(store.root, target, old, year, rolled_unit, unit_text, projects, items, left_out)


def write(rollover: Rollover) -> None:
    """Make the new store: built beside the target, then renamed into place (all or nothing)."""
    from .toml_write import render_unit  # tomlkit only when writing

    target = rollover.target
    _check_target(rollover.source, target)
    try:
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".rollover"))
    except OSError as err:
        raise RolloverError(f"无法在 {target.parent} 中新建目录：{reason(err)}，未作改动") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(work, 0o777 & ~umask)
        (work / PROJECTS_DIR).mkdir()
        atomic_write(work / UNIT_FILE, render_unit(rollover.unit, rollover.unit_text).encode("utf-8"))
        for pid, project, text in rollover.projects:
            data = render_project(project, text).encode("utf-8")
            atomic_write(work / PROJECTS_DIR / f"{pid}.toml", data)
        atomic_write(work / REPORT_FILE, ("\n".join(rollover.report(markdown=True)) + "\n").encode("utf-8"))
        os.replace(work, target)  # onto an empty folder, or where nothing was
    except OSError as err:
        shutil.rmtree(work, ignore_errors=True)
        raise RolloverError(f"无法写入 {target}：{reason(err)}，未作改动") from None


def roll_over(source: Path | str, target: Path | str | None = None, year: int | None = None,
              only: list[str] | None = None, drop: list[str] | None = None) -> Rollover:
    """:func:`plan`, then :func:`write`: the new store on disk, and what was done."""
    rollover = plan(source, target, year, only, drop)
    write(rollover)
    return rollover
