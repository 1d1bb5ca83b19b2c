"""Tests of symrg.seeds.appendices: Eq. 41 equations of motion, Eq. 4, and the Eq. 42-43 expansion."""

import numpy as np
import pytest
import sympy

from symrg.seeds.appendices import (ETA, LAMBDA, Sigma, SigmaPrime, appendices_record, dna_network,
                              equations_of_motion, hand_written_gradients, langevin_equations,
                              sigmoid, spin_glass_expansion)
from symrg.errors import ModelError
from symrg.model.network import paper_model
from symrg.seeds.training import dna_gradients


@pytest.fixture(scope="module")
def model2():
    return paper_model(width=2, data=2)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_eq41_equals_hand_written_forms(model2, depth):
    net = dna_network(model2, depth)
    eom, hand = equations_of_motion(net), hand_written_gradients(net)
    assert set(eom) == set(hand)
    assert all(sympy.expand(eom[s] + ETA * hand[s]) == 0 for s in eom)


def test_eq41_with_concrete_sigmoid(model2):
    net = dna_network(paper_model(width=2), 2, activation=sigmoid)
    eom, hand = equations_of_motion(net), hand_written_gradients(net)
    assert all(sympy.cancel(eom[s] + ETA * hand[s]) == 0 for s in eom)


def test_dynamic_neuron_gradient_brief_form(model2):
    net = dna_network(model2, 3)
    h = net.h[1][0, 0]
    pre = [net.preactivation(1, k, 0) for k in range(2)]
    expected = (2 * LAMBDA * (h - Sigma(net.preactivation(0, 0, 0)))
                - 2 * LAMBDA * sum((net.h[2][0, k] - Sigma(pre[k])) * SigmaPrime(pre[k])
                                   * net.W[1][k, 0] for k in range(2)))
    assert sympy.expand(sympy.diff(net.hamiltonian, h) - expected) == 0


def test_langevin_is_drift_plus_noise(model2):
    net = dna_network(model2, 2)
    lang = langevin_equations(net)
    for s, (rhs, xi) in lang.items():
        assert sympy.expand(rhs - xi + sympy.diff(net.hamiltonian, s)) == 0


def test_numpy_gradients_match_symbolic_eq41():
    m = paper_model(width=2, data=3)
    net = dna_network(m, 2, activation=sigmoid)
    rng = np.random.default_rng(7)
    vals = {s: sympy.Rational(int(v * 1000), 1000) for s, v in
            zip(net.parameters + net.dynamic_neurons + list(net.h[0]) + list(net.h[2]),
                rng.normal(0, 1, 100))}
    num = lambda M: np.array([[float(vals[x]) for x in M.row(r)] for r in range(M.rows)])
    params = (num(net.W[0]), num(net.b[0]).ravel(), num(net.W[1]), num(net.b[1]).ravel())
    lam = 7.0
    _, grads, gh = dna_gradients(params, num(net.h[1]), num(net.h[0]), num(net.h[2]), lam)
    subs = dict(vals)
    subs[LAMBDA] = sympy.Integer(7)
    for sym, g in [(net.W[0][1, 0], grads[0][1, 0]), (net.b[1][0], grads[3][0]),
                   (net.h[1][2, 1], gh[2, 1]), (net.W[1][0, 1], grads[2][0, 1])]:
        exact = sympy.diff(net.hamiltonian, sym).subs(subs)
        assert abs(float(sympy.N(exact, 30)) - g) < 1e-10


def test_spin_glass_factors_sigmoid_and_identity():
    m = paper_model(width=2)
    sig = {t.name: t for t in spin_glass_expansion(m)["terms"]}
    assert sig["coupling J between layers: h'_i h_j"].ratio == sympy.Rational(-1, 2)
    assert sig["field K from the bias: h'_i"].ratio == sympy.Rational(-1, 2)
    ide = {t.name: t for t in spin_glass_expansion(m, 0, 1)["terms"]}
    assert ide["coupling J between layers: h'_i h_j"].ratio == -2
    assert ide["uniform field on h'_i (from the offset a)"].derived == 0


def test_spin_glass_closed_forms_on_every_monomial():
    """Every coefficient of the linearised bond against its closed form (a, s symbolic)."""
    m = paper_model(width=2, data=2)
    a, s = sympy.symbols("a s")
    exp = spin_glass_expansion(m, a, s)
    net, H = exp["network"], exp["hamiltonian"]
    W, b, src, tgt, lam = net.W[0], net.b[0], net.h[0], net.h[1], net.coupling
    poly = sympy.Poly(H, *(list(src) + list(tgt)))
    for l in range(2):
        for i in range(2):
            for j in range(2):
                assert sympy.expand(poly.coeff_monomial(tgt[l, i] * src[l, j])
                                    + 2 * s * lam * W[i, j]) == 0
            assert sympy.expand(poly.coeff_monomial(tgt[l, i]) + 2 * lam * (a + s * b[i])) == 0
            assert sympy.expand(poly.coeff_monomial(src[l, i])
                                - 2 * s * lam * sum(W[k, i] * (a + s * b[k])
                                                    for k in range(2))) == 0
        assert sympy.expand(poly.coeff_monomial(src[l, 0] * src[l, 1])
                            - 2 * s**2 * lam * sum(W[k, 0] * W[k, 1] for k in range(2))) == 0
    assert exp["cross_data"] is False


def test_constraint_surface_and_record(model2):
    rec = appendices_record(paper_model(width=2), depth=3, training=False)
    assert rec["hand_written_agree"] and rec["hand_written_agree_sigmoid"]
    assert rec["constraint_surface"]["bulk_gradients_vanish"] is True
    assert all(r["agrees"] is False for r in rec["paper_comparison"])
    for v in rec["equations_of_motion"].values():
        sympy.sympify(v)


def test_bad_depth():
    with pytest.raises(ModelError, match="depth: expected an integer >= 1"):
        dna_network(paper_model(), 0)


@pytest.mark.parametrize("width, data, depth", [(1, 1, 2), (2, 1, 3), (1, 2, 2), (2, 2, 2)])
def test_appendix_network_is_the_dna_hamiltonian_of_eq14(width, data, depth):
    """Appendix A's differentiable H_new is symrg.lattice.hamiltonian's Eq. 14, symbol for symbol."""
    import sympy
    from symrg.seeds.appendices import LAMBDA, Sigma, dna_network
    from symrg.lattice.hamiltonian import LAMBDA as LAMDA, SIGMA, dna_hamiltonian
    from symrg.model.network import paper_model
    model = paper_model(width=width, data=data)
    net = dna_network(model, depth=depth)
    rename = {LAMBDA: LAMDA}
    for m in range(depth):
        for i in range(width):
            rename[net.b[m][i]] = sympy.Symbol(f"b_{m}_{i + 1}")
            for j in range(width):
                rename[net.W[m][i, j]] = sympy.Symbol(f"W_{m}_{i + 1}_{j + 1}")
    for m in range(depth + 1):
        for l in range(data):
            for i in range(width):
                kind = "x" if m == 0 else "y" if m == depth else None
                rename[net.h[m][l, i]] = (sympy.Symbol(f"{kind}_{i + 1}_{l + 1}") if kind
                                          else sympy.Symbol(f"h_{m}_{i + 1}_{l + 1}"))
    ours = net.hamiltonian.xreplace(rename).replace(Sigma, SIGMA)
    assert sympy.expand(ours - dna_hamiltonian(model, depth).expr) == 0


def test_eq43_comparison_has_a_latex_twin_of_the_same_numbers():
    """detail_latex shows the record's own coefficients and ratios; the plain detail names
    lambda and W^(m)_11, never the symbol names lam / Wm_11."""
    from symrg.report.latex import escape_latex
    from test_report_output import python_syntax
    rec = appendices_record(paper_model(width=2), depth=2, training=False)
    for row, spin in zip(rec["paper_comparison"], rec["spin_glass"].values()):
        J, K = spin["terms"][0], spin["terms"][1]
        assert sympy.Rational(J["ratio"]) == -2 * sympy.Rational(spin["slope"])
        for t in (J, K):
            assert f"derived ${t['latex']['derived']}$" in row["detail_latex"]
            assert f"printed ${t['latex']['printed']}$" in row["detail_latex"]
        dropped = [t for t in spin["terms"][2:] if t["printed"] == "0" and t["derived"] != "0"]
        assert all(t["latex"]["name"] in row["detail_latex"] for t in dropped)
        assert python_syntax(row["detail_latex"]) == []
        assert "lam" not in row["detail"].replace("lambda", "") and "Wm_" not in row["detail"]
        assert "lambda" in row["detail"] and python_syntax(escape_latex(row["detail"])) != []
