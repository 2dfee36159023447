"""The ``jixiao`` command.

``jixiao [STORE]`` opens the full-screen app; ``check``, ``export`` and
``new`` are scripted and never import textual (a test proves it), so they
start fast on a locked-down server.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import Callable, NoReturn, Sequence

from store.controls import escape_json, for_terminal, shown
from store.files import OutputError, reason, write_output
from store.toml_store import Store, StoreError

__all__ = ["main"]

COMMANDS = ("check", "export", "new", "open", "rules", "diff", "show")
DEFAULT_STORE = "."


class CliError(Exception):
    """One clear line for the user, then a non-zero exit."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no traceback; the user's words shown, not run
        self.print_usage(sys.stderr)
        self.exit(2, f"jixiao: 参数错误：{shown(message)}\n")


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``: just that command's (``check`` starts without the export tables)."""
    parser = _Parser(prog="jixiao", description="财政支出项目绩效目标申报：填报、核对与导出。")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    if only in (None, "open"):
        p = sub.add_parser("open", help="打开全屏填报界面（默认命令）")
        p.add_argument("store", nargs="?", default=None, help="申报目录")

    if only in (None, "check"):
        p = sub.add_parser("check", help="核对申报，逐条列出错误与警告")
        p.add_argument("store", nargs="?", default=DEFAULT_STORE, help="申报目录（默认当前目录）")
        p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
        p.add_argument("--project", help="只核对这个项目编号")
        p.add_argument("--no-cache", action="store_true",
                       help="不用 .jixiao/cache/ 中的索引，全部重新读取（索引随时可删）")
        _jobs_option(p)

    if only in (None, "export", "new", "rules", "diff", "show"):
        _other_parsers(sub)
    return parser


def _other_parsers(sub: argparse._SubParsersAction) -> None:
    from exports.tables import TABLES

    p = sub.add_parser("export", help="导出 CSV、对齐的文本表或 Excel 工作簿")
    p.add_argument("format", choices=("csv", "text", "xlsx"),
                   help="csv、text 或 xlsx（整个申报按原表格式排版的 Excel 工作簿，--what 不适用）")
    p.add_argument("store", nargs="?", default=DEFAULT_STORE, help="申报目录（默认当前目录）")
    p.add_argument("--what", choices=(*TABLES, "form"),
                   default="projects", help="导出什么：项目、预算明细、绩效指标、整张申报表(form)")
    p.add_argument("--project", help="只导出这个项目编号")
    p.add_argument("-o", "--output", help="写入文件（默认输出到屏幕；xlsx 默认按单位和年度命名，写在当前目录）")
    p.add_argument("--encoding", choices=("utf-8", "utf-8-sig", "gb18030"), default=None,
                   help="编码；中文 Windows 的 Excel 请用 utf-8-sig 或 gb18030")

    _jobs_option(p)

    p = sub.add_parser("new", help="新建一个空的申报目录，或从上一年度的申报结转（--from）")
    p.add_argument("store", nargs="?", default=None,
                   help="新目录；与 --from 同用时也可只写年度（2025：在原目录旁按年度命名）")
    p.add_argument("--year", type=int, help="申报年度（默认今年；--from 时默认原年度的下一年）")
    p.add_argument("--from", dest="source", metavar="原目录",
                   help="从这个申报结转：保留项目结构，年度与日期改为新年度，全部金额标为待核实")
    p.add_argument("--only", type=_ids, metavar="p01,p03", help="只结转这些项目（与 --from 同用）")
    p.add_argument("--drop", type=_ids, metavar="p05", help="不结转这些项目（与 --from 同用）")

    sub.add_parser("rules", help="列出全部核对规则")
    _diff_parsers(sub)


def _diff_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="比较两份申报（或申报与它的 git 版本），按申报表的说法逐条列出不同")
    p.add_argument("stores", nargs="*", metavar="目录",
                   help="旧、新两个申报目录；用 --git 时只给一个（默认当前目录）")
    p.add_argument("--git", metavar="版本",
                   help="与 git 中的这个版本比较（HEAD~1、标签、分支）；A..B 比较两个版本")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")

    p = sub.add_parser("show", help="把一个项目文件逐栏列为申报表的文字（git diff 的 textconv 用它）")
    p.add_argument("file", metavar="文件", help="项目文件或 unit.toml")


def _ids(text: str) -> list[str]:
    ids = [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError(f"项目编号列表为空：{text}")
    return ids


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"进程数须为正整数：{text}")
    return value


def _jobs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="同时读取文件的进程数（默认按 CPU 个数，最多 8；文件少时只用 1 个）")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        argv = ["open", *argv]
    parser = _parser(argv[0] if argv[0] in ("open", "check") else None)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    if argv[0] in commands:  # options before or after the directory: `export csv --what costs 目录`
        args = commands[argv[0]].parse_intermixed_args(argv[1:])
        args.command = argv[0]
    else:
        args = parser.parse_args(argv)
    if args.command != "open":
        gc.enable()  # paused while starting (jixiao/__main__.py); the app resumes it after its first frame
    try:
        if args.command == "open":
            return _open(args.store)
        if args.command == "check":
            return _check(args)
        if args.command == "export":
            return _export(args)
        if args.command == "new":
            return _new(args)
        if args.command == "rules":
            return _rules()
        if args.command == "diff":
            return _diff(args)
        if args.command == "show":
            return _show(args.file)
    except (CliError, StoreError, OutputError) as err:
        _fail(str(err))
        return 2
    except BrokenPipeError:  # `jixiao check | head`
        return 0
    except OSError as err:  # anything else the system refused: one line, never a traceback
        _fail(f"{err.filename + '：' if isinstance(err.filename, str) else ''}{reason(err)}")
        return 2
    except KeyboardInterrupt:
        return 130
    _parser().print_help()
    return 2


def _fail(message: str) -> None:
    """One line on stderr; paths and ids from the user or the store in it are shown, never run (ESC → ␛)."""
    print(f"jixiao: {shown(message)}", file=sys.stderr)


def _terminal(encoding: str) -> Callable[[bytes], bytes]:
    """What a terminal gets instead of ``data``: control text shown, not run (a file or pipe gets the bytes)."""
    def show(data: bytes) -> bytes:
        return for_terminal(data.decode(encoding, errors="replace")).encode(encoding, errors="replace")
    return show


def _check(args: argparse.Namespace) -> int:
    from store.checking import StoreCheck

    store = Store.open(args.store)
    if args.project and args.project not in store.project_ids():
        raise CliError(f"没有编号为 {args.project} 的项目")
    # A stream: each finding is printed as its file is read, never all held at once.
    check = StoreCheck(store, jobs=args.jobs, use_index=not args.no_cache, project=args.project)
    if args.format == "json":
        _check_json(check, str(store.root))
    else:
        for f in check:  # an unchanged clean store has none: it starts without the writers
            from exports.writers import clean_text

            where = f"{f.file}:{f.line}" if f.line else f.file
            print(f"{clean_text(where)}: {f.severity}[{f.rule}] {clean_text(f.text)}")
        verdict = ("未发现问题" if not (check.errors or check.warnings)
                   else f"{check.errors} 个错误，{check.warnings} 个警告")
        print(f"核对 {check.projects} 个项目：{verdict}")
    return 1 if check.errors else 0


def _check_json(check, root: str) -> None:
    """The findings as one JSON document, byte for byte ``json.dumps(payload, indent=2)``; the counts
    come first, so the findings wait in a temporary file, not in memory, until the last is known."""
    import tempfile

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        count = 0
        for f in check:
            text = json.dumps(f.as_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
            spool.write((",\n    " if count else "    ") + text)
            count += 1
        head = {"store": root, "projects": check.projects, "errors": check.errors, "warnings": check.warnings,
                "findings": []}
        head_text = json.dumps(head, ensure_ascii=False, indent=2)
        if not count:
            print(escape_json(head_text))
            return
        sys.stdout.write(escape_json(head_text[:-len("[]\n}")]) + "[\n")
        spool.seek(0)
        while chunk := spool.read(1 << 20):
            sys.stdout.write(escape_json(chunk))
        sys.stdout.write("\n  ]\n}\n")


def _export(args: argparse.Namespace) -> int:
    from exports.bulk import export_store
    from exports.writers import encode, to_csv, to_text

    store = Store.open(args.store)
    encoding = args.encoding or ("utf-8-sig" if args.format == "csv" and args.output else "utf-8")
    if args.what == "form":
        if args.format != "text":
            raise CliError("整张申报表只能导出为文本：jixiao export text --what form --project 编号")
        if not args.project:
            raise CliError("导出整张申报表需指定项目：--project 编号")
    if args.format == "xlsx":  # a binary workbook, written to a file like the other formats below
        data, args.output = _xlsx(store, args)
    elif args.project:
        if args.project not in store.project_ids():
            raise CliError(f"没有编号为 {args.project} 的项目")
        project = store.load_project(args.project).project
        if project is None:
            raise CliError(f"项目 {args.project} 的文件有格式错误，请先运行 jixiao check")
        if args.what == "form":
            from exports.form import render_form

            data = encode(render_form(project, store.load_unit()[0]), encoding)
        else:
            from exports.tables import TABLES

            table = TABLES[args.what]([project])
            data = to_csv(table, encoding) if args.format == "csv" else encode(to_text(table), encoding)
    else:
        data = export_store(store, args.what, args.format, encoding, jobs=args.jobs)
    if args.output:
        target = Path(args.output)
        write_output(target, data, _no_workbook_on_terminal if args.format == "xlsx" else _terminal(encoding))
        print(f"已导出到 {shown(str(target))}", file=sys.stderr)
    else:
        if sys.stdout.isatty():
            data = _terminal(encoding)(data)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _no_workbook_on_terminal(data: bytes) -> bytes:
    """``-o`` naming a terminal: a workbook is binary, and its bytes would garble the screen."""
    raise OutputError("Excel 工作簿是二进制文件，不能输出到终端：请用 -o 文件名.xlsx；未作改动")


def _xlsx(store: Store, args: argparse.Namespace) -> tuple[bytes, str]:
    """The workbook's bytes and where to write them (``-o``, else its default name here)."""
    if args.output == "-":
        raise CliError("Excel 工作簿是二进制文件，不能输出到屏幕：请用 -o 文件名.xlsx，或省略 -o 按单位和年度命名")
    from exports.xlsx import project_workbook, store_workbook  # the only path that imports xlsxwriter

    if args.project and args.project not in store.project_ids():
        raise CliError(f"没有编号为 {args.project} 的项目")
    book = project_workbook(store, args.project) if args.project else store_workbook(store, jobs=args.jobs)
    return book.data, args.output or book.name


def _new(args: argparse.Namespace) -> int:
    if args.source is not None:
        return _roll_over(args)
    if args.only or args.drop:
        raise CliError("--only、--drop 只用于从上一年度结转：jixiao new 新目录 --from 原目录 --only p01,p03")
    if args.store is None:
        raise CliError("请给出新目录：jixiao new 新目录 [--year 2025]，或 jixiao new 2025 --from 原目录")
    store = Store.create(args.store, args.year)
    print(shown(f"已新建申报目录 {store.root}：用 jixiao {store.root} 打开，按 F2 填写单位信息"
                f"（也可直接编辑 {store.unit_path}），按 Ctrl+N 录入项目"))
    return 0


def _roll_over(args: argparse.Namespace) -> int:
    """``new 目录 --from 原目录`` or ``new 2025 --from 原目录`` (the folder beside it, named with the year)."""
    from store.rollover import roll_over

    target, year = args.store, args.year
    if target is not None and target.isascii() and target.isdigit() and len(target) == 4:
        if year is not None and year != int(target):
            raise CliError(f"年度写了两个：{target} 和 --year {year}")
        target, year = None, int(target)  # a folder named like a year: write ./2025
    done = roll_over(args.source, target, year, args.only, args.drop)
    for line in done.report():
        print(shown(line))
    print(shown(f"已新建申报目录 {done.target}（说明另存于其中的结转说明.md）：用 jixiao check {done.target} "
                f"列出待核实之处，用 jixiao {done.target} 逐项核实"))
    return 0


def _rules() -> int:
    from store.rules import RULES

    for rule in RULES.values():
        print(f"{rule.id:28} {rule.severity:8} {rule.title}" + (f"  例：{rule.example}" if rule.example else ""))
    return 0


def _diff(args: argparse.Namespace) -> int:
    from exports.diff_text import render_json, render_text
    from store.diff import compare
    from store.snapshot import side_from_store

    if args.git is None:
        if len(args.stores) != 2:
            raise CliError("请给出两个申报目录：jixiao diff 旧目录 新目录（或 jixiao diff --git 版本 [目录]）")
        old, new = side_from_store(args.stores[0]), side_from_store(args.stores[1])
    else:
        from store.git_revision import side_at_revision, split_range

        if len(args.stores) > 1:
            raise CliError("用 --git 时只给一个申报目录：jixiao diff --git 版本 [目录]")
        folder = args.stores[0] if args.stores else DEFAULT_STORE
        first, second = split_range(args.git)
        if second is None:
            new = side_from_store(folder)
        old = side_at_revision(folder, first)
        if second is not None:
            new = side_at_revision(folder, second)
    result = compare(old, new)
    for trouble in result.trouble:
        _fail(f"无法比较{' ' + trouble.project if trouble.project else ''}：{trouble.message}")
    text = render_json(result) if args.format == "json" else render_text(result)
    sys.stdout.write(for_terminal(text) if sys.stdout.isatty() else text)
    sys.stdout.flush()
    return result.status


def _show(file: str) -> int:
    """One store file as the form's words (a git textconv driver): as it is, when it is not TOML."""
    from exports.show_text import project_lines, unit_lines
    from store.reading import read_file, read_project, read_unit

    try:
        raw = read_file(file)
    except FileNotFoundError:
        raise CliError(f"找不到文件 {file}") from None
    except OSError as err:
        raise CliError(f"{file}：{err.strerror if isinstance(err.strerror, str) else reason(err)}") from None
    name = Path(file).name
    if name.endswith("unit.toml"):
        unit, text, findings = read_unit(raw, file)
        lines = None if text is None or any(f.rule == "load-syntax" for f in findings) else unit_lines(unit)
    else:
        project = read_project(raw, Path(file).stem, file)[1]
        lines = None if project is None else project_lines(project)
    data = raw if lines is None else ("\n".join(lines) + "\n").encode("utf-8")
    sys.stdout.buffer.write(_terminal("utf-8")(data) if sys.stdout.isatty() else data)
    sys.stdout.flush()
    return 0


def _open(path: str | None) -> int:
    from tui.app import run  # the only path that imports textual

    return run(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
