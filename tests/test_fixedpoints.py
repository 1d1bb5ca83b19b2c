"""Fixed points of the RG map (Eq. 28-30): exact classification, spurious candidates,
numerical search, and an independent brute-force decimation oracle."""

import itertools

import pytest
import sympy

from symrg.errors import ModelError
from symrg.fixedpoints import (exp_symbols, family_components, family_equations,
                               find_fixed_points, is_fixed_point, naive_candidates,
                               weights_from_couplings)
from symrg.model import paper_model

R = sympy.Rational


def brute_decimate(model, E):
    """E' by summing every W, b and intermediate h literally (Eq. 21), no count matrix."""
    N, L = model.width, model.data
    act = model.activation
    hs, ss = model.h_states, model.sigma_states
    sidx = {s: j for j, s in enumerate(ss)}
    Ws = list(itertools.product(model.W_values, repeat=N * N))
    bs = list(itertools.product(model.b_values, repeat=N))
    result = sympy.Matrix(E)
    for _ in range(model.scale - 1):
        new = sympy.zeros(*result.shape)
        for m, hm in enumerate(hs):
            for W in Ws:
                for b in bs:
                    s = tuple(act(sum(W[i * N + j] * hm[l * N + j] for j in range(N)) + b[i])
                              for l in range(L) for i in range(N))
                    col = sidx[s]
                    for h in range(len(hs)):
                        for sig in range(len(ss)):
                            new[h, sig] += result[h, col] * E[m, sig]
        result = new
    return result


def test_paper_fixed_points_eq29_eq30_and_nothing_else():
    fp = find_fixed_points(paper_model())
    assert fp.complete and fp.method == "exact"
    assert len(fp.isolated) == 1 and len(fp.families) == 1
    pt = fp.isolated[0]
    assert pt.exact and not pt.physical
    assert pt.couplings == {"A": 3, "B": R(-2, 3), "C": R(-1, 3)}          # Eq. 30
    assert pt.weights == sympy.Matrix([[1, R(-1, 3)], [R(-2, 3), R(2, 3)]])
    fam = fp.families[0]
    A = sympy.Symbol("exp_A")
    assert (fam.dimension, fam.rank, fam.physical) == (2, 1, True)      # Eq. 29
    assert [sympy.expand(e - (A - 1)) for e in fam.equations] == [0]


def test_family_is_fixed_for_all_B_C():
    m = paper_model()
    B, C = sympy.symbols("exp_B exp_C")
    assert is_fixed_point(m, weights_from_couplings(m, {"A": 1, "B": B, "C": C}))
    assert not is_fixed_point(m, weights_from_couplings(m, {"A": 2, "B": B, "C": C}))


def test_naive_solve_spurious_candidates_rejected():
    accepted, rejected = naive_candidates(paper_model())
    A, B, C = exp_symbols(paper_model())
    assert {A: 1} in accepted and {A: 3, B: R(-2, 3), C: R(-1, 3)} in accepted
    assert len(accepted) == 2 and len(rejected) == 4
    for sol, reason in rejected:
        assert sol.get(B) == 0 or sol.get(C) == 0
        assert "= 0" in reason and "weight" in reason


def test_thousand_digits_is_exact_and_fast():
    fp = find_fixed_points(paper_model(), digits=1000)
    assert fp.isolated[0].couplings["B"] == R(-2, 3)


@pytest.mark.parametrize("digits", [14, 100001, "50", True])
def test_digits_validation(digits):
    with pytest.raises(ModelError, match="digits"):
        find_fixed_points(paper_model(), digits=digits)


def test_method_validation():
    with pytest.raises(ModelError, match="method"):
        find_fixed_points(paper_model(), method="magic")
    with pytest.raises(ModelError, match="full coupling space"):
        find_fixed_points(paper_model(data=2), method="exact")


def test_component_dimensions():
    assert family_components(2, 2, 2, 2) == [(1, (1,), 2), (2, (2,), 0)]
    # p = 3: G = 2P - I; rank 2 splits into multiplicities (1,1) (dim 2) and (0,2) (isolated)
    assert family_components(2, 2, 2, 3) == [(1, (0, 1), 2), (2, (1, 1), 2), (2, (0, 2), 0)]


MODELS = [
    dict(scale=3),
    dict(values={"W": [-1, 1], "b": [-1, 0, 1], "h": [0, 1]}, activation={"name": "sign"}),
    dict(values={"W": [-1, 1], "b": [0, 1], "h": [-1, 1]}, activation={"name": "binary_sign"}),
    dict(values={"W": [-1, 2], "b": [-1, 1], "h": [0, 1]},
         activation={"table": {"-2": 0, "-1": 0, "0": 1, "1": 1, "2": 0, "3": 1}}),
    dict(values={"W": [-1, 0, 1], "b": [-1, 1], "h": [0, 1, 2]}, activation={"name": "hardtanh"}),
]


@pytest.mark.parametrize("overrides", MODELS)
def test_isolated_points_and_family_samples_against_brute_force(overrides):
    m = paper_model(**overrides)
    fp = find_fixed_points(m)
    pts = fp.isolated + [f.sample for f in fp.families]
    assert pts
    for pt in pts:
        E = sympy.Matrix(pt.weights)
        Ep = brute_decimate(m, E)
        assert all(e != 0 for e in E)
        assert all(sympy.expand(Ep[k] * E[0] - Ep[0] * E[k]) == 0 for k in range(len(E)))


def test_numeric_search_data2_against_brute_force():
    m = paper_model(data=2)
    fp = find_fixed_points(m, digits=20, starts=4)
    assert not fp.complete and "NOT proven" in fp.notes[0]
    assert any("M^-1" in r for _, r in fp.rejected)   # M^-1 has a zero weight here
    assert fp.families and fp.families[0].rank == 1 and fp.families[0].physical
    for fam in fp.families:
        E = sympy.Matrix(fam.sample.weights)
        Ep = brute_decimate(m, E)
        ratio = [sympy.N(Ep[k] * E[0] - Ep[0] * E[k], 20) for k in range(len(E))]
        assert max(abs(complex(r)) for r in ratio) < 1e-15 * float(max(abs(complex(x)) for x in Ep))


def test_numeric_search_reproduces_exact_paper_result():
    fp = find_fixed_points(paper_model(), method="numeric", digits=30, starts=8)
    assert [p.couplings for p in fp.isolated] == [{"A": 3, "B": R(-2, 3), "C": R(-1, 3)}]
    assert [(f.rank, f.dimension) for f in fp.families] == [(1, 2)]


def test_p3_rank2_family_equations_vanish_on_sample():
    m = paper_model(scale=3)
    fam = [f for f in find_fixed_points(m).families if f.rank == 2][0]
    subs = {sympy.Symbol(f"exp_{k}"): v for k, v in fam.sample.couplings.items()}
    assert all(sympy.expand(e.subs(subs)) == 0 for e in fam.equations)
    assert family_equations(m, 1) == [sympy.Symbol("exp_A") - 1]
