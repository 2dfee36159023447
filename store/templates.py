"""The text of a new unit.toml and of a new project file (with the form's comments)."""

from __future__ import annotations

__all__ = ["NEW_UNIT_TOML", "NEW_PROJECT_TOML"]

NEW_UNIT_TOML = """\
# 单位信息 —— 绩效目标设置情况
# 本目录是一个单位的申报：本文件为单位信息，projects/ 下每个项目一个 TOML 文件。
# 金额写成带引号的文本，单位为元，如 "4941.00" 或 "4941 万元"。
# 这些信息也可以在全屏界面的单位页按 F2 填写（保存时本文件的注释保留）。
name = ""               # 单位名称
department = ""         # 主管部门
year = {year:<16} # 年度
budget_units = 1        # 开展编报的预算单位个数
declared_projects = 0   # 编报绩效目标的项目个数
declared_total = "0.00" # 涉及项目预算资金（元）
# framework = "2020"    # 指标框架：2020（财预〔2020〕10号）或 88（财预〔2015〕88号）；不写则按各项目的指标判断
"""

NEW_PROJECT_TOML = """\
# 财政支出项目绩效目标申报表（一个项目一个文件；金额一律写成带引号的文本）
order = {order}

[header]

# 项目资金（元）
[funding]

# 一至五：项目说明
[narrative]

# 项目绩效目标
[goals]
"""
