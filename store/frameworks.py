"""The two indicator frameworks a 绩效目标申报表 follows, and which one a project follows.

* ``2020``: 财预〔2020〕10号 and its 2021 guidance: 一级 成本、产出、效益、满意度指标
  (:data:`store.model.FRAMEWORK`, the app's choices).
* ``88``: the older 财预〔2015〕88号 form: 一级 产出、效益指标; 成本指标 is a 二级 under 产出指标
  and 服务对象满意度指标 a 二级 under 效益指标.

``unit.toml`` may say ``framework = "2020"`` or ``"88"``; otherwise each project is
read as it is written (:func:`framework_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model as m

__all__ = ["Framework", "FRAMEWORKS", "framework_of", "framework_setting", "is_satisfaction"]


@dataclass(frozen=True)
class Framework:
    key: str
    #: How messages name it.
    name: str
    #: 一级 → its 二级.
    levels: dict[str, tuple[str, ...]]
    #: Older labels accepted under a 一级.
    aliases: dict[str, tuple[str, ...]]
    #: The 一级 every project must have (satisfaction is counted wherever it is placed).
    required: tuple[str, ...]

    def level2_choices(self, level1: str) -> tuple[str, ...]:
        return self.levels.get(level1, ()) + self.aliases.get(level1, ())


FRAMEWORKS = {
    "2020": Framework("2020", "财预〔2020〕10号", m.FRAMEWORK, m.LEVEL2_ALIASES,
                      ("成本指标", "产出指标", "效益指标", "满意度指标")),
    "88": Framework("88", "财预〔2015〕88号", {
        "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标"),
        "满意度指标": ("服务对象满意度指标",),
    }, {"效益指标": ("社会公众或服务对象满意度指标",), "满意度指标": ("社会公众或服务对象满意度指标",)},
        ("产出指标", "效益指标", "满意度指标")),
}


def framework_setting(unit: m.Unit) -> str | None:
    """``"2020"`` or ``"88"`` when unit.toml names one (also as ``财预〔2015〕88号``); ``""`` when it names none;
    None when what it says is neither."""
    said = unit.framework.strip()
    if not said:
        return ""
    if said in ("2020", "2021") or "2020" in said or "10号" in said:
        return "2020"
    if said == "88" or "88号" in said or "2015〕" in said:
        return "88"
    return None


def is_satisfaction(indicator: m.Indicator) -> bool:
    return "满意度" in indicator.level1 or "满意度" in indicator.level2


def framework_of(project: m.Project, unit: m.Unit) -> Framework:
    """The unit's framework; else 88号 when the indicators place 服务对象满意度指标 under 效益指标 or
    成本指标 under 产出指标, and nothing of them belongs to the current framework only."""
    setting = framework_setting(unit)
    if setting:
        return FRAMEWORKS[setting]
    old = new = 0
    for ind in project.indicators:
        level1, level2 = ind.level1.strip(), ind.level2.strip()
        if (level1 == "效益指标" and "满意度" in level2) or (level1 == "产出指标" and level2 == "成本指标"):
            old += 1
        elif level1 in ("成本指标", "满意度指标"):
            new += 1
    return FRAMEWORKS["88" if old and not new else "2020"]
