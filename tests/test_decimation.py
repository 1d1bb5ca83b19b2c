"""The decimation engine: exact identities on the paper's model, brute force elsewhere."""

import random

import sympy
from hypothesis import given, settings

from oracle import brute_force_decimation
from strategies import small_models
from symrg import (count_matrix, coupling_basis, decimate, dna_bond_weights, paper_model,
                   renormalized_constraints, renormalized_hamiltonian, renormalized_weights,
                   rg_map)
from symrg.model.network import PAPER_MODEL, Model
from symrg.seeds.paper import compare_with_paper, exponentiate, printed_equations
from symrg.lattice.weights import U as u


def test_count_matrix_of_the_paper():
    assert count_matrix(paper_model()).tolist() == [[2, 2], [1, 3]]


def test_eq22_derived_exactly():
    Ep = renormalized_weights(paper_model())
    expected = {(0, 0): 2 + 3 / u + 3 / u**2, (0, 1): 1 + 5 / u + 2 / u**2,
                (1, 0): 2 + 5 / u + 1 / u**2, (1, 1): 3 + 3 / u + 2 / u**2}
    for (i, j), value in expected.items():
        assert sympy.cancel(Ep[i, j] - value) == 0


def test_eq22_printed_differs_by_u_to_h_plus_sigma():
    printed = printed_equations()["22"]
    Ep = renormalized_weights(paper_model())
    h, s = sympy.symbols("h sigma")
    for i in (0, 1):
        for j in (0, 1):
            assert sympy.cancel(printed.subs({h: i, s: j}) / Ep[i, j] - u ** (i + j)) == 0


def test_eq25_couplings():
    H = renormalized_hamiltonian(paper_model())
    printed = printed_equations()["25"]
    assert sympy.cancel(exponentiate(H.coefficients["A"]) / exponentiate(printed["A"])) == 1
    for name in ("B", "C"):  # printed = derived + ln u
        assert sympy.cancel(exponentiate(printed[name]) / exponentiate(H.coefficients[name])
                            - u) == 0


def test_eq25_indicator_form_matches_ln_Z():
    H = renormalized_hamiltonian(paper_model())
    Ep = renormalized_weights(paper_model())
    h, s = sympy.symbols("h sigma")
    for i in (0, 1):
        for j in (0, 1):
            for form in (H.indicator_form, H.polynomial):
                value = form.subs({h: i, s: j})
                assert sympy.cancel(exponentiate(value) - Ep[i, j]) == 0


def test_eq27_agrees_and_comparison_can_fail():
    entries = {e["equation"]: e for e in compare_with_paper(paper_model())}
    assert entries["27"]["agrees"] is True
    assert entries["22"]["agrees"] is False and "u^(h+sigma)" in entries["22"]["detail"]
    assert entries["25"]["agrees"] is False
    # the Eq. 27 check is sharp: a wrong printed map is caught
    m = rg_map(paper_model())
    from symrg.seeds.paper import _same_exp
    xs = {sym: sympy.Symbol(f"exp_{sym.name}") for sym in m.symbols}
    wrong = printed_equations()["27"]["B"] + sympy.log(2)
    assert _same_exp(wrong, m.expressions["B"], xs) == 2


def test_renormalized_constraints_paper_trivial_and_bare_recovered():
    cons = renormalized_constraints(paper_model())
    assert cons.polynomial == 0 and len(cons.allowed) == 4
    assert cons.multiplicity[((1,), (1,))] == 3
    # p = 2 with the identity activation on h = sigma keeps a real constraint
    m = Model.from_dict(dict(PAPER_MODEL, values={"W": [1], "b": [0], "h": [0, 1]},
                             activation={"name": "identity"}))
    c = renormalized_constraints(m)
    h, s = sympy.symbols("h sigma")
    assert sympy.expand(c.polynomial - (h - 2 * h * s + s)) == 0


def _numeric_couplings(basis, rng):
    return {sym: sympy.Rational(rng.randint(-3, 3), rng.randint(1, 3)) for sym in basis.symbols}


@settings(max_examples=25, deadline=None, derandomize=True)
@given(small_models())
def test_decimation_matches_brute_force(model):
    E = dna_bond_weights(model, sympy.Integer(2))
    idx_h = {c: i for i, c in enumerate(model.h_states)}
    idx_s = {c: j for j, c in enumerate(model.sigma_states)}
    brute = brute_force_decimation(model, lambda h, s: E[idx_h[h], idx_s[s]])
    fast = decimate(E, count_matrix(model), model.scale)
    for (h, s), value in brute.items():
        assert sympy.expand(fast[idx_h[h], idx_s[s]] - value) == 0


@settings(max_examples=20, deadline=None, derandomize=True)
@given(small_models())
def test_rg_map_matches_brute_force(model):
    basis = coupling_basis(model)
    m = rg_map(model)
    rng = random.Random(7)
    values = _numeric_couplings(basis, rng)
    E = basis.weights([values[s] for s in basis.symbols])
    idx_h = {c: i for i, c in enumerate(model.h_states)}
    idx_s = {c: j for j, c in enumerate(model.sigma_states)}
    brute = brute_force_decimation(model, lambda h, s: E[idx_h[h], idx_s[s]])
    # the symmetric reduction is exact: brute-force E' is constant on pair orbits
    for orbit in basis.pair_orbits:
        first = brute[(model.h_states[orbit[0][0]], model.sigma_states[orbit[0][1]])]
        for i, j in orbit:
            assert sympy.expand(brute[(model.h_states[i], model.sigma_states[j])] - first) == 0
    # K' of the map equals the couplings of the brute-force E'
    logs = [sympy.log(brute[(model.h_states[o[0][0]], model.sigma_states[o[0][1]])])
            for o in basis.pair_orbits]
    expected = basis.coefficients(logs)[1:]
    for name, e in zip(basis.names, expected):
        got = m.expressions[name].evalf(30, subs=values)
        assert abs(got - e.evalf(30)) < sympy.Float("1e-25")


def test_two_steps_of_two_equal_one_step_of_four():
    m2, m4 = paper_model(), paper_model(scale=4)
    E = dna_bond_weights(m2, sympy.Rational(3))
    Om = count_matrix(m2)
    assert decimate(decimate(E, Om, 2), Om, 2) == decimate(E, Om, 4)
    # and on the coupling map: R_2(R_2(K)) = R_4(K) at exact points
    r2, r4 = rg_map(m2), rg_map(m4)
    x = {"A": sympy.Rational(1, 3), "B": -1, "C": 2}
    once = r2({k: v for k, v in x.items()})
    twice = r2(once)
    four = r4(x)
    for name in "ABC":
        assert abs(sympy.N(twice[name] - four[name], 40)) < sympy.Float("1e-35")


def test_symmetry_reduces_couplings():
    m = paper_model(width=2)
    assert coupling_basis(m).size == 9 and coupling_basis(m).full_size == 15
    assert coupling_basis(m, symmetric=False).size == 15
    m3 = paper_model(width=3)
    assert (coupling_basis(m3).size, coupling_basis(m3).full_size) == (19, 63)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_reordering_value_sets_only_permutes_the_result(model):
    """Relabelling (reordering) V_h and V_W leaves Z and the decimated bond unchanged."""
    from symrg.lattice.partition import partition_function
    d = model.to_dict()
    d["values"]["h"] = list(reversed(d["values"]["h"]))
    d["values"]["W"] = list(reversed(d["values"]["W"]))
    d["activation"] = {"table": d["activation"]["table"]}
    other = Model.from_dict(d)
    assert sympy.expand(partition_function(model, 3) - partition_function(other, 3)) == 0
    E1 = renormalized_weights(model)
    E2 = renormalized_weights(other)
    for i, h in enumerate(model.h_states):
        for j, s in enumerate(model.sigma_states):
            k, l = other.h_states.index(h), other.sigma_states.index(s)
            assert sympy.expand(E1[i, j] - E2[k, l]) == 0


def _hamiltonian_by_sympy(model):
    """Eq. 25 coefficients the direct way: V^-1 [log factor Z_m] with sympy's expand_log.

    The factorization is decimation's (in w = u^(1/D) when exponents are fractional;
    sympy's own factor picks other, equal, factors there and is slow); it is checked to
    be the weight itself."""
    from symrg.rg.decimation import _factor_weight
    Ep = renormalized_weights(model)
    basis = coupling_basis(model)
    factored = [_factor_weight(v) for v in basis.orbit_values(Ep)]
    for f, v in zip(factored, basis.orbit_values(Ep)):
        assert sympy.expand(f - v) == 0
    logs = [sympy.log(f) for f in factored]
    return [sympy.expand_log(c, force=True) for c in basis.coefficients(logs)]


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_eq25_coefficients_equal_the_sympy_path(model):
    H = renormalized_hamiltonian(model)
    assert list(H.coefficients.values()) == _hamiltonian_by_sympy(model)


def test_eq25_coefficients_of_relu3_equal_the_sympy_path():
    from symrg.model.files import load_model
    import pathlib
    model = load_model(pathlib.Path(__file__).resolve().parents[1] / "examples" / "relu3.toml")
    H = renormalized_hamiltonian(model)
    assert list(H.coefficients.values()) == _hamiltonian_by_sympy(model)
    assert H.indicator_form is not None


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_rg_map_latex_equals_the_sympy_design(model):
    """rg_map_latex (Fractions, exponent tables) against basis.inverse_design and
    basis.monomial_value (sympy), assembled as the RG-map rows are (rglatex docstring)."""
    from symrg.text.rglatex import (compact_labels, linear_latex, log_combination_latex,
                                    pair_label, rg_map_latex)
    basis = coupling_basis(model)
    sums = rg_map(model).partial_sums
    tex = rg_map_latex(model)
    labels = [f"Z_{{{pair_label(ps.h, ps.sigma, compact_labels(model))}}}" for ps in sums]
    for k, entry in enumerate(tex["rg_map"]):
        row = [basis.inverse_design[k + 1, ps.index] for ps in sums]
        linear = [sum((r * ps.shift[m] for r, ps in zip(row, sums)), sympy.Integer(0))
                  for m in range(basis.size)]
        lin, logs = linear_latex(linear, basis.names), log_combination_latex(row, labels)
        value = lin + (f" {'' if logs.startswith('-') else '+'} {logs}" if lin and logs
                       else logs)
        assert entry["value"] == (value or "0")
    for ps, entry in zip(sums, tex["partial_sums"]):
        if entry["value"] is None:       # a report shows names and sizes only: no LaTeX kept
            assert entry["factor"] == "" and not tex["partial_sums_expanded"]
            continue
        assert entry["factor"] == linear_latex([sympy.Integer(c) if isinstance(c, int) else
                                                sympy.Rational(c.numerator, c.denominator)
                                                for c in ps.shift], basis.names)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(small_models())
def test_eq25_polynomial_is_log_of_the_brute_force_weights(model):
    """-beta H'_m(h, sigma) = ln Z_m(h, sigma) at every pair, Z_m from the literal sum over
    every intermediate (h, W, b) (tests/oracle.py), at u = 7/3 and 60 digits."""
    from symrg.rg.couplings import site_symbols
    H = renormalized_hamiltonian(model)
    E = dna_bond_weights(model, u)
    idx_h = {h: i for i, h in enumerate(model.h_states)}
    idx_s = {s: j for j, s in enumerate(model.sigma_states)}
    brute = brute_force_decimation(model, lambda h, s: E[idx_h[h], idx_s[s]])
    hs, ss = site_symbols(model)
    point = sympy.Rational(7, 3)
    for (h, s), z in brute.items():
        at = dict(zip(hs, h)) | dict(zip(ss, s)) | {u: point}
        lhs = H.polynomial.subs(at)
        rhs = sympy.log(z.subs(u, point))
        assert abs(sympy.N(lhs - rhs, 60)) < sympy.Float(10) ** -50


def test_typed_printed_forms_equal_the_printed_equations():
    """The comparison's typed LaTeX is sympy's text of the printed equations, and its
    typed exp(Eq. 25), exp(Eq. 27) are exponentiate() of them (exact cancel)."""
    from symrg.rg.decimation import exp_to_monomials
    from symrg.seeds.paper import _PRINTED_LATEX, _printed_exp
    printed = printed_equations()
    assert sympy.latex(printed["22"]) == _PRINTED_LATEX["22"]
    for key in ("25", "27"):
        assert {n: sympy.latex(v) for n, v in printed[key].items()} == _PRINTED_LATEX[key]
    for name, value in _printed_exp("25").items():
        assert sympy.cancel(exponentiate(printed["25"][name]) - value) == 0
    xs = {sym: sympy.Symbol(f"exp_{sym.name}") for sym in sympy.symbols("A B C")}
    for name, value in _printed_exp("27").items():
        monomials = exp_to_monomials(exponentiate(printed["27"][name]), xs)
        assert sympy.cancel(sympy.together(monomials - value)) == 0
