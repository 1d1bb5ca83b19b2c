"""``symrg flow`` never runs away: numeric unless --exact, defaults for omitted couplings."""

import mpmath
import pytest
import sympy

import symrg.rg.flow
from symrg.cli import main
from symrg.errors import ModelTooLargeError
from symrg.rg.flow import rg_trajectory
from symrg.flowcli import parse_start
from symrg.model.network import paper_model

R = sympy.Rational

#: p = 3, three h values; exact iteration takes roots of rationals whose heights triple per
#: step (step 6 is beyond sympy's exact root extraction after ~40 s).
P3 = """name = "p3 three-valued"
scale = 3
[values]
W = [-1, 1]
b = [-1, 1]
h = [0, 1, 2]
[activation]
table = { "-3" = 0, "-2" = 0, "-1" = 0, "0" = 1, "1" = 1, "2" = 2, "3" = 2 }
"""


@pytest.fixture
def p3_file(tmp_path):
    path = tmp_path / "p3.toml"
    path.write_text(P3)
    return path


@pytest.fixture
def paper_file(tmp_path):
    path = tmp_path / "paper.toml"
    path.write_text('name = "paper"\n[values]\nW = [-1, 1]\nb = [-1, 1]\nh = [0, 1]\n'
                    '[activation]\nname = "heaviside"\n')
    return path


@pytest.mark.parametrize("model, start", [
    (paper_model(), {"exp_A": R(5, 2), "exp_B": R(-1, 3), "exp_C": 2}),
    (paper_model(scale=3), {"exp_A": R(3, 2), "exp_B": R(1, 3), "exp_C": R(7, 5)}),
])
def test_numeric_trajectory_equals_the_exact_one_to_the_digits(model, start):
    digits = 30
    exact = rg_trajectory(model, start, 4, exact=True)
    num = rg_trajectory(model, start, 4, digits=digits)
    assert all(isinstance(v, (mpmath.mpf, mpmath.mpc)) for p in num for v in p.values())
    with mpmath.workdps(digits + 20):
        for pe, pn in zip(exact, num):
            for key, value in pe.items():
                ref = mpmath.mpf(value.p) / value.q
                assert abs(pn[key] - ref) <= mpmath.mpf(10) ** (1 - digits) * abs(ref)


def test_p3_three_valued_rational_start_is_numeric_by_default(p3_file, capsys):
    assert main(["flow", str(p3_file), "--from", "exp_K_hs=2,K_h=1/3", "--steps", "6",
                 "-q"]) == 0
    out = capsys.readouterr().out
    assert out.count("step ") == 7
    values = [line.split(" = ")[1] for line in out.splitlines() if " = " in line]
    assert len(values) == 7 * 8
    assert all("/" not in v for v in values[8:])                  # no exact rationals
    assert len(values[-1].lstrip("-").replace(".", "").lstrip("0")) >= 45   # 50 digits
    from symrg.model.files import load_model_file
    model = load_model_file(p3_file)
    traj = rg_trajectory(model, parse_start(model, "exp_K_hs=2"), 6, digits=30)
    assert all(isinstance(v, mpmath.mpf) for p in traj for v in p.values())


def test_omitted_couplings_default_to_zero(paper_file, capsys):
    assert parse_start(paper_model(), "exp_A=3") == {"exp_A": 3, "exp_B": 1, "exp_C": 1}
    assert main(["flow", str(paper_file), "--from", "exp_A=2", "--steps", "2", "-q"]) == 0
    short = capsys.readouterr().out
    assert main(["flow", str(paper_file), "--from", "exp_A=2,B=0,exp_C=1", "--steps", "2",
                 "-q"]) == 0
    assert capsys.readouterr().out == short


@pytest.mark.parametrize("args, message", [
    (["--from", "A=1,Q=2"], "unknown coupling 'Q'; expected one of A, B, C (K) or exp_<name>"),
    (["--from", "exp_Q=2"], "unknown coupling 'exp_Q'; expected one of A, B, C"),
    (["--from", "A=1", "--exact", "--digits", "20"], "--exact iterates exactly"),
])
def test_flow_errors_are_one_line(paper_file, capsys, args, message):
    assert main(["flow", str(paper_file), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("symrg: error: ") and message in err


def test_exact_trajectory_stops_before_it_runs_away(monkeypatch):
    monkeypatch.setattr(symrg.rg.flow, "MAX_EXACT_DIGITS", 40)
    start = {"exp_A": R(5, 2), "exp_B": R(-1, 3), "exp_C": 2}
    with pytest.raises(ModelTooLargeError, match=r"about \d+ digits \(limit 40\).*numerically"):
        rg_trajectory(paper_model(), start, 12, exact=True)


class _Bar:
    def __init__(self, log, total):
        self.log, self.total = log, total

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n=1):
        self.log.append(n)


@pytest.mark.parametrize("exact", [False, True])
def test_progress_advances_once_per_step(exact):
    log, totals = [], []

    def bar(total=None, desc="", unit="it"):
        totals.append(total)
        return _Bar(log, total)

    rg_trajectory(paper_model(), {"exp_A": 2, "B": 0, "C": 0}, 3, exact=exact, bar=bar)
    assert totals == [3] and log == [1, 1, 1]


def test_progress_is_silent_off_a_terminal(paper_file, capsys):
    assert main(["flow", str(paper_file), "--from", "exp_A=2", "--steps", "3"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.count("step ") == 4
