"""Fixed points of the weight map with zero weights (at infinity of the coupling chart).

References are independent of the engine: the count matrix and the decimation are
enumerated literally (tests/oracle.py), Omega^{-T} is inverted by sympy, and the
eigenvalues come from exact derivatives (dual numbers) of the literal decimation.
"""

import itertools
import json
from collections import Counter
from functools import lru_cache

import flint
import pytest
import sympy

from symrg.rg.couplings import coupling_basis
from symrg.records.derive import derive_record
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.model.network import Model
from symrg.report.render import record_json
from symrg.text.summary import summary_text
from symrg.fixedpoints.zeroweight import check_spectrum

from oracle import all_layers, brute_force_decimation, layer_output

R = sympy.Rational


def _model(data, W, b, h, act, scale=2):
    return Model.from_dict({"name": "zero weights", "data": data, "scale": scale,
                            "values": {"W": W, "b": b, "h": h}, "activation": {"name": act}})


@pytest.fixture(scope="module")
def heaviside_l2():
    """L = 2, heaviside, W, b in {-1, 1}: invertible Omega, Omega^{-T} has zero weights."""
    model = _model(2, [-1, 1], [-1, 1], [0, 1], "heaviside")
    return model, find_fixed_points(model)


def _literal_counts(model):
    """Omega[h, s] = #{(W, b): sigma(W h + b) = s}, every layer enumerated."""
    sidx = {s: j for j, s in enumerate(model.sigma_states)}
    Om = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for i, h in enumerate(model.h_states):
        for W, b in all_layers(model):
            Om[i, sidx[layer_output(model, W, b, h)]] += 1
    return Om


def _fraction(x):
    x = sympy.Rational(x)
    return flint.fmpq(int(x.p), int(x.q))


class Dual:
    """a + b eps with eps^2 = 0 over exact rationals (flint): exact first derivatives."""

    __slots__ = ("a", "b")

    def __init__(self, a, b=0):
        self.a = a if isinstance(a, flint.fmpq) else _fraction(a)
        self.b = b if isinstance(b, flint.fmpq) else _fraction(b)

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.a + other.a, self.b + other.b)

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.a * other.a, self.a * other.b + self.b * other.a)

    __rmul__ = __mul__


@lru_cache(maxsize=8)
def _chains(model):
    """Literal chains of one decimation step, counted: {(h, s): Counter of factor tuples}.

    Each chain h -> h_1 -> ... -> h_{p-1} -> s with one (W, b) per kept layer contributes
    prod_k E[h_{k-1}, sigma(W_k h_k + b_k)] * E[h_{p-1}, s] (the sum of
    ``oracle.brute_force_decimation``, grouped so a repeated product is counted once).
    """
    layers = list(all_layers(model))
    out = {mid: [layer_output(model, W, b, mid) for W, b in layers] for mid in model.h_states}
    chains = {}
    for h in model.h_states:
        for s in model.sigma_states:
            count = Counter()
            for mids in itertools.product(model.h_states, repeat=model.scale - 1):
                chain = (h,) + mids
                for sigs in itertools.product(*(out[m] for m in mids)):
                    count[tuple(zip(chain[:-1], sigs)) + ((mids[-1], s),)] += 1
            chains[(h, s)] = count
    return chains


def _literal_step(model, E, direction=None):
    """Literal decimation of weights E (plus eps * direction): {(h, s): Dual}."""
    hidx = {h: i for i, h in enumerate(model.h_states)}
    sidx = {s: j for j, s in enumerate(model.sigma_states)}
    D = direction if direction is not None else sympy.zeros(*E.shape)
    w = {(h, s): Dual(E[hidx[h], sidx[s]], D[hidx[h], sidx[s]])
         for h in model.h_states for s in model.sigma_states}
    out = {}
    for key, count in _chains(model).items():
        total = Dual(0)
        for factors, n in count.items():
            term = Dual(n)
            for f in factors:
                term = term * w[f]
            total = total + term
        out[key] = total
    return out


def test_chains_equal_the_brute_force_decimation(heaviside_l2):
    model, fp = heaviside_l2
    E = sympy.Matrix(fp.at_infinity[-1].weights)
    hidx = {h: i for i, h in enumerate(model.h_states)}
    sidx = {s: j for j, s in enumerate(model.sigma_states)}
    brute = brute_force_decimation(model, lambda h, s: E[hidx[h], sidx[s]])
    assert {k: sympy.Rational(int(v.a.p), int(v.a.q))
            for k, v in _literal_step(model, E).items()} == brute


def _kappa(model, E):
    """kappa with literal F(E) = kappa E, asserting proportionality exactly."""
    F = _literal_step(model, E)
    hs = [(h, s) for h in model.h_states for s in model.sigma_states]
    i, j = next((i, j) for i in range(E.rows) for j in range(E.cols) if E[i, j] != 0)
    kappa = F[(model.h_states[i], model.sigma_states[j])].a / _fraction(E[i, j])
    for h, s in hs:
        e = E[model.h_states.index(h), model.sigma_states.index(s)]
        assert F[(h, s)].a == kappa * _fraction(e)
    return sympy.Rational(int(kappa.p), int(kappa.q))


def _fd_eigenvalues(model, E):
    """Eigenvalues of DF/kappa on invariant directions (one p removed), from the literal map."""
    orbits = coupling_basis(model).pair_orbits
    kappa = _kappa(model, E)
    n = len(orbits)
    A = sympy.zeros(n, n)
    for col, orbit in enumerate(orbits):
        D = sympy.zeros(*E.shape)
        for i, j in orbit:
            D[i, j] = 1
        F = _literal_step(model, E, D)
        for row, other in enumerate(orbits):
            i, j = other[0]
            b = F[(model.h_states[i], model.sigma_states[j])].b
            A[row, col] = sympy.Rational(int(b.p), int(b.q)) / kappa
    lam = sympy.Symbol("lam")
    poly = sympy.Poly((A - lam * sympy.eye(n)).det(), lam)
    q, r = sympy.div(poly, sympy.Poly(lam - model.scale, lam))
    assert r.is_zero
    return sorted(sympy.roots(q, multiple=True), key=sympy.default_sort_key)


def test_omega_inverse_transpose_is_listed_with_eigenvalues_p(heaviside_l2):
    model, fp = heaviside_l2
    Om = _literal_counts(model)
    assert Om.rank() == Om.rows                     # invertible, as the issue states
    target = Om.T.inv()
    first = next(x for x in target if x != 0)
    target = (target / first).applyfunc(sympy.nsimplify)
    assert any(x == 0 for x in target)              # it has zero weights
    assert fp.complete and not fp.rejected
    match = [z for z in fp.at_infinity if sympy.Matrix(z.weights) == target]
    assert len(match) == 1
    z = match[0]
    assert z.dimension == 0 and z.rank == 4
    n = len(coupling_basis(model).pair_orbits)
    assert z.linearization.eigenvalues == [2] * (n - 1)
    assert z.linearization.jacobian is None          # no coupling chart at zero weights
    assert _fd_eigenvalues(model, target) == [2] * (n - 1)


@pytest.mark.parametrize("scale, count", [(2, 3), (3, 4)])
def test_every_point_at_infinity_is_a_literal_fixed_point(heaviside_l2, scale, count):
    """p = 3 adds E = M_1^-1 (+) (-1) M_2^-1 over the two symmetry blocks (zeta = -1)."""
    model, fp = heaviside_l2
    if scale != 2:
        model = _model(2, [-1, 1], [-1, 1], [0, 1], "heaviside", scale)
        fp = find_fixed_points(model)
    assert len(fp.at_infinity) == count and fp.complete
    for z in fp.at_infinity:
        E = sympy.Matrix(z.weights)
        orbits = coupling_basis(model).pair_orbits
        assert all(E[orbits[o][0]] == 0 for o in z.zero_orbits)
        _kappa(model, E)
        check_spectrum(z.linearization.eigenvalues, model.scale, 50)
        assert sorted(z.linearization.eigenvalues, key=sympy.default_sort_key) == \
            _fd_eigenvalues(model, E)


@pytest.mark.filterwarnings("ignore:activation sign")
@pytest.mark.parametrize("scale", [2, 3])
def test_zero_weight_family(scale):
    """sign, W in {-1, 1}, b = 0, h in {0, 1}: E Omega^T = kappa I forces E[h=1, sigma=0] = 0.

    Omega rows: h = 0 -> sigma = 0 twice; h = 1 -> sigma = -1, 1 once each.  A rank-2 E with
    E Omega^T E = kappa E has E Omega^T = kappa I, whose (1, 0) entry is 2 E[1, sigma=0]:
    a family of projective dimension 2 (E = [[a, kappa/2, -a], [b, 0, kappa - b]]).
    """
    model = _model(1, [-1, 1], [0], [0, 1], "sign", scale)
    fp = find_fixed_points(model)
    fams = [z for z in fp.at_infinity if z.dimension > 0]
    assert [(z.dimension, z.rank) for z in fams] == [(2, 2)]
    z = fams[0]
    E = sympy.Matrix(z.weights)
    zero = (model.h_states.index((1,)), model.sigma_states.index((0,)))
    assert [i for i, x in enumerate(E) if x == 0] == [zero[0] * E.cols + zero[1]]
    assert z.equations                                # defining equations in the weights
    orbits = coupling_basis(model).pair_orbits
    at = {sympy.Symbol(f"w{o}"): E[orbit[0]] for o, orbit in enumerate(orbits)}
    assert all(sympy.expand(eq.subs(at)) == 0 for eq in z.equations)
    # the hand-derived family (docstring) at a point of our own: on the equations, fixed
    hand = sympy.zeros(2, 3)
    col = {v: model.sigma_states.index((v,)) for v in (-1, 0, 1)}
    a, b, kappa = R(5), R(-7, 3), R(2)
    hand[0, col[-1]], hand[0, col[0]], hand[0, col[1]] = a, kappa / 2, -a
    hand[1, col[-1]], hand[1, col[0]], hand[1, col[1]] = b, 0, kappa - b
    at = {sympy.Symbol(f"w{o}"): hand[orbit[0]] for o, orbit in enumerate(orbits)}
    assert all(sympy.expand(eq.subs(at)) == 0 for eq in z.equations)
    _kappa(model, hand)
    hand[1, col[0]] = 1                              # off the zero: not on the component
    at = {sympy.Symbol(f"w{o}"): hand[orbit[0]] for o, orbit in enumerate(orbits)}
    assert any(sympy.expand(eq.subs(at)) != 0 for eq in z.equations)
    _kappa(model, E)
    got = sorted(z.linearization.eigenvalues, key=sympy.default_sort_key)
    assert got == _fd_eigenvalues(model, E) == [1, 1, scale, scale, scale]


def test_record_summary_and_schema(heaviside_l2):
    jsonschema = pytest.importorskip("jsonschema")
    from symrg.records.schema import validate
    model, _ = heaviside_l2
    record = json.loads(record_json(derive_record(model, sections=["fixed_points"])))
    validate(record)
    zero = [p for p in record["fixed_points"]["points"] if p["kind"] == "zero_weight"]
    assert len(zero) == 3 and all(p["at_infinity"] for p in zero)
    assert [p["eigenvalues"] for p in zero if p["rank"] == 4] == [[2] * 9]
    assert record["fixed_points"]["complete"] is True
    assert record["fixed_points"]["rejected"] == []
    text = summary_text(record, model)
    assert text.count("at infinity of the coupling chart") == 3
    bad = json.loads(json.dumps(record))
    bad["fixed_points"]["points"][0]["kind"] = "at_infinity"
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_complete_means_complete_for_the_weight_map():
    """The cross-check's spurious candidates do not make the classification incomplete."""
    from symrg.model.network import paper_model
    fp = find_fixed_points(paper_model(), cross_check=True)
    assert fp.complete and fp.rejected and not fp.at_infinity


def test_numeric_method_lists_the_inverse_point_too(heaviside_l2):
    model, exact = heaviside_l2
    fp = find_fixed_points(model, method="numeric", digits=15, starts=0)
    assert not fp.complete
    assert [sympy.Matrix(z.weights) for z in fp.at_infinity] == \
        [sympy.Matrix(z.weights) for z in exact.at_infinity if z.rank == 4]
    assert not any(r[0] == {"weights": "M^-1"} for r in fp.rejected)


def test_zero_weight_equations_follow_the_equation_budget():
    """Past the equation budget (equations=False) a zero-weight point has no equations;
    its weights and linearisation are unchanged."""
    m = _model(1, [-1, 1], [0], [0, 1], "sign", 2)
    with_eq = [z for z in find_fixed_points(m, equations=True).at_infinity if z.dimension]
    without = [z for z in find_fixed_points(m, equations=False).at_infinity if z.dimension]
    assert with_eq and len(with_eq) == len(without)
    assert any(z.equations for z in with_eq) and not any(z.equations for z in without)
    assert [z.weights for z in with_eq] == [z.weights for z in without]
    assert [z.linearization.eigenvalues for z in with_eq] == \
        [z.linearization.eigenvalues for z in without]
