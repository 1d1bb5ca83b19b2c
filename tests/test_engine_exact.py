"""The polynomial engine (symrg.pathsums) against the committed records and the oracle."""

import json
import pathlib
import random

import sympy
from hypothesis import given, settings

from oracle import brute_force_decimation
from strategies import small_models
from symrg import coupling_basis, paper_model, rg_map
from symrg.decimation import renormalized_weights
from symrg.derive import core_record, decimation_record
from symrg.pathsums import inverse_design
from symrg.weights import dna_bond_weights, U

REPORTS = pathlib.Path(__file__).resolve().parent.parent / "reports"


def _num(x):
    return sympy.Rational(x.numerator, x.denominator) if hasattr(x, "denominator") else x


def test_paper_rg_map_and_decimation_equal_the_committed_record():
    record = json.loads((REPORTS / "paper.json").read_text())
    model = paper_model()
    assert core_record(model)["rg_map"] == record["rg_map"]
    assert decimation_record(model) == record["decimation"]


def test_partial_sums_reassemble_the_map():
    """K'_k = sum_o Vinv[k+1, o] (c_o . K + ln Z_o) (shared decision 6), paper's model."""
    m = rg_map(paper_model())
    inv = m.basis.inverse_design
    K = m.symbols
    for k, name in enumerate(m.names):
        total = sum((inv[k + 1, ps.index] * (sum(_num(c) * s for c, s in zip(ps.shift, K))
                                             + sympy.log(ps.expression(K)))
                     for ps in m.partial_sums), sympy.Integer(0))
        assert sympy.expand(total - m.expressions[name]) == 0
    assert [ps.pair for ps in m.partial_sums] == [o[0] for o in m.basis.pair_orbits]


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_partial_sums_equal_literal_enumeration(model):
    """x^shift * sum n x^e equals the oracle's sum over every W, b, h with monomial weights."""
    basis = coupling_basis(model)
    xs = sympy.symbols(f"x0:{basis.size}")
    def weight(h, s):
        i, j = model.h_states.index(h), model.sigma_states.index(s)
        return sympy.Mul(*[x ** basis.monomial_value(k + 1, i, j) for k, x in enumerate(xs)])
    brute = brute_force_decimation(model, weight)
    for ps in rg_map(model).partial_sums:
        mono = sympy.Mul(*[x ** _num(c) for c, x in zip(ps.shift, xs)])
        fast = mono * sum((n * sympy.Mul(*[x ** _num(c) for c, x in zip(e, xs)])
                           for e, n in ps.terms.items()), sympy.Integer(0))
        assert sympy.expand(fast - brute[(ps.h, ps.sigma)]) == 0
        assert all(min(e[k] for e in ps.terms) == 0 for k in range(basis.size))


@settings(max_examples=15, deadline=None, derandomize=True)
@given(small_models())
def test_renormalized_weights_equal_the_matrix_product(model):
    from symrg import count_matrix, decimate
    E = dna_bond_weights(model, U)
    slow = decimate(E, count_matrix(model), model.scale)
    fast = renormalized_weights(model)
    assert all(sympy.expand(a - b) == 0 for a, b in zip(fast, slow))


@settings(max_examples=10, deadline=None, derandomize=True)
@given(small_models())
def test_flint_inverse_design_equals_sympy(model):
    basis = coupling_basis(model)
    inv = inverse_design(basis)
    assert sympy.Matrix([[_num(v) for v in row] for row in inv]) == basis.inverse_design
