"""Tests of symrg.model.prior: the [prior] table, the weighted count matrix and its flow."""

import itertools

import pytest
import sympy

from oracle import all_layers, layer_output
from symrg import Model, ModelError, count_matrix, paper_model
from symrg.records.derive import core_record
from symrg.model.prior import parse_prior, value_weights


def _model(prior=None, **kw):
    d = {"name": "t", "width": 1, "data": 1,
         "values": {"W": [-1, 0, 1], "b": [-1, 1], "h": [0, 1]},
         "activation": {"name": "heaviside"}}
    d.update(kw)
    if prior is not None:
        d["prior"] = prior
    return Model.from_dict(d)


TERNARY = {"W": {"-1": "1/4", "0": "1/2", "1": "1/4"}}


def test_prior_is_parsed_and_echoed_only_when_not_uniform():
    m = _model(TERNARY)
    assert m.prior.W == (sympy.Rational(1, 4), sympy.Rational(1, 2), sympy.Rational(1, 4))
    assert m.to_dict()["prior"]["W"] == {"-1": "1/4", "0": "1/2", "1": "1/4"}
    uniform = _model({"W": {"-1": "1/3", "0": "1/3", "1": "1/3"}, "b": {"-1": 0.5, "1": 0.5}})
    assert uniform.prior is None and uniform == _model() and "prior" not in uniform.to_dict()
    assert uniform.to_dict() == _model().to_dict()


@pytest.mark.parametrize("prior, match", [
    ({"W": {"-1": "1/2", "0": "1/4"}}, "prior.W: probabilities must sum to 1, got 3/4"),
    ({"W": {"-1": "3/2", "1": "-1/2"}}, r"prior.W\['1'\]: expected a probability >= 0"),
    ({"b": {"2": 1}}, "prior.b: value 2 is not one of"),
    ({"h": {"0": 1}}, "prior: unknown key 'h'"),
    ({"W": [1, 2]}, "prior.W: expected a table"),
    ({"W": {"1": "x"}}, r"prior.W\['1'\]: expected an integer or a rational"),
])
def test_bad_priors_are_one_line_errors(prior, match):
    with pytest.raises(ModelError, match=match):
        _model(prior)


def _weighted_oracle(model):
    """Omega by literal enumeration of every (W, b), each weighted by its prior mass."""
    wW = dict(zip(model.W_values, value_weights(model, "W")))
    wb = dict(zip(model.b_values, value_weights(model, "b")))
    rows = []
    for h in model.h_states:
        row = {s: sympy.Integer(0) for s in model.sigma_states}
        for W, b in all_layers(model):
            weight = sympy.Mul(*[wW[w] for r in W for w in r]) * sympy.Mul(*[wb[x] for x in b])
            row[layer_output(model, W, b, h)] += weight
        rows.append([row[s] for s in model.sigma_states])
    return sympy.Matrix(rows)


@pytest.mark.parametrize("kw", [
    dict(prior=TERNARY),
    dict(prior={"W": {"-1": "1/5", "1": "4/5"}, "b": {"-1": "2/3", "1": "1/3"}},
         values={"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}, width=2),
    dict(prior={"b": {"-1": "1/7", "1": "6/7"}}, data=2,
         values={"W": [-1, 1], "b": [-1, 1], "h": [-1, 1]}, activation={"name": "binary_sign"}),
])
def test_weighted_count_matrix_equals_literal_enumeration(kw):
    m = _model(**kw)
    omega = count_matrix(m)
    assert sympy.Matrix(omega) - _weighted_oracle(m) == sympy.zeros(*omega.shape)
    total = (len(m.W_values) ** m.width * len(m.b_values)) ** m.width
    assert all(sum(omega.row(i)) == total for i in range(omega.rows))


def test_uniform_prior_keeps_the_integer_count_matrix_and_record():
    explicit = paper_model(prior={"W": {"-1": "1/2", "1": "1/2"}})
    assert count_matrix(explicit) == count_matrix(paper_model())
    assert core_record(explicit) == core_record(paper_model())


def test_rational_omega_flows_into_the_record_and_the_fixed_points():
    from symrg.fixedpoints.analysis import find_fixed_points
    from symrg.fixedpoints.points import is_fixed_point
    m = paper_model(prior={"b": {"-1": "1/4", "1": "3/4"}})
    assert core_record(m)["count_matrix"] == [[1, 3], ["1/2", "7/2"]]
    analysis = find_fixed_points(m)
    assert analysis.isolated and all(is_fixed_point(m, p.weights) for p in analysis.isolated)
    # the isolated point of p = 2 is E = (Omega^T)^-1 (Eq. 30), now rational in the prior
    E = analysis.isolated[0].weights
    M = sympy.Matrix(count_matrix(m).T)
    assert sympy.simplify(E * M * E - E * (E * M * E)[0, 0] / E[0, 0]) == sympy.zeros(2, 2)


def test_parse_prior_aligns_with_value_order():
    V = tuple(map(sympy.Integer, (1, -1)))
    p = parse_prior({"W": {"-1": "1/3", "1": "2/3"}}, V, V)
    assert p.W == (sympy.Rational(2, 3), sympy.Rational(1, 3))
    assert p.relative("W") == (sympy.Rational(4, 3), sympy.Rational(2, 3))


@pytest.mark.parametrize("dna", [True, False])
def test_partition_function_with_a_prior_equals_literal_enumeration(dna):
    from symrg.lattice.partition import partition_function, partition_function_brute_force
    m = _model({"W": {"-1": "1/4", "0": "1/2", "1": "1/4"}, "b": {"-1": "1/3", "1": "2/3"}})
    fast = partition_function(m, 3, dna=dna)
    slow = partition_function_brute_force(m, 3, dna=dna)
    assert sympy.cancel(fast - slow) == 0
