"""The mutation suite: the example store with one realistic mistake planted at a time, and rewritten
without changing what it says (the generator is tests/mutants.py; its table is in docs/checks.md).

Every fault must be reported as an error of its rule on the file it is in; every benign rewrite must
change nothing in what ``jixiao check`` says.  The example files are read, never written: each mutant
is checked in memory.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import mutants

RESULTS = mutants.run()
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
    single, _ = mutants.one_finding(RESULTS)
    report_figure(f"mutations: {len(FAULTS)} single faults, {caught} reported as errors of their rule "
                  f"({caught / len(FAULTS):.1%}), {single} of them with exactly one finding; "
                  f"{len(BENIGN)} benign rewrites, {false_alarms} false alarms")
    for line in mutants.table(RESULTS):
        report_figure(f"  {line}")
    assert caught / len(FAULTS) >= 0.95
    assert false_alarms == 0
