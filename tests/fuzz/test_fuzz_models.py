"""Issue 13: every malformed, hostile or extreme model file is answered in bounded time.

Each class of the generator (:mod:`fuzz_cases`) runs through the CLI with
``--timeout 10``; every case must end as a result (0), a one-line error (2), a
clean give-up (3) or a partial record (4: one line per section not derived, e.g. skipped
as over the budget), never a traceback.  The default run takes the first cases of each
class (the issue's examples first); ``pytest -m fuzz`` takes many more and random
valid-but-degenerate models from hypothesis.  Outcome counts per class are printed
at the end of the session.
"""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_cases import CLASSES, DEFAULT_COUNT, OUTCOMES, cases, run_case

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_every_class_ends_cleanly(cls, fuzz_budget, tmp_path_factory):
    bad = []
    for k, case in enumerate(cases(cls, max(DEFAULT_COUNT[cls], fuzz_budget))):
        tmp = tmp_path_factory.mktemp(f"{cls}-{k}")
        outcome, stderr, _ = run_case(case, tmp)
        if not OUTCOMES[outcome]:
            bad.append(f"{case.label}: {outcome}: {stderr[-300:]!r}")
    assert not bad, "\n".join(bad)


def test_error_lines_are_bounded(tmp_path):
    case = cases("error-lines", 1)[0]                   # the 1 MB activation name
    outcome, stderr, _ = run_case(case, tmp_path)
    assert outcome == "error" and len(stderr) < 1000


def test_report_names_are_safe_and_distinct(tmp_path):
    names = set()
    for k, case in enumerate(cases("names", 6)):        # stems "%", "..", "", ...
        outcome, _, _ = run_case(case, tmp_path / f"c{k}", timeout=300)
        assert outcome == "result"
        (made,) = [p for p in (tmp_path / f"c{k}" / "out").iterdir()]
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,80}", made.name)
        files = sorted(p.name for p in made.iterdir() if p.is_file())
        assert files == [f"{made.name}.json", f"{made.name}.tex"]
        names.add(made.name)
    assert len(names) == 6


# -- random valid-but-degenerate models (hypothesis) --------------------------------
VALUES = [0, 1, -1, 2, "1/2", "-1/3"]


@st.composite
def degenerate_models(draw):
    """Small valid models biased to singletons, zero weights and constant activations."""
    width = draw(st.integers(1, 2))
    data = draw(st.integers(1, 3 - width))
    pick = st.lists(st.sampled_from(VALUES), min_size=1, max_size=2, unique=True)
    W = draw(st.one_of(st.just([0]), pick))
    b = draw(st.one_of(st.just([0]), pick))
    h = draw(st.one_of(st.just([1]), pick))
    act = draw(st.sampled_from(["heaviside", "relu", "sign", "identity", "hardtanh"]))
    return {"width": width, "data": data, "norm": draw(st.sampled_from([1, 2, 3, "1/2"])),
            "scale": draw(st.sampled_from([2, 3])),
            "values": {"W": W, "b": b, "h": h}, "activation": {"name": act}}


def _to_toml(d):
    lines = [f"{k} = {json.dumps(d[k])}" for k in ("width", "data", "norm", "scale")]
    lines.append("[values]")
    lines += [f"{k} = {json.dumps(v)}" for k, v in d["values"].items()]
    lines += ["[activation]", f'name = "{d["activation"]["name"]}"']
    return "\n".join(lines) + "\n"


def test_random_degenerate_models_end_cleanly(fuzz_budget, tmp_path_factory):
    from fuzz_cases import Case

    @settings(max_examples=max(2, fuzz_budget), deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(degenerate_models())
    def check(d):
        tmp = tmp_path_factory.mktemp("hyp")
        case = Case("hypothesis-degenerate", "random", _to_toml(d).encode())
        outcome, stderr, _ = run_case(case, tmp)
        assert OUTCOMES[outcome], f"{d}: {outcome}: {stderr[-500:]}"
    check()
