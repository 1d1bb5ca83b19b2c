"""Budget of the fuzz suite: small in the default run, large with ``pytest -m fuzz``."""

import os

import pytest


@pytest.fixture(scope="session")
def fuzz_budget(request):
    """Cases per class beyond the defaults of ``fuzz_cases.DEFAULT_COUNT``: 0 in the
    default run (CI), 20 with ``-m fuzz``, or SYMRG_FUZZ_BUDGET=N."""
    if os.environ.get("SYMRG_FUZZ_BUDGET"):
        return int(os.environ["SYMRG_FUZZ_BUDGET"])
    return 20 if "fuzz" in (request.config.getoption("-m") or "") else 0

def pytest_terminal_summary(terminalreporter):
    from fuzz_cases import COUNTS, SLOWEST
    if not COUNTS:
        return
    terminalreporter.section("fuzz outcomes per class (slowest case: CPU s / wall s)")
    for cls, counter in sorted(COUNTS.items()):
        row = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
        cpu, wall, label = SLOWEST.get(cls, (0, 0, ""))
        terminalreporter.write_line(f"{cls:<22} {row:<40} slowest {cpu:.1f}/{wall:.1f} "
                                    f"{label[:40]!r}")
