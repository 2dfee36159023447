"""The mutation suite: the example store with one realistic mistake planted at a time, and rewritten
without changing what it says (the generator is tests/mutants.py, the runner tests/mutation_results.py; the table is in docs/checks.md).

Every fault must be reported as an error of its rule on the file it is in; every benign rewrite must
change nothing in what ``jixiao check`` says.  The example files are read, never written: each mutant
is checked in memory.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import mutants
from tests.mutation_results import one_finding, run, table

RESULTS = run()
FAULTS = [r for r in RESULTS if r.mutant.rule is not None]
BENIGN = [r for r in RESULTS if r.mutant.rule is None]


def test_the_suite_is_as_large_as_promised_and_covers_every_family():
    assert len(FAULTS) >= 100 and len(BENIGN) >= 40
    families = {r.mutant.rule.split("-")[0] for r in FAULTS}
    assert {"cost", "budget", "narrative", "text", "dates", "header", "funding", "indicator", "unit"} <= families
    kinds = Counter(r.mutant.rule for r in FAULTS)
    assert kinds["budget-text-amount"] >= 10 and kinds["indicator-cost-table"] >= 5


@pytest.mark.parametrize("result", FAULTS, ids=[f"{r.mutant.file}:{r.mutant.name}" for r in FAULTS])
def test_fault_is_reported_as_an_error_of_its_rule_on_its_file(result):
    assert result.caught, f"{result.mutant.rule} not reported; new findings: {result.new}"


@pytest.mark.parametrize("result", BENIGN, ids=[f"{r.mutant.file}:{r.mutant.name}" for r in BENIGN])
def test_benign_rewrite_changes_nothing(result):
    assert result.new == [] and result.lost == []


def test_recall_and_false_alarms_meet_the_goal(report_figure):
    caught = sum(r.caught for r in FAULTS)
    false_alarms = sum(not r.caught for r in BENIGN)
    single, _ = one_finding(RESULTS)
    report_figure(f"mutations: {len(FAULTS)} single faults, {caught} reported as errors of their rule "
                  f"({caught / len(FAULTS):.1%}), {single} of them with exactly one finding; "
                  f"{len(BENIGN)} benign rewrites, {false_alarms} false alarms")
    for line in table(RESULTS):
        report_figure(f"  {line}")
    assert caught / len(FAULTS) >= 0.95
    assert false_alarms == 0


def _printed(pid: str, text: str, unit) -> set[str]:
    """What ``jixiao check`` prints for one project file (its path relative to the store)."""
    from store.reading import read_project
    from store.rules import check_project, locate, with_field

    file = f"projects/{pid}.toml"
    _, project, load = read_project(text.encode("utf-8"), pid, file)
    findings = locate(load, text) + (check_project(project, unit, file, text) if project else [])
    return {f"{f.file}:{f.line}: {f.severity}[{f.rule}] {with_field(f)}" for f in findings}


def test_docs_checks_md_shows_the_suite_s_table_and_real_messages():
    """docs/checks.md holds the table this run measured, and each message it quotes is one the
    example store or one of its mutants really gives."""
    from store.reading import read_unit

    doc = (mutants.EXAMPLE.parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    assert "\n".join(table(RESULTS)) in doc
    single, caught = one_finding(RESULTS)
    assert f"{caught} 个被发现的单一错误中，{single} 个只得到一条结果。" in doc
    texts = mutants._texts()
    unit = read_unit(texts["unit"].encode("utf-8"), "unit.toml")[0]
    printed = set().union(*(_printed(pid, texts[pid], unit) for pid in mutants.PROJECTS))
    for r in FAULTS:
        if r.mutant.file != "unit":
            printed |= _printed(r.mutant.file, mutants.apply(r.mutant, texts[r.mutant.file]), unit)
    quoted = [line for line in doc.splitlines() if line.startswith("projects/")]
    assert len(quoted) >= 10
    assert [line for line in quoted if line not in printed] == []
