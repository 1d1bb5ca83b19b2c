"""Tests of symrg.lattice.transfer: brute-force periodic chains, exact finite-size formulas,
and the bulk limit."""

import itertools
from fractions import Fraction

import mpmath
import pytest
import sympy

from symrg import ModelError, Model, coupling_basis, count_matrix, paper_model
from symrg.lattice.transfer import (correlation_function, correlation_length,
                                    correlation_record, mean_neuron, plain_transfer_matrix,
                                    transfer_matrix)
from symrg.lattice.weights import U, dna_bond_weights


def _model(**kw):
    d = {"name": "t", "width": 1, "data": 1,
         "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
         "activation": {"name": "heaviside"}}
    d.update(kw)
    return Model.from_dict(d)


RELU3 = dict(values={"W": [-1, 1], "b": [0, 1], "h": [0, 1, 2]}, activation={"name": "relu"})


def _layer_options(model):
    """Every (h, sigma(W h + b)) of one layer, one entry per (h, W, b): literal enumeration."""
    N, L = model.width, model.data
    act = model.activation.as_dict()
    opts = []
    for h in model.h_states:
        for W in itertools.product(model.W_values, repeat=N * N):
            for b in itertools.product(model.b_values, repeat=N):
                s = tuple(act[sum(W[i * N + j] * h[l * N + j] for j in range(N)) + b[i]]
                          for l in range(L) for i in range(N))
                opts.append((h, s))
    return opts


def _brute_periodic(model, depth, u):
    """{(t, r): (<h_t(0) h_t(r)>, <h_t(0)>)} on a periodic DNA chain of `depth` layers."""
    opts = _layer_options(model)
    q = model.norm
    z = Fraction(0)
    sums = {(t, r): [Fraction(0), Fraction(0)] for t in range(model.sites) for r in range(depth)}
    for chain in itertools.product(opts, repeat=depth):
        w = Fraction(1)
        for m in range(depth):
            h_next, s = chain[(m + 1) % depth][0], chain[m][1]
            w /= u ** int(sum(abs(a - b) ** q for a, b in zip(h_next, s)))
        z += w
        for (t, r), acc in sums.items():
            a, b = chain[0][0][t], chain[r][0][t]
            acc[0] += w * int(a * b)
            acc[1] += w * int(a)
    return {key: (acc[0] / z, acc[1] / z) for key, acc in sums.items()}


def _finite_exact(model, depth, weights, site, r):
    """tr(F T^r F T^(M-r)) / tr(T^M) and tr(F T^M) / tr(T^M), exact."""
    T = sympy.Matrix(transfer_matrix(model, weights))
    F = sympy.diag(*[h[site] for h in model.h_states])
    Z = (T ** depth).trace()
    return ((F * T ** r * F * T ** (depth - r)).trace() / Z, (F * T ** depth).trace() / Z)


@pytest.mark.parametrize("model, depth", [(paper_model(), 5), (_model(data=2), 3),
                                          (_model(width=2), 2)])
def test_finite_chain_formula_equals_brute_force(model, depth):
    weights = dna_bond_weights(model, sympy.Integer(2))
    brute = _brute_periodic(model, depth, 2)
    for site in range(model.sites):
        for r in range(depth):
            corr, first = brute[site, r]
            corr_t, first_t = _finite_exact(model, depth, weights, site, r)
            assert sympy.Rational(corr.numerator, corr.denominator) - corr_t == 0
            assert sympy.Rational(first.numerator, first.denominator) - first_t == 0


@pytest.mark.parametrize("model", [paper_model(), _model(data=2), _model(**RELU3)])
def test_bulk_limit_of_exact_finite_chain(model):
    depth = 60
    weights = dna_bond_weights(model, sympy.Integer(2))
    bulk = correlation_function(model, range(4), u=2, digits=40)
    mean = mean_neuron(model, u=2, digits=40)
    sites = model.sites
    for r in range(4):
        total_corr = total_mean = 0
        for site in range(sites):
            corr, first = _finite_exact(model, depth, weights, site, r)
            total_corr += corr
            total_mean += first
        exact_g = (total_corr - total_mean ** 2 / sites) / sites
        with mpmath.workdps(40):
            finite = mpmath.mpf(sympy.N(exact_g, 45))
            assert abs(finite - bulk[r]) < mpmath.mpf(10) ** -25
            assert abs(mpmath.mpf(sympy.N(total_mean / sites, 45)) - mean) < 1e-45


def test_xi_matches_decay_ratio():
    model = _model(**RELU3)
    g = correlation_function(model, [40, 41], u=sympy.Rational(3, 2), digits=60)
    xi = correlation_length(model, u=sympy.Rational(3, 2), digits=60)
    with mpmath.workdps(60):
        assert abs(-1 / mpmath.log(g[1] / g[0]) - xi) < mpmath.mpf(10) ** -8
    # for two h-states the decay is exactly geometric
    g2 = correlation_function(paper_model(), [1, 2, 3], u=mpmath.e)
    xi2 = correlation_length(paper_model(), u=mpmath.e)
    with mpmath.workdps(50):
        assert abs(g2[2] / g2[1] - mpmath.exp(-1 / xi2)) < mpmath.mpf(10) ** -45
        assert abs(g2[1] / g2[0] - mpmath.exp(-1 / xi2)) < mpmath.mpf(10) ** -45


def test_plain_is_the_strong_constraint_limit():
    model = paper_model()
    T = transfer_matrix(model)
    limit = T.applyfunc(lambda e: sympy.limit(e, U, sympy.oo))
    assert (limit - plain_transfer_matrix(model)).is_zero_matrix
    # exact plain values: T_plain = Omega, lambda = 4, 1; <h> = 2/3, G(r) = (2/9) 4^-r
    g = correlation_function(model, range(5), plain=True)
    with mpmath.workdps(50):
        for r, value in enumerate(g):
            assert abs(value - mpmath.mpf(2) / 9 / 4 ** r) < mpmath.mpf(10) ** -48
        assert abs(correlation_length(model, plain=True) - 1 / mpmath.log(4)) < 1e-48


def test_coupling_weights_reproduce_dna_weights():
    model = paper_model()
    E = coupling_basis(model).weights([2, -1, -1])      # A = 2 beta_v, B = C = -beta_v
    assert (E - dna_bond_weights(model, sympy.E)).applyfunc(sympy.simplify).is_zero_matrix
    a = correlation_function(model, range(6), weights=E)
    b = correlation_function(model, range(6), u=mpmath.e)
    assert all(abs(x - y) < mpmath.mpf(10) ** -45 for x, y in zip(a, b))


def test_plain_chain_with_lambda2_zero_has_zero_xi():
    # one output only (constant activation): T_plain has rank one
    model = _model(activation={"table": {"-2": 1, "-1": 1, "0": 1, "1": 1, "2": 1}})
    assert correlation_length(model, plain=True) == 0
    assert all(abs(g) < 1e-60 for g in correlation_function(model, [0, 1, 2], plain=True))


def test_errors():
    model = paper_model()
    with pytest.raises(ModelError, match=r"weights\[0, 1\]: expected a positive number"):
        correlation_function(model, [0], weights=[[1, 0], [1, 1]])
    with pytest.raises(ModelError, match=r"weights: expected an 2 x 2"):
        transfer_matrix(model, [[1, 1, 1], [1, 1, 1]])
    with pytest.raises(ModelError, match="exactly one of"):
        mean_neuron(model, weights=[[1, 1], [1, 1]], u=2)
    with pytest.raises(ModelError, match="u: expected a number"):
        mean_neuron(model, u=U)
    with pytest.raises(ModelError, match="distances"):
        correlation_function(model, [-1], u=2)
    relu = _model(**RELU3)
    with pytest.raises(ModelError, match="output 3 is not one of values.h"):
        plain_transfer_matrix(relu)


def test_correlation_record_is_json_and_parseable():
    import json
    rec = correlation_record(paper_model(), u=sympy.E, distances=range(0, 4), digits=20)
    json.dumps(rec)
    assert rec["beta_v"] == 1
    assert rec["r"] == [0, 1, 2, 3]
    assert sympy.Rational(2, 9) - sympy.nsimplify(rec["G_plain"][0]) == 0
    for key in ("xi_dna", "xi_plain", "mean_h_dna"):
        sympy.sympify(rec[key])
    relu = correlation_record(_model(**RELU3), u=2, distances=[0, 1], digits=20)
    assert relu["G_plain"] is None and relu["xi_plain"] is None


def test_correlation_record_stores_noise_as_exact_zero_with_its_residual():
    """A constant activation makes the plain chain deterministic: G = 0 exactly.

    The transfer-matrix values are ~1e-71 (rounding), so the record must hold the
    exact 0 and record the dropped magnitude beside it (noise rule, symrg.numerics).
    """
    model = paper_model(activation={"table": {"-2": 1, "-1": 1, "0": 1, "1": 1, "2": 1}})
    raw = correlation_function(model, [0], plain=True, digits=50)[0]
    assert raw != 0 and abs(raw) < sympy.Float("1e-60")
    rec = correlation_record(model, u=sympy.E, distances=range(3), digits=50)
    assert rec["G_plain"] == [0, 0, 0]
    dropped = sympy.Float(rec["noise"]["dropped"])
    assert 0 < dropped < sympy.Float(rec["noise"]["tolerance"])
    assert rec["G_dna"][0] != 0 and isinstance(rec["G_dna"][0], str)


# A random small valid model (benchmarks/random_models.py, seed 18, model 12) whose plain
# transfer matrix made mpmath's QR iteration fail ("qr: failed to converge"): an internal
# error of `symrg derive` before the eigenvalues were retried at higher precision.
QR_MODEL = {"width": 1, "data": 2, "norm": 1, "scale": 2,
            "values": {"W": [2, -1], "b": [-2, "-1/2", 1], "h": [0, -1, 1]},
            "activation": {"table": {"-4": 0, "-3": -1, "-5/2": -1, "-2": 0, "-3/2": -1,
                                     "-1": -1, "-1/2": 0, "0": 0, "1/2": -1, "1": 0,
                                     "3/2": 0, "2": 0, "3": 1}}}


def test_correlation_length_where_the_qr_iteration_fails_at_working_precision():
    """xi of the plain chain against the exact eigenvalues of its integer transfer matrix
    (sympy, independent of mpmath.eig; here lower triangular, 6, 4 (x3), 1 (x5), defective)."""
    from symrg.lattice.transfer import correlation_record, plain_transfer_matrix
    model = Model.from_dict(QR_MODEL)
    record = correlation_record(model, u=sympy.E, digits=50)
    moduli = sorted({abs(ev) for ev in plain_transfer_matrix(model).eigenvals()}, reverse=True)
    xi = 1 / sympy.log(moduli[0] / moduli[1])
    assert moduli[:2] == [6, 4]
    assert abs(mpmath.mpf(str(record["xi_plain"])) - mpmath.mpf(str(sympy.N(xi, 40)))) < 1e-45


def test_eigenvalues_that_never_converge_raise_a_convergence_error(monkeypatch):
    from symrg.errors import ConvergenceError
    from symrg.lattice import transfer

    def fail(*args, **kwargs):
        raise RuntimeError("qr: failed to converge after 281 steps")
    monkeypatch.setattr(transfer.mpmath, "eig", fail)
    with pytest.raises(ConvergenceError, match="eigenvalues did not converge at 200 digits"):
        with mpmath.workdps(50):
            transfer._eigenvalues(mpmath.matrix([[1, 2], [3, 4]]))
