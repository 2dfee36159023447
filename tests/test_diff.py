"""``jixiao diff`` and ``jixiao show``: hand-made pairs of stores, every printed line asserted.

Each test copies the example twice (old ``a``, new ``b``), edits ``b`` as a person
would edit the text file, and reads what the command prints.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import EXAMPLE, ROOT
from tests.test_cli import HYGIENE, _loaded

P03 = "projects/p03.toml"
WHO = "p03 合作与交流 · "
SAME = "比较 10 个项目：没有不同"


def _stores(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> tuple[Path, Path]:
    """Two copies of the example; in the second, each (old, new) text replaced once (it must be there)."""
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".jixiao"))
    for name, pairs in edits.items():
        path = b / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return a, b


def _diff(capsys, *args: object) -> tuple[int, list[str], str]:
    code = main(["diff", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def _changed(tmp_path, capsys, edits, file: str = P03) -> tuple[int, list[str]]:
    a, b = _stores(tmp_path, {file: edits})
    code, out, err = _diff(capsys, a, b)
    assert err == ""
    return code, out


# -- amounts ----------------------------------------------------------------------------------

def test_an_amount_changed_is_one_line_in_the_forms_words(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('total = "2000000.00"', 'total = "2100000.00"')])
    assert out == [f"{WHO}项目资金 › 项目资金总额：2,000,000.00 → 2,100,000.00",
                   "比较 10 个项目：1 处不同（1 个项目）"]
    assert code == 1


def test_an_amount_written_another_way_is_no_change(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('amount = "30 万元"', 'amount = "300000.00"'),
                                            ('total = "2000000.00"', 'total = "200 万元"'),
                                            ('price = "150 元/人"', 'price = "0.015 万元/人"'),
                                            ('quantity = "2000 人"', 'quantity = "2,000 人"'),
                                            ('target = "≥95.00(%)"', 'target = ">=95%"')])
    assert out == [SAME]
    assert code == 0


def test_wan_yuan_changed_is_shown_as_written_and_in_yuan(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('amount = "30 万元"', 'amount = "31 万元"'),
                                            ('total = "2000000.00"', 'total = "210 万元"')])
    assert out == [
        f"{WHO}项目资金 › 项目资金总额：2,000,000.00 → 210 万元（2,100,000.00 元）",
        f"{WHO}六、年度预算安排 › 公务接待项目组成 › 第 1 行「餐费（市外）」 › 资金需求："
        "30 万元（300,000.00 元） → 31 万元（310,000.00 元）",
        "比较 10 个项目：2 处不同（1 个项目）"]
    assert code == 1


# -- the cost table -------------------------------------------------------------------------

_GIFT = '[[budget.groups.lines]]\nitem = "礼品"\nquantity = "10 件"\nprice = "100 元/件"\namount = "1000 元"\n\n'
_OTHER = '[[budget.groups.lines]]\nitem = "其他 (考核台账、数字化档案等)"\nquantity = "1"\nprice = "5 万元"\namount = "5 万元"\n'
_LIUAN = '[[budget.groups.lines]]\nitem = "调研团出访六安市"\nquantity = "1"\nprice = "3 万元"\namount = "3 万元"\n\n'


def test_cost_lines_added_removed_and_changed(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [
        ('[[budget.groups]]\nname = "出访考察项目组成"', _GIFT + '[[budget.groups]]\nname = "出访考察项目组成"'),
        (_LIUAN, ""),
        ('quantity = "2000 人"', 'quantity = "2100 人"'),
        ('item = "租车费"', 'item = "车辆租赁费"'),
    ])
    assert out == [
        f"{WHO}六、年度预算安排 › 公务接待项目组成 › 第 1 行「餐费（市外）」 › 数量：2000 人 → 2100 人",
        f"{WHO}六、年度预算安排 › 公务接待项目组成 › 第 3 行「车辆租赁费」 › 组成：租车费 → 车辆租赁费",
        f"{WHO}六、年度预算安排 › 交流活动项目组成 › 第 2 行「调研团出访六安市」：删除 1 × 3 万元 = 3 万元（30,000.00 元）",
        f"{WHO}六、年度预算安排 › 公务接待项目组成 › 第 4 行「礼品」：新增 10 件 × 100 元/件 = 1000 元",
        "比较 10 个项目：4 处不同（1 个项目）"]
    assert code == 1


def test_cost_lines_moved_within_a_group_and_to_another(tmp_path, capsys):
    first = '[[budget.groups.lines]]\nitem = "餐费（市外）"\nquantity = "2000 人"\nprice = "150 元/人"\namount = "30 万元"\n\n'
    second = '[[budget.groups.lines]]\nitem = "餐费（市内、工作人员）"\nquantity = "1000 人"\nprice = "50 元/人"\namount = "5 万元"\n\n'
    code, out = _changed(tmp_path, capsys, [
        (first + second, second + first),
        ("\n\n" + _OTHER, "\n"),
        ('[[budget.groups]]\nname = "交流活动项目组成"', _OTHER + '\n[[budget.groups]]\nname = "交流活动项目组成"'),
    ])
    assert out == [
        f"{WHO}六、年度预算安排 › 公务接待项目组成 › 第 2 行「餐费（市外）」：由第 1 行移到第 2 行",
        f"{WHO}六、年度预算安排 › 出访考察项目组成 › 第 5 行「其他 (考核台账、数字化档案等)」：由「交流活动项目组成」第 5 行移来",
        "比较 10 个项目：2 处不同（1 个项目）"]
    assert code == 1


def test_a_group_renamed_is_recognised_by_its_lines(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('name = "交流活动项目组成"', 'name = "交流活动"')])
    assert out == [f"{WHO}六、年度预算安排 › 交流活动 › 分组名称：交流活动项目组成 → 交流活动",
                   "比较 10 个项目：1 处不同（1 个项目）"]
    assert code == 1


# -- indicators -------------------------------------------------------------------------------

def test_indicators_added_removed_and_target_changed(tmp_path, capsys):
    added = '\n[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nname = "出访批次"\ntarget = ">=6(批)"\n'
    removed = ('[[indicators]]\nlevel1 = "效益指标"\nlevel2 = "社会效益指标"\nname = "合作交流渠道"\n'
               'target = "拓宽"\n\n')
    a, b = _stores(tmp_path, {P03: [('target = "≥95.00(%)"', 'target = "≥98%"'), (removed, "")]})
    with open(b / P03, "a", encoding="utf-8") as f:
        f.write(added)
    code, out, err = _diff(capsys, a, b)
    assert out == [
        f"{WHO}绩效指标 › 第 4 条「接待标准合格率」 › 指标值：≥95.00(%) → ≥98.00(%)",
        f"{WHO}绩效指标 › 第 5 条「合作交流渠道」：删除 效益指标 › 社会效益指标 › 合作交流渠道 拓宽",
        f"{WHO}绩效指标 › 第 6 条「出访批次」：新增 产出指标 › 数量指标 › 出访批次 ≥6.00(批)",
        "比较 10 个项目：3 处不同（1 个项目）"]
    assert (code, err) == (1, "")


# -- header, narrative, goals, unit -----------------------------------------------------------

def test_header_text_changed_names_the_project_by_its_new_name(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('name = "合作与交流"', 'name = "合作交流"'),
                                            ('end = "2024-12-31"', 'end = "2024-11-30"')])
    assert out == ["p03 合作交流 · 基本信息 › 项目名称：合作与交流 → 合作交流",
                   "p03 合作交流 · 基本信息 › 计划完成日期：2024-12-31 → 2024-11-30",
                   "比较 10 个项目：2 处不同（1 个项目）"]
    assert code == 1


_NEW_GOAL = "全面完成全年的公务接待任务，组织党政代表团赴对口地区考察交流，落实对口帮扶项目，推进区域合作。"


def test_long_texts_show_the_words_that_changed(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [
        ("预算资金约 200 万元", "预算资金约 210 万元"),
        ("\n# 六、年度预算安排\n", '\n[budget]\nprose = "本项目预算 200 万元。"\n# 六、年度预算安排\n'),
        ('overall = """\n严格贯彻', f'overall = """\n{_NEW_GOAL}"""\n_old = """\n严格贯彻'),
    ])
    assert out[:3] == [
        f"{WHO}一、项目概述：“…，预算资金约 200 万元。严格贯…” → “…，预算资金约 210 万元。严格贯…”",
        f"{WHO}六、年度预算安排（文字说明）：（空） → “本项目预算 200 万元。”",
        f"{WHO}绩效目标 › 项目总目标：全文改写（原 178 字，现 47 字）：“{_NEW_GOAL}”"]
    assert out[3] == "比较 10 个项目：3 处不同（1 个项目）"
    assert code == 1


def test_unit_information_changed_comes_first_without_a_project(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('declared_total = "4941.00 万元"', 'declared_total = "4951.00 万元"'),
                                            ("year = 2024", "year = 2025")], file="unit.toml")
    assert out == ["单位信息 › 年度：2024 → 2025",
                   "单位信息 › 涉及项目预算资金：4941.00 万元（49,410,000.00 元） → 4951.00 万元（49,510,000.00 元）",
                   "比较 10 个项目：2 处不同（单位信息）"]
    assert code == 1


# -- projects -------------------------------------------------------------------------------

def test_projects_added_removed_and_a_file_renamed(tmp_path, capsys):
    a, b = _stores(tmp_path, {})
    (b / "projects" / "p10.toml").unlink()
    (b / "projects" / "p03.toml").rename(b / "projects" / "p13.toml")
    text = (a / P03).read_text(encoding="utf-8").replace('name = "合作与交流"', 'name = "新项目"', 1)
    (b / "projects" / "p11.toml").write_text(text, encoding="utf-8")
    code, out, err = _diff(capsys, a, b)
    assert out == [
        "p10 稳增长专办：删除项目（年度资金申请总额 100,000.00 元，3 行预算明细，6 条指标）",
        "p11 新项目：新增项目（年度资金申请总额 2,000,000.00 元，12 行预算明细，6 条指标）",
        "p13 合作与交流：文件由 p03.toml 改名为 p13.toml",
        "比较 11 个项目：3 处不同（3 个项目）"]
    assert (code, err) == (1, "")


# -- exit status and trouble ----------------------------------------------------------------

def test_a_project_that_cannot_be_read_is_trouble_and_the_others_are_compared(tmp_path, capsys):
    a, b = _stores(tmp_path, {P03: [('total = "2000000.00"', 'total = "2100000.00"')],
                              "projects/p05.toml": [("[header]", "[header\n")]})
    code, out, err = _diff(capsys, a, b)
    assert code == 2
    assert out == [f"{WHO}项目资金 › 项目资金总额：2,000,000.00 → 2,100,000.00",
                   "比较 10 个项目：1 处不同（1 个项目）；1 个文件无法比较，见上"]
    assert re.fullmatch(rf"jixiao: 无法比较 p05：{re.escape(str(b))}/projects/p05\.toml:\d+: TOML 格式错误：.*\n", err)


@pytest.mark.parametrize("args, message", [
    (("{a}", "{missing}"), "jixiao: 找不到申报目录 {missing}（可用 jixiao new {missing} 新建）\n"),
    (("{a}",), "jixiao: 请给出两个申报目录：jixiao diff 旧目录 新目录（或 jixiao diff --git 版本 [目录]）\n"),
    (("--git", "HEAD", "{a}"), "jixiao: {a} 不在 git 仓库中（或不在其工作目录中）\n"),
])
def test_trouble_is_one_chinese_line_and_status_2(tmp_path, capsys, args, message):
    names = {"a": tmp_path / "a", "missing": tmp_path / "missing"}
    a, _ = _stores(tmp_path, {})
    code, out, err = _diff(capsys, *(arg.format(**names) for arg in args))
    assert (code, out, err) == (2, [], message.format(**names))


def test_json_has_the_documented_keys(tmp_path, capsys):
    a, b = _stores(tmp_path, {P03: [('amount = "30 万元"', 'amount = "31 万元"'), ("约 200 万元", "约 210 万元")]})
    code = main(["diff", str(a), str(b), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1 and payload["status"] == 1
    assert list(payload) == ["old", "new", "projects", "status", "changes", "trouble"]
    assert (payload["old"], payload["new"], payload["projects"], payload["trouble"]) == (str(a), str(b), 10, [])
    text, amount = payload["changes"]
    keys = ["project", "name", "kind", "path", "place", "old", "new", "old_yuan", "new_yuan", "note",
            "rewritten", "excerpts", "lines"]
    assert list(text) == list(amount) == keys
    assert amount | {"lines": None} == {
        "project": "p03", "name": "合作与交流", "kind": "changed", "path": ["budget", "groups", 0, "lines", 0, "amount"],
        "place": "六、年度预算安排 › 公务接待项目组成 › 第 1 行「餐费（市外）」 › 资金需求",
        "old": "30 万元（300,000.00 元）", "new": "31 万元（310,000.00 元）", "old_yuan": "300000.00",
        "new_yuan": "310000.00", "note": "", "rewritten": False, "excerpts": [], "lines": None}
    assert text["path"] == ["narrative", "overview"] and text["old_yuan"] is None  # a long text: old and new whole
    assert text["old"].startswith("主要实施内容") and text["new"] == text["old"].replace("约 200 万元", "约 210 万元")
    assert text["excerpts"] == [{"old": "…，预算资金约 200 万元。严格贯…", "new": "…，预算资金约 210 万元。严格贯…"}]


# -- git -------------------------------------------------------------------------------------

def _git(repo: Path, *args: str, env: dict | None = None) -> str:
    run = subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.org", *args], cwd=repo,
                         capture_output=True, check=True, env=env or _git_env(repo))
    return run.stdout.decode("utf-8")


def _git_env(repo: Path) -> dict:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(repo.parent), "GIT_CONFIG_NOSYSTEM": "1",
            "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository holding the example in a sub-folder, in two commits: 项目资金总额 of p03 changed in the second."""
    repo = tmp_path / "repo"
    store = repo / "预算" / "2024"
    shutil.copytree(EXAMPLE, store, ignore=shutil.ignore_patterns(".jixiao"))
    (store / ".gitattributes").write_text("projects/*.toml diff=jixiao\nunit.toml diff=jixiao\n", encoding="utf-8")
    _git(tmp_path, "init", "-q", str(repo))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "2024 申报")
    path = store / P03
    path.write_text(path.read_text(encoding="utf-8").replace('total = "2000000.00"', 'total = "2100000.00"', 1),
                    encoding="utf-8")
    _git(repo, "commit", "-q", "-a", "-m", "p03 调整")
    return repo


CHANGED = f"{WHO}项目资金 › 项目资金总额：2,000,000.00 → 2,100,000.00"


def test_diff_against_a_git_revision_leaves_the_work_tree_alone(repo, capsys, monkeypatch):
    store = repo / "预算" / "2024"
    head = _git(repo, "rev-parse", "HEAD")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for args in (("--git", "HEAD~1", store), ("--git", "HEAD~1..HEAD", store)):
        code, out, err = _diff(capsys, *args)
        assert (code, out, err) == (1, [CHANGED, "比较 10 个项目：1 处不同（1 个项目）"], "")
    code, out, err = _diff(capsys, "--git", "HEAD", store)
    assert (code, out, err) == (0, [SAME], "")
    monkeypatch.chdir(store)  # the store is the folder here; an uncommitted change is on the new side
    (store / "unit.toml").write_text((store / "unit.toml").read_text(encoding="utf-8").replace("year = 2024", "year = 2025"),
                                     encoding="utf-8")
    code, out, err = _diff(capsys, "--git", "HEAD")
    assert (code, out) == (1, ["单位信息 › 年度：2024 → 2025", "比较 10 个项目：1 处不同（单位信息）"])
    code, out, err = _diff(capsys, "--git", "nope")
    assert (code, out, err) == (2, [], "jixiao: git 仓库中没有版本“nope”\n")
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "status", "--porcelain") == " M \"\\351\\242\\204\\347\\256\\227/2024/unit.toml\"\n"


def test_git_textconv_shows_project_files_in_the_forms_words(repo):
    textconv = f"{shlex.quote(sys.executable)} -m jixiao show"
    for args in (("diff", "HEAD~1", "HEAD"), ("log", "-p", "-1", "--format=%s")):
        out = _git(repo, "-c", f"diff.jixiao.textconv={textconv}", *args)
        assert "\n-项目资金 › 项目资金总额：2,000,000.00\n+项目资金 › 项目资金总额：2,100,000.00\n" in out
        assert "\n-total" not in out and "\n 项目资金 › 其中：财政资金：2,000,000.00\n" in out


def test_show_prints_a_file_that_is_not_toml_as_it_is(tmp_path, capsys):
    path = tmp_path / "p01.toml"
    path.write_bytes(b"[header\nname = 1\n")
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().out == "[header\nname = 1\n"
    assert main(["show", str(EXAMPLE / "unit.toml")]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == ["单位信息 › 涉及项目预算资金：49,410,000.00", "单位信息 › 指标框架："]


def test_diff_git_and_show_start_without_textual(repo):
    store = repo / "预算" / "2024"
    for args in (["diff", "--git", "HEAD~1", str(store)], ["show", str(store / P03)]):
        assert _loaded(HYGIENE, args) == "LOADED:", args


# -- pre-commit ------------------------------------------------------------------------------

def test_pre_commit_hook_runs_check_and_stops_on_the_seeds_three_errors(example_copy):
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["id"] == "jixiao-check"
    command, *args = shlex.split(hook["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts[command] == "jixiao.cli:main"  # the command the hook runs is the one pip installs
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ("unit.toml", "projects/p03.toml", "预算/2024/projects/p03.toml"))
    assert not any(files.search(p) for p in ("README.md", "projects/p03.toml.bak", ".jixiao/cache/x.toml"))
    run = subprocess.run([sys.executable, "-m", "jixiao", *args, str(example_copy)], capture_output=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                              "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]})
    lines = run.stdout.decode("utf-8").splitlines()
    assert run.returncode == 1
    assert [re.search(r"error\[([\w-]+)\]", line)[1] for line in lines[:-1]] == [
        "budget-total", "cost-line-arithmetic", "narrative-amount"]
    assert lines[-1] == "核对 10 个项目：3 个错误，0 个警告"


def test_a_value_that_cannot_be_read_is_compared_as_written_and_user_text_never_runs(tmp_path, capsys):
    code, out = _changed(tmp_path, capsys, [('total = "2000000.00"', 'total = "两百万"'),
                                            ('item = "租车费"', 'item = "租车费\\u001b[2J\\u202e"')])
    assert out == [f"{WHO}项目资金 › 项目资金总额：2,000,000.00 → 两百万（无法识别）",
                   f"{WHO}六、年度预算安排 › 公务接待项目组成 › 第 3 行「租车费」 › 组成：租车费 → 租车费",
                   "比较 10 个项目：2 处不同（1 个项目）"]
    assert code == 1
    a, b = tmp_path / "a", tmp_path / "b"
    main(["diff", str(a), str(b), "--format", "json"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\\u001b[2J\\u202e" in out
