"""Issue 22: every entry point besides the model file answers hostile input cleanly.

One class per entry point (:mod:`fuzz_entry`): scan specs, scan stores, exports, plot
stems, ``--widths``, ``--from`` and ``--steps``.  Budgets and outcomes are those of the
model-file fuzz (:mod:`test_fuzz_models`): the default run takes every fixed example,
``pytest -m fuzz`` (or SYMRG_FUZZ_BUDGET=N) adds random variations; every case ends as
a result (0), a one-line error (2) or a clean give-up (3) — never a traceback or a hang —
and no file that existed before the run is changed (SHA-256 of each), except the
targets of a successful run.
"""

import pytest

from fuzz_cases import OUTCOMES
from fuzz_entry import ENTRY_CLASSES, ENTRY_DEFAULT_COUNT, entry_cases, run_entry_case

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize("cls", sorted(ENTRY_CLASSES))
def test_every_entry_point_class_ends_cleanly(cls, fuzz_budget, tmp_path_factory):
    bad = []
    for k, case in enumerate(entry_cases(cls, max(ENTRY_DEFAULT_COUNT[cls], fuzz_budget))):
        tmp = tmp_path_factory.mktemp(f"{cls}-{k}")
        outcome, stderr, damaged = run_entry_case(case, tmp)
        if not OUTCOMES[outcome]:
            bad.append(f"{case.label}: {outcome}: {stderr[-300:]!r}")
        if damaged:
            bad.append(f"{case.label}: changed {damaged}")
    assert not bad, "\n".join(bad)


def test_the_issue_examples_are_refused(tmp_path_factory):
    """The fixed examples that must be refused (not merely end) are refused."""
    refused = {"scan-specs": 20, "stores": 11, "exports": 8, "plot-stems": 9, "widths": 11,
               "steps": 9}
    for cls, count in refused.items():
        for k, case in enumerate(entry_cases(cls, count)):
            if case.label in ("repeated", "0", "16 exact") and cls == "steps":
                continue
            outcome, stderr, _ = run_entry_case(case, tmp_path_factory.mktemp(f"r{cls}{k}"))
            assert outcome == "error", f"{cls} {case.label}: {outcome} {stderr[-300:]!r}"
