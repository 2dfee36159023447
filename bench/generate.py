"""Synthetic stores shaped like the seed, for benchmarks.

    python3 bench/generate.py OUT_DIR --projects 1000 [--seed 1] [--wrong]

Each project has the seed's header and narrative texts (rotated among the
seed's ten projects), 30 to 200 cost lines in 2 to 6 groups, and about ten
indicators.  Files are written directly as TOML text (tomlkit would take
minutes for 10,000 projects); every one loads without findings of the loader.
With ``--wrong`` every cost line's 资金需求 is 1 元 more than 数量 × 单价: a
finding on every line (a store of 10,000 projects: about a million findings).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.files import PROJECTS_DIR  # noqa: E402
from store.toml_store import Store  # noqa: E402

EXAMPLE = ROOT / "examples" / "songjiang-2024"
ITEMS = ["餐费（市外）", "餐费（市内、工作人员）", "租车费", "党政团出访", "调研团出访", "联合检查团项目检查",
         "印刷编制费", "会场布置及租赁费", "专家咨询", "劳务费", "邮寄费", "交通费", "电脑耗材", "讲课费"]
UNITS = [("人", "元/人"), ("公里", "元/公里"), ("次", "万元/次"), ("件", "元/件"), ("本", "元/本"), ("", "万元")]
INDICATORS = [("成本指标", "经济成本指标", "成本合理性", "合理"),
              ("产出指标", "数量指标", "接待人员数量", "≥5000.00(人)"),
              ("产出指标", "数量指标", "培训次数", "≥3.00(次)"),
              ("产出指标", "质量指标", "项目完成率", "≥90.00(%)"),
              ("产出指标", "时效指标", "任务完成及时性", "及时"),
              ("效益指标", "社会效益指标", "示范效应", "提升"),
              ("效益指标", "可持续影响指标", "长效管理机制健全性", "健全"),
              ("效益指标", "经济效益指标", "促进两地共同发展", "促进"),
              ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90.00(%)"),
              ("满意度指标", "服务对象满意度指标", "来访团队满意度", "≥85.00(%)")]


def q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def project_text(rng: random.Random, n: int, seed_projects: list,
                 lines: int | None = None, wrong: bool = False) -> tuple[str, int]:
    base = seed_projects[n % len(seed_projects)]
    lines_total = lines or rng.randint(30, 200)
    groups = rng.randint(2, 6)
    body: list[str] = []
    total = 0
    for gi in range(groups):
        count = lines_total // groups + (1 if gi < lines_total % groups else 0)
        body += ["", "[[budget.groups]]", f"name = {q(f'第{gi + 1}组项目组成')}"]
        for li in range(count):
            unit, price_unit = rng.choice(UNITS)
            qty = rng.randint(1, 500)
            price = rng.randint(1, 300)
            factor = 10000 if price_unit.startswith("万") else 1
            amount = qty * price * factor + (1 if wrong else 0)
            total += amount
            body += ["", "[[budget.groups.lines]]", f"item = {q(rng.choice(ITEMS) + str(li + 1))}",
                     f"quantity = {q(f'{qty} {unit}'.strip())}", f"price = {q(f'{price} {price_unit}')}",
                     f"amount = {q(f'{amount} 元')}"]
    h, nv, g = base.header, base.narrative, base.goals
    out = [f"# 项目 {n}", f"order = {n}", "", "[header]"]
    for key, value in (("name", f"{h.name}{n}"), ("nature", h.nature), ("category", h.category),
                       ("department", h.department), ("implementer", h.implementer)):
        out.append(f"{key} = {q(value)}")
    out += ['start = "2024-01-01"', 'end = "2024-12-31"', "", "[funding]"]
    for key in ("total", "total_fiscal", "annual", "annual_fiscal"):
        out.append(f'{key} = "{total}.00"')
    out += ['total_other = "0.00"', 'annual_carryover = "0.00"', 'annual_other = "0.00"', "", "[narrative]"]
    for key in ("overview", "basis", "responsible", "plan", "period"):
        text = getattr(nv, key)
        if key == "overview":
            text = text.split("预算资金约")[0].split("该项目最终")[0] + f"预算资金约 {total / 10000:.2f} 万元。"
        out.append(f"{key} = {q(text)}")
    out += body
    out += ["", "[goals]", f"overall = {q(g.overall)}", f"annual = {q(g.annual)}"]
    for level1, level2, name, target in INDICATORS:
        out += ["", "[[indicators]]", f"level1 = {q(level1)}", f"level2 = {q(level2)}",
                f"name = {q(name)}", f"target = {q(target)}"]
    return "\n".join(out) + "\n", total


def generate(out: Path, projects: int, seed: int = 1, lines: int | None = None, wrong: bool = False) -> Path:
    rng = random.Random(seed)
    seed_projects = Store.open(EXAMPLE).load().models
    store = Store.create(out, 2024)
    grand = 0
    folder = out / PROJECTS_DIR
    for n in range(1, projects + 1):
        text, total = project_text(rng, n, seed_projects, lines, wrong)
        grand += total
        (folder / f"p{n:05d}.toml").write_text(text, encoding="utf-8")
    store.unit_path.write_text(
        f'name = "合成单位"\ndepartment = "上海市松江区人民政府办公室"\nyear = 2024\n'
        f'budget_units = 1\ndeclared_projects = {projects}\ndeclared_total = "{grand}.00"\n',
        encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lines", type=int, help="cost lines per project (default: 30 to 200)")
    parser.add_argument("--wrong", action="store_true", help="a finding on every cost line")
    args = parser.parse_args()
    generate(args.out, args.projects, args.seed, args.lines, args.wrong)


if __name__ == "__main__":
    main()
