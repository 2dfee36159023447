"""Running the mutation suite (tests/mutants.py): each mutant checked in memory against the example's own findings.

    python3 -m tests.mutation_results     # the table docs/checks.md holds
"""

from __future__ import annotations

from dataclasses import dataclass

from store.reading import read_project, read_unit
from store.rules import check_project, check_unit
from tests.mutants import PROJECTS, Mutant, _texts, apply, benign, faults

__all__ = ["Result", "run", "table", "one_finding"]



@dataclass
class Result:
    mutant: Mutant
    #: Every finding that is not in the example's own: (file, rule, severity, path).
    new: list
    #: Findings of the example that went away.
    lost: list

    @property
    def caught(self) -> bool:
        """A fault: an error of its rule on its file.  A benign rewrite: nothing new, nothing lost."""
        if self.mutant.rule is None:
            return not self.new and not self.lost
        return any(file == self.mutant.file and rule == self.mutant.rule and severity == "error"
                   for file, rule, severity, _ in self.new)


def _check(texts: dict[str, str]) -> set:
    unit, _, unit_findings = read_unit(texts["unit"].encode("utf-8"), "unit.toml")
    out = {("unit", f.rule, str(f.severity), f.path, f.message) for f in unit_findings}
    projects = []
    for pid in PROJECTS:
        _, project, findings = read_project(texts[pid].encode("utf-8"), pid, pid)
        out |= {(pid, f.rule, str(f.severity), f.path, f.message) for f in findings}
        if project is not None:
            projects.append(project)
            out |= {(pid, f.rule, str(f.severity), f.path, f.message) for f in check_project(project, unit, pid)}
    out |= {("unit", f.rule, str(f.severity), f.path, f.message) for f in check_unit(unit, projects, "unit")}
    return out


def run() -> list[Result]:
    texts = _texts()
    baseline = _check(texts)
    results = []
    for mutant in faults(texts) + benign(texts):
        changed = dict(texts)
        changed[mutant.file] = apply(mutant, texts[mutant.file])
        found = _check(changed)
        new = sorted((f[0], f[1], f[2], f[3]) for f in found - baseline)
        lost = sorted((f[0], f[1], f[2], f[3]) for f in baseline - found)
        results.append(Result(mutant, new, lost))
    return results


def table(results: list[Result]) -> list[str]:
    """The results as a Markdown table: by family, faults caught as errors of their rule, benign rewrites clean."""
    rows: dict[str, list[int]] = {}
    for r in results:
        row = rows.setdefault(r.mutant.family, [0, 0, 0, 0])
        if r.mutant.rule is None:
            row[2] += 1
            row[3] += not r.caught
        else:
            row[0] += 1
            row[1] += r.caught
    lines = ["| 类别 | 单一错误 | 报为该规则的错误 | 召回 | 无害改写 | 误报 |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    totals = [0, 0, 0, 0]
    for family, row in rows.items():
        totals = [a + b for a, b in zip(totals, row)]
        recall = f"{row[1] / row[0]:.0%}" if row[0] else "—"
        lines.append(f"| {family} | {row[0]} | {row[1]} | {recall} | {row[2]} | {row[3]} |")
    lines.append(f"| **合计** | **{totals[0]}** | **{totals[1]}** | **{totals[1] / totals[0]:.1%}** | "
                 f"**{totals[2]}** | **{totals[3]}** |")
    return lines


def one_finding(results: list[Result]) -> tuple[int, int]:
    """(faults caught with exactly one new finding, faults caught)."""
    caught = [r for r in results if r.mutant.rule is not None and r.caught]
    return sum(1 for r in caught if len(r.new) + len(r.lost) <= 1 or len({(f[0], f[3]) for f in r.new}) == 1), len(caught)


if __name__ == "__main__":
    results = run()
    print("\n".join(table(results)))
    single, caught = one_finding(results)
    print(f"\n{caught} 个被发现的单一错误中，{single} 个只得到一条结果。")
    for r in results:
        if not r.caught:
            print("未通过：", r.mutant.family, r.mutant.file, r.mutant.name, r.mutant.rule, r.new, r.lost)
