"""The mutation suite's generator: single faults and benign rewrites of the example store.

Each :class:`Mutant` edits one file of ``examples/songjiang-2024`` (in memory: the
checkout is never written) the way a person slips while filling the form in — a typo
in 数量, a 10× slip, 万元 written for 元, a stated amount that no longer agrees — or
rewrites it without changing what it says (元 ↔ 万元, full-width digits, CRLF …).
:func:`tests.mutation_results.run` checks every mutant with the rules and tells, for a fault, whether an
error of the expected rule appeared on the mutated file, and for a benign rewrite,
whether anything at all changed in what ``jixiao check`` says.

tests/mutation_results.py runs them; ``python3 -m tests.mutation_results`` prints the table in docs/checks.md.
"""

from __future__ import annotations

import re
from decimal import Decimal
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from store.normalize import format_number

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "songjiang-2024"
PROJECTS = [f"p{i:02d}" for i in range(1, 11)]


@dataclass(frozen=True)
class Mutant:
    name: str
    #: ``p03`` or ``unit``.
    file: str
    #: ``(old, new, nth)`` text edits (nth occurrence, from 1), or a function of the whole text.
    edits: tuple = ()
    #: The rule that must report it as an error; None: a benign rewrite that must change nothing.
    rule: str | None = None
    family: str = ""
    transform: Callable[[str], str] | None = field(default=None, compare=False)


def _replace_nth(text: str, old: str, new: str, nth: int) -> str:
    start = -1
    for _ in range(nth):
        start = text.find(old, start + 1)
        if start < 0:
            raise ValueError(f"mutant edit not found: {old!r} (#{nth})")
    return text[:start] + new + text[start + len(old):]


def apply(mutant: Mutant, text: str) -> str:
    for old, new, nth in mutant.edits:
        text = _replace_nth(text, old, new, nth)
    return mutant.transform(text) if mutant.transform else text


def _texts() -> dict[str, str]:
    out = {pid: (EXAMPLE / "projects" / f"{pid}.toml").read_text(encoding="utf-8") for pid in PROJECTS}
    out["unit"] = (EXAMPLE / "unit.toml").read_text(encoding="utf-8")
    return out


# ---------------------------------------------------------------------------------------------
# Faults


def _fault(family: str, rule: str, file: str, name: str, *edits) -> Mutant:
    return Mutant(name, file, tuple(e if len(e) == 3 else (*e, 1) for e in edits), rule, family)


def _line_slips(texts: dict[str, str]) -> list[Mutant]:
    """Every cost line with 数量 × 单价: a typo in 数量, and (every other line) a 10× slip in 单价."""
    out = []
    for pid in PROJECTS:
        text = texts[pid]
        seen: Counter = Counter()
        for match in re.finditer(r'quantity = "([\d.]+)( [^"]*)?"\n(price = "([\d.]+) ([^"]*)")', text):
            number, unit, price_line, price, price_unit = match.groups()
            unit = unit or ""
            if pid == "p07" and number == "47":
                continue  # the seed's own error
            old_q = f'quantity = "{number}{unit}"'
            seen[old_q] += 1
            typo = str(int(number) + 1) if len(number) == 1 else number[1] + number[0] + number[2:]
            if typo == number:
                typo = number + "0"
            out.append(_fault("预算明细", "cost-line-arithmetic", pid, f"{pid} 数量 {number}{unit} → {typo}{unit}",
                              (old_q, f'quantity = "{typo}{unit}"', seen[old_q])))
            if len(out) % 2:
                slipped = format_number((Decimal(price) * 10).normalize())
                out.append(_fault("预算明细", "cost-line-arithmetic", pid,
                                  f"{pid} 单价 {price} {price_unit} → {slipped}（10×）",
                                  (price_line, f'price = "{slipped} {price_unit}"', text[:match.start(3)].count(price_line) + 1)))
    return out


def faults(texts: dict[str, str]) -> list[Mutant]:
    f = _fault
    out = _line_slips(texts)
    out += [
        # 万元 written for 元, and the other way round
        f("预算明细", "cost-line-arithmetic", "p02", "单价 800 元/件 写成 800 万元/件", ('price = "800 元/件"', 'price = "800 万元/件"')),
        f("预算明细", "cost-line-arithmetic", "p09", "单价 300 元/人 写成 300 万元/人", ('price = "300 元/人"', 'price = "300 万元/人"')),
        f("预算明细", "cost-line-arithmetic", "p03", "资金需求 30 万元 写成 30 元", ('amount = "30 万元"', 'amount = "30 元"')),
        f("预算明细", "cost-line-arithmetic", "p09", "资金需求 570 万元 写成 5700 万元", ('amount = "570 万元"', 'amount = "5700 万元"')),
        f("预算明细", "cost-line-arithmetic", "p01", "资金需求 275 万元 写成 257 万元", ('amount = "275 万元"', 'amount = "257 万元"')),
        f("预算明细", "cost-line-units", "p03", "单价 10 元/公里 写成 10 公里", ('price = "10 元/公里"', 'price = "10 公里"')),
        f("预算明细", "cost-line-units", "p09", "资金需求 1 万元 写成 1 万人", ('amount = "1 万元"', 'amount = "1 万人"')),
        f("预算明细", "amount-negative", "p03", "资金需求写成负数", ('amount = "5 万元"', 'amount = "-5 万元"')),
        f("预算明细", "cost-line-incomplete", "p05", "一行的资金需求被删掉", ('amount = "20000 元"\n', "")),
        f("预算明细", "cost-line-incomplete", "p07", "一行的组成被删掉", ('item = "2、图书资料"\n', "")),
        # group totals and the table's total
        f("分组与合计", "cost-group-total", "p05", "分组合计 50000 写成 60000", ('total = "50000 元"', 'total = "60000 元"')),
        f("分组与合计", "cost-group-total", "p06", "分组合计 5 万元 写成 6 万元", ('total = "5 万元"', 'total = "6 万元"')),
        f("分组与合计", "cost-group-total", "p06", "分组合计 20 万元 写成 2 万元", ('total = "20 万元"', 'total = "2 万元"')),
        f("分组与合计", "cost-group-total", "p07", "分组合计 190000 写成 180000", ('total = "190000 元"', 'total = "180000 元"')),
        f("分组与合计", "cost-group-total", "p05", "一行 15000 写成 51000（组有合计）", ('amount = "15000 元"', 'amount = "51000 元"')),
        f("分组与合计", "cost-group-total", "p07", "一行 29000 写成 92000（组有合计）", ('amount = "29000 元"', 'amount = "92000 元"')),
        f("分组与合计", "budget-total", "p10", "一行 10000 写成 100000", ('amount = "10000 元"', 'amount = "100000 元"')),
        f("分组与合计", "budget-total", "p08", "明细 282.5 万元 写成 285.2 万元", ('amount = "282.5 万元"', 'amount = "285.2 万元"')),
        f("分组与合计", "budget-total", "p04", "明细 5.5 万元 写成 55 万元", ('amount = "5.5 万元"', 'amount = "55 万元"')),
        f("分组与合计", "budget-total", "p02", "年度申请 40000 写成 4000（拨款随之）", ('annual = "40000.00"', 'annual = "4000.00"'),
          ('annual_fiscal = "40000.00"', 'annual_fiscal = "4000.00"'), ('total = "40000.00"', 'total = "4000.00"'),
          ('total_fiscal = "40000.00"', 'total_fiscal = "4000.00"')),
        # amounts stated in 六's prose and in 测算依据
        f("预算文字与测算依据", "budget-text-amount", "p10", "文字“预估全年72000元”写成 27000", ("预估全年72000元；", "预估全年27000元；")),
        f("预算文字与测算依据", "budget-text-amount", "p10", "测算依据“预估全年72000元”写成 27000", ('预估全年72000元"', '预估全年27000元"')),
        f("预算文字与测算依据", "budget-text-amount", "p10", "文字“约10000元”写成 1000", ("材料印刷费：约10000元", "材料印刷费：约1000元")),
        f("预算文字与测算依据", "budget-text-amount", "p10", "测算依据“约10000元”写成 100000", ('note = "约10000元"', 'note = "约100000元"')),
        f("预算文字与测算依据", "budget-text-amount", "p10", "文字“全年约18000元”写成 81000", ("全年约18000元。", "全年约81000元。")),
        f("预算文字与测算依据", "budget-text-amount", "p10", "测算依据“全年约18000元”写成 1.8 万元的十倍",
          ('全年约18000元"', '全年约18 万元"')),
        f("预算文字与测算依据", "budget-text-amount", "p04", "文字“1 万元×2”写成 ×3", ("（1 万元×2）", "（1 万元×3）")),
        f("预算文字与测算依据", "budget-text-amount", "p04", "测算依据“1 万元×2”写成 ×3", ('note = "1 万元×2"', 'note = "1 万元×3"')),
        f("预算文字与测算依据", "budget-text-amount", "p04", "文字“每年 5.5 万元”写成 55 万元", ("运维每年 5.5 万元", "运维每年 55 万元")),
        f("预算文字与测算依据", "budget-text-amount", "p04", "测算依据“每年 5.5 万元”写成 55 万元", ('note = "每年 5.5 万元"', 'note = "每年 55 万元"')),
        f("预算文字与测算依据", "budget-text-amount", "p04", "测算依据“每年 5.5 万元”写成 5.5 元", ('note = "每年 5.5 万元"', 'note = "每年 5.5 元"')),
        f("预算文字与测算依据", "budget-text-amount", "p06", "文字“共 5 万元”写成 6 万元", ("共 5 万元。", "共 6 万元。")),
        f("预算文字与测算依据", "budget-text-amount", "p06", "文字“共 20 万”写成 25 万", ("共 20 万。", "共 25 万。")),
        f("预算文字与测算依据", "budget-text-amount", "p08", "测算依据“拟申请 847.5 万元”写成 874.5", ("拟申请 847.5 万元，均分", "拟申请 874.5 万元，均分")),
        f("预算文字与测算依据", "budget-text-amount", "p07", "测算依据写成不带结果的 800元/件×51件", ('note = "800 × 15 = 12000"', 'note = "800元/件×51件"')),
        f("预算文字与测算依据", "budget-text-amount", "p02", "测算依据写成不带结果的 50件×900元/件", ('note = "800 × 50 = 40000"', 'note = "50件×900元/件"')),
        f("预算文字与测算依据", "text-arithmetic", "p06", "文字算式 7500 元*2 篇=16000 元", ("7500 元*2 篇=15000 元", "7500 元*2 篇=16000 元")),
        f("预算文字与测算依据", "text-arithmetic", "p07", "测算依据 10.39 元/本 × 3850 本/期 = 45000", ("= 40000 元/期", "= 45000 元/期")),
        f("预算文字与测算依据", "text-arithmetic", "p02", "测算依据 800 × 50 = 45000", ("800 × 50 = 40000", "800 × 50 = 45000")),
        # amounts stated in 一、项目概述
        f("说明中的金额", "narrative-amount", "p02", "概述“约 4 万元”写成 5 万元", ("预算资金约 4 万元", "预算资金约 5 万元")),
        f("说明中的金额", "narrative-amount", "p03", "概述“约 200 万元”写成 210 万元", ("预算资金约 200 万元", "预算资金约 210 万元")),
        f("说明中的金额", "narrative-amount", "p03", "概述“约 200 万元”写成 200 元", ("预算资金约 200 万元", "预算资金约 200 元")),
        f("说明中的金额", "narrative-amount", "p04", "概述“约 7.5 万元”写成 5.7 万元", ("预算资金约 7.5 万元", "预算资金约 5.7 万元")),
        f("说明中的金额", "narrative-amount", "p05", "概述“约 5 万元”写成 6 万元", ("预算资金约 5 万元", "预算资金约 6 万元")),
        f("说明中的金额", "narrative-amount", "p06", "概述“约 30 万元”写成 3 万元（10×）", ("预算资金约 30 万元", "预算资金约 3 万元")),
        f("说明中的金额", "narrative-amount", "p07", "概述“约 44 万元”写成 40 万元", ("预算资金约 44 万元", "预算资金约 40 万元")),
        f("说明中的金额", "narrative-amount", "p10", "概述“约10万元”写成 1 万元", ("预算资金约10万元", "预算资金约1万元")),
        f("说明中的金额", "narrative-amount", "p01", "概述“约 3778 万元”写成 3787 万元", ("预算资金约 3778 万元", "预算资金约 3787 万元")),
        f("说明中的金额", "narrative-amount", "p08", "概述“每年 282.5 万元”写成 285.2 万元", ("每年 282.5 万元", "每年 285.2 万元")),
        f("说明中的金额", "narrative-amount", "p08", "概述“拟申请金额为 847.5 万元”写成 874.5", ("拟申请金额为 847.5 万元", "拟申请金额为 874.5 万元")),
        f("说明中的金额", "narrative-amount", "p08", "预算文字“此次拟申请金额为 282.5 万元”写成 228.5", ("此次拟申请金额为 282.5", "此次拟申请金额为 228.5")),
        f("说明中的金额", "narrative-amount", "p02", "概述加一句“总投资 5 万元”", ("预算资金约 4 万元。", "预算资金约 4 万元，总投资 5 万元。")),
        f("说明中的金额", "narrative-amount", "p05", "概述加一句“全年预算 6 万元”", ("预算资金约 5 万元。", "预算资金约 5 万元，全年预算 6 万元。")),
        f("说明中的金额", "narrative-amount", "p10", "概述写“项目经费合计 12 万元”", ("预算资金约10万元。", "预算资金约10万元，项目经费合计 12 万元。")),
        # header and dates
        f("基本信息与日期", "dates-order", "p02", "开始日期 2024 写成 2025", ('start = "2024-01-01"', 'start = "2025-01-01"')),
        f("基本信息与日期", "dates-order", "p03", "完成日期 2024 写成 2023", ('end = "2024-12-31"', 'end = "2023-12-31"')),
        f("基本信息与日期", "dates-period-text", "p04", "实施周期写成 3 月起", ("2024 年 1 月至", "2024 年 3 月至")),
        f("基本信息与日期", "dates-period-text", "p05", "开始日期改为 3 月，周期文字仍写 1 月", ('start = "2024-01-01"', 'start = "2024-03-01"')),
        f("基本信息与日期", "dates-period-text", "p10", "实施周期写成 2024年1月至2024年6月", ("至2024年12月", "至2024年6月")),
        f("基本信息与日期", "header-required", "p06", "项目名称为空", ('name = "区政府办宣传与推广"', 'name = ""')),
        f("基本信息与日期", "header-required", "p07", "计划开始日期为空", ('start = "2024-01-01"', 'start = ""')),
        f("基本信息与日期", "header-required", "p10", "项目性质为空", ('nature = "其他经常性项目"', 'nature = ""')),
        f("基本信息与日期", "field-invalid", "p08", "开始日期 2024-13-01", ('start = "2024-01-01"', 'start = "2024-13-01"')),
        f("基本信息与日期", "field-invalid", "p09", "完成日期 2024-02-30", ('end = "2024-12-31"', 'end = "2024-02-30"')),
        # funding
        f("项目资金", "funding-total-split", "p02", "财政资金 40000 写成 4000", ('total_fiscal = "40000.00"', 'total_fiscal = "4000.00"')),
        f("项目资金", "funding-total-split", "p09", "其他资金写成 580000", ('total_other = "0.00"', 'total_other = "580000.00"')),
        f("项目资金", "funding-annual-split", "p03", "当年财政拨款少一个 0", ('annual_fiscal = "2000000.00"', 'annual_fiscal = "200000.00"')),
        f("项目资金", "funding-annual-split", "p04", "上年结转写成 5000", ('annual_carryover = "0.00"', 'annual_carryover = "5000.00"')),
        f("项目资金", "funding-required", "p05", "项目资金总额为空", ('total = "50000.00"', 'total = ""')),
        f("项目资金", "funding-required", "p07", "年度资金申请总额为空", ('annual = "440000.00"', 'annual = ""')),
        f("项目资金", "field-invalid", "p10", "项目资金总额写成 10万元整", ('total = "100000.00"', 'total = "10万元整"')),
        # indicators
        f("指标", "indicator-percent", "p02", "≥90.00% 写成 ≥900.00%", ('target = "≥90.00%"', 'target = "≥900.00%"')),
        f("指标", "indicator-percent", "p03", "≥95.00(%) 写成 ≥950.00(%)", ('"≥95.00(%)"', '"≥950.00(%)"')),
        f("指标", "indicator-percent", "p10", "≥90.00(%) 写成 ≥190.00(%)", ('"≥90.00(%)"', '"≥190.00(%)"')),
        f("指标", "indicator-cost-table", "p01", "人均工作经费 ≤25.00(万元) 写成 ≤2.50(万元)", ('"≤25.00(万元)"', '"≤2.50(万元)"')),
        f("指标", "indicator-cost-table", "p01", "人均工作经费 ≤15.00(万元) 写成 ≤1.50(万元)", ('"≤15.00(万元)"', '"≤1.50(万元)"')),
        f("指标", "indicator-cost-table", "p01", "人均工作经费 ≤25.00(万元) 写成 ≤25.00(元)", ('"≤25.00(万元)"', '"≤25.00(元)"')),
        f("指标", "indicator-cost-table", "p08", "平均月租费 ≤23.55(万元) 写成 ≤2.355(万元)", ('"≤23.55(万元)"', '"≤2.355(万元)"')),
        f("指标", "indicator-cost-table", "p08", "平均月租费 ≤23.55(万元) 写成 ≤235.5(万元)", ('"≤23.55(万元)"', '"≤235.5(万元)"')),
        f("指标", "indicator-cost-table", "p08", "平均月租费 ≤23.55(万元) 写成 ≤32.55(万元)", ('"≤23.55(万元)"', '"≤32.55(万元)"')),
        f("指标", "indicator-cost-table", "p08", "平均月租费 ≤23.55(万元) 写成 ≤22.35(万元)（低于实际）",
          ('"≤23.55(万元)"', '"≤22.35(万元)"')),
        f("指标", "indicator-level2", "p04", "时效指标放到效益指标下",
          ('level1 = "产出指标"\nlevel2 = "时效指标"', 'level1 = "效益指标"\nlevel2 = "时效指标"')),
        f("指标", "indicator-level2", "p05", "社会效益指标放到产出指标下",
          ('level1 = "效益指标"\nlevel2 = "社会效益指标"', 'level1 = "产出指标"\nlevel2 = "社会效益指标"')),
        f("指标", "indicator-level2", "p06", "服务对象满意度指标放到效益指标下（其余按现行框架）",
          ('level1 = "满意度指标"', 'level1 = "效益指标"')),
        f("指标", "indicator-level2", "p03", "经济成本指标放到产出指标下",
          ('level1 = "成本指标"\nlevel2 = "经济成本指标"', 'level1 = "产出指标"\nlevel2 = "经济成本指标"')),
        f("指标", "indicator-level1", "p07", "一级指标写成“产出指数”", ('level1 = "产出指标"', 'level1 = "产出指数"')),
        f("指标", "indicator-coverage", "p02", "没有效益指标",
          ('level1 = "效益指标"\nlevel2 = "可持续影响指标"', 'level1 = "产出指标"\nlevel2 = "质量指标"')),
        f("指标", "indicator-coverage", "p02", "没有满意度指标",
          ('[[indicators]]\nlevel1 = "满意度指标"\nlevel2 = "服务对象满意度指标"\nname = "服务对象满意度"\ntarget = "≥90.00%"', '')),
        f("指标", "indicator-coverage", "p03", "没有成本指标（现行框架）",
          ('[[indicators]]\nlevel1 = "成本指标"\nlevel2 = "经济成本指标"\nname = "成本合理性"\ntarget = "合理"', '')),
        f("指标", "indicator-empty", "p04", "指标值为空", ('target = "稳定"', 'target = ""')),
        f("指标", "indicator-empty", "p05", "三级指标为空", ('name = "培训次数"', 'name = ""')),
        f("指标", "indicator-empty", "p09", "二级指标为空", ('level2 = "质量指标"', 'level2 = ""')),
        f("指标", "indicator-target", "p03", "指标值 ≥5000.00(人) 打成 ≥5O00.00(人)", ('"≥5000.00(人)"', '"≥5O00.00(人)"')),
        # the unit
        f("单位", "unit-count", "unit", "编报项目个数 10 写成 11", ("declared_projects = 10", "declared_projects = 11")),
        f("单位", "unit-total", "unit", "涉及项目预算资金 4941 写成 4914", ('"4941.00 万元"', '"4914.00 万元"')),
        f("单位", "unit-required", "unit", "年度为空", ("year = 2024", 'year = ""')),
        f("单位", "unit-framework", "unit", "指标框架写成 2015", ("budget_units = 1", 'framework = "2015"\nbudget_units = 1')),
    ]
    out += _multi_year_faults(texts)
    return out


# A correct 阶段性 project: p08 as the three-year contract it describes (847.5 万元, 282.5 万元 a year).
_MULTI_YEAR = (
    ('nature = "其他经常性项目"', 'nature = "阶段性项目"', 1),
    ('end = "2024-12-31"', 'end = "2026-12-31"', 1),
    ('total = "2825000.00"', 'total = "8475000.00"', 1),
    ('total_fiscal = "2825000.00"', 'total_fiscal = "8475000.00"', 1),
)


def _multi_year_faults(texts: dict[str, str]) -> list[Mutant]:
    f = _fault
    return [
        f("阶段性项目", "funding-annual-over-total", "p08", "阶段性：年度申请大于项目资金总额",
          *_MULTI_YEAR, ('annual = "2825000.00"', 'annual = "9825000.00"'),
          ('annual_fiscal = "2825000.00"', 'annual_fiscal = "9825000.00"')),
        f("阶段性项目", "narrative-amount", "p08", "阶段性：概述“每年 282.5 万元”写成 285.2",
          *_MULTI_YEAR, ("每年 282.5 万元", "每年 285.2 万元")),
        f("阶段性项目", "narrative-amount", "p08", "阶段性：概述总额写成 874.5 万元",
          *_MULTI_YEAR, ("拟申请金额为 847.5 万元", "拟申请金额为 874.5 万元")),
        f("阶段性项目", "dates-period-text", "p08", "阶段性：周期文字写成 2025 年",
          *_MULTI_YEAR, ("本次周期为 2024 年 1 月至 2024 年 12 月", "本次周期为 2025 年 1 月至 2025 年 12 月")),
        f("阶段性项目", "funding-total-split", "p08", "阶段性：财政资金仍写一年的",
          *_MULTI_YEAR[:3]),
    ]


# ---------------------------------------------------------------------------------------------
# Benign rewrites


def _benign(family: str, file: str, name: str, *edits, transform=None) -> Mutant:
    return Mutant(name, file, tuple(e if len(e) == 3 else (*e, 1) for e in edits), None, family, transform)


_88 = (
    ('level1 = "成本指标"\nlevel2 = "经济成本指标"', 'level1 = "产出指标"\nlevel2 = "成本指标"', 1),
    ('level1 = "满意度指标"\nlevel2 = "服务对象满意度指标"', 'level1 = "效益指标"\nlevel2 = "服务对象满意度指标"', 1),
)


def benign(texts: dict[str, str]) -> list[Mutant]:
    b = _benign
    return [
        # 元 ↔ 万元
        b("元与万元", "p03", "资金需求 30 万元 → 300000 元", ('amount = "30 万元"', 'amount = "300000 元"')),
        b("元与万元", "p03", "单价 150 元/人 → 0.015 万元/人", ('price = "150 元/人"', 'price = "0.015 万元/人"')),
        b("元与万元", "p09", "资金需求 570 万元 → 5700000 元", ('amount = "570 万元"', 'amount = "5700000 元"')),
        b("元与万元", "p04", "资金需求 2 万元 → 20000 元", ('amount = "2 万元"', 'amount = "20000 元"')),
        b("元与万元", "p10", "资金需求 72000 元 → 7.2 万元", ('amount = "72000 元"', 'amount = "7.2 万元"')),
        b("元与万元", "p01", "单价 25 万元/人 → 250000 元/人", ('price = "25 万元/人"', 'price = "250000 元/人"')),
        b("元与万元", "p05", "分组合计 50000 元 → 5 万元", ('total = "50000 元"', 'total = "5 万元"')),
        b("元与万元", "p06", "分组合计 5 万元 → 50000 元", ('total = "5 万元"', 'total = "50000 元"')),
        b("元与万元", "p03", "项目资金总额 → 200 万元", ('total = "2000000.00"', 'total = "200 万元"')),
        b("元与万元", "unit", "涉及项目预算资金 → 49410000.00", ('"4941.00 万元"', '"49410000.00"')),
        b("元与万元", "p02", "概述“约 4 万元” → “约 40000 元”", ("预算资金约 4 万元", "预算资金约 40000 元")),
        b("元与万元", "p10", "文字“预估全年72000元” → 7.2万元", ("预估全年72000元；", "预估全年7.2万元；")),
        b("元与万元", "p08", "成本指标 ≤23.55(万元) → ≤235500(元)", ('"≤23.55(万元)"', '"≤235500(元)"')),
        # full-width digits and thousands separators
        b("全角与千分位", "p03", "数量 2000 人 → ２０００ 人", ('quantity = "2000 人"', 'quantity = "２０００ 人"')),
        b("全角与千分位", "p09", "项目资金总额 → 全角", ('total = "5800000.00"', 'total = "５８０００００.００"')),
        b("全角与千分位", "p10", "文字“预估全年72000元” → 全角", ("预估全年72000元；", "预估全年７２０００元；")),
        b("全角与千分位", "p02", "概述“约 4 万元” → 全角", ("预算资金约 4 万元", "预算资金约 ４ 万元")),
        b("全角与千分位", "p01", "项目资金总额 → 37,780,000.00", ('total = "37780000.00"', 'total = "37,780,000.00"')),
        b("全角与千分位", "p10", "资金需求 → 72,000 元", ('amount = "72000 元"', 'amount = "72,000 元"')),
        b("全角与千分位", "p10", "文字 → 预估全年72,000元", ("预估全年72000元；", "预估全年72,000元；")),
        b("全角与千分位", "p07", "资金需求 → 200,000 元", ('amount = "200000 元"', 'amount = "200,000 元"')),
        # key order, comments, CRLF, BOM
        b("键序、注释与编码", "p04", "数量与单价换序", ('quantity = "2 台"\nprice = "1 万元/台"', 'price = "1 万元/台"\nquantity = "2 台"')),
        b("键序、注释与编码", "p03", "项目名称与性质换序",
          ('name = "合作与交流"                                 # 项目名称\nnature = "其他经常性项目"                           # 项目性质',
           'nature = "其他经常性项目"\nname = "合作与交流"')),
        b("键序、注释与编码", "p05", "加注释", ("[funding]\n", "[funding]\n# 经办人核对过\n")),
        b("键序、注释与编码", "p09", "行尾注释", ('amount = "570 万元"', 'amount = "570 万元"  # 114 人次')),
        b("键序、注释与编码", "p03", "CRLF 行尾", transform=lambda t: t.replace("\n", "\r\n")),
        b("键序、注释与编码", "p05", "BOM", transform=lambda t: "\ufeff" + t),
        b("键序、注释与编码", "p10", "BOM 与 CRLF", transform=lambda t: "\ufeff" + t.replace("\n", "\r\n")),
        b("键序、注释与编码", "unit", "unit.toml CRLF", transform=lambda t: t.replace("\n", "\r\n")),
        # equivalent wordings
        b("等价写法", "p02", "概述 → “预算资金为 40000 元”", ("预算资金约 4 万元", "预算资金为 40000 元")),
        b("等价写法", "p03", "概述 → “预算资金共计 200 万元”", ("预算资金约 200 万元", "预算资金共计 200 万元")),
        b("等价写法", "p05", "概述 → “约 5.0 万元”", ("预算资金约 5 万元", "预算资金约 5.0 万元")),
        b("等价写法", "p10", "文字 → “全年预计 7.2 万元”", ("预估全年72000元；", "全年预计 7.2 万元；")),
        b("等价写法", "p04", "文字 → “全年 55000 元”", ("每年 5.5 万元。", "全年 55000 元。")),
        b("等价写法", "p04", "测算依据 → “2台×1万元/台”", ('note = "1 万元×2"', 'note = "2台×1万元/台"')),
        b("等价写法", "p02", "测算依据 → “800元/件×50件”", ('note = "800 × 50 = 40000"', 'note = "800元/件×50件"')),
        b("等价写法", "p06", "文字 → “合计 50000 元”", ("共 5 万元。", "合计 50000 元。")),
        b("等价写法", "p08", "概述 → “年均 282.5 万元”", ("每年 282.5 万元", "年均 282.5 万元")),
        b("等价写法", "p02", "指标值 ≥90.00% → >=90%", ('target = "≥90.00%"', 'target = ">=90%"')),
        b("等价写法", "p04", "时效指标写成期间 2024.01-2024.12", ('target = "及时"', 'target = "2024.01-2024.12"')),
        b("等价写法", "p05", "时效指标写成 2024年12月31日前", ('target = "及时"', 'target = "2024年12月31日前"')),
        b("等价写法", "p01", "成本指标 ≤25.00(万元) → ≤25(万元)", ('"≤25.00(万元)"', '"≤25(万元)"')),
        b("等价写法", "p01", "成本指标写成略高的上限 ≤26.00(万元)", ('"≤25.00(万元)"', '"≤26.00(万元)"')),
        # multi-year written each way, and the older framework
        b("阶段性项目", "p08", "阶段性：三年计划，周期文字写本年度", *_MULTI_YEAR),
        b("阶段性项目", "p08", "阶段性：周期文字写整个计划", *_MULTI_YEAR,
          ("本次周期为 2024 年 1 月至 2024 年 12 月", "本次周期为 2024 年 1 月至 2026 年 12 月")),
        b("阶段性项目", "p08", "阶段性：周期文字写“2024年1月1日-2024年12月31日”", *_MULTI_YEAR,
          ("本次周期为 2024 年 1 月至 2024 年 12 月", "本次周期为2024年1月1日-2024年12月31日")),
        b("阶段性项目", "p08", "阶段性：概述“项目预算资金共 847.5 万元，均分三年支付”", *_MULTI_YEAR,
          ("为方便计算，拟申请金额为 847.5 万元，均分三年支付", "项目预算资金共 847.5 万元，均分三年支付")),
        b("阶段性项目", "p08", "阶段性：概述“总投资 847.5 万元”", *_MULTI_YEAR,
          ("拟申请金额为 847.5 万元", "总投资 847.5 万元")),
        b("阶段性项目", "p08", "阶段性：预算文字“2024年度预算安排 282.5 万元”", *_MULTI_YEAR,
          ("此次拟申请金额为 282.5 万元", "2024年度预算安排 282.5 万元")),
        b("指标框架", "p03", "按财预〔2015〕88号填写的指标", *_88),
        b("指标框架", "p09", "按 88号：满意度在效益指标下", *_88),
        b("指标框架", "unit", "unit.toml 写 framework = \"2020\"", ("budget_units = 1", 'framework = "2020"\nbudget_units = 1')),
    ]
