"""Tests of symrg.lattice.hamiltonian: Eq. 8-9 and Eq. 14 as sympy expressions."""

import itertools

import pytest
import sympy

from symrg import ModelError, paper_model
from symrg.lattice.hamiltonian import (LAMBDA, SIGMA, bias_symbol, dna_hamiltonian,
                                       latex_names, neuron_symbol, original_hamiltonian,
                                       shift_map, weight_symbol)


def _evaluate(expr, model, values):
    """Substitute numbers and evaluate sigma with the model's activation (exactly)."""
    act = model.activation.as_dict()
    expr = expr.xreplace(values)
    return expr.replace(SIGMA, lambda arg: act[sympy.Rational(arg)])


def test_paper_bulk_term_is_eq20():
    H = dna_hamiltonian(paper_model(), 4)
    h1, h2 = neuron_symbol(1, 1, 1), neuron_symbol(2, 1, 1)
    W, b = weight_symbol(1, 1, 1), bias_symbol(1, 1)
    assert H.terms[1] - LAMBDA * (h2 - SIGMA(W * h1 + b)) ** 2 == 0
    assert len(H.terms) == 4 and LAMBDA not in H.terms[-1].free_symbols
    assert sympy.sympify(str(H.expr)) == H.expr


def test_dna_equals_original_on_computed_neurons():
    # with h^(m+1) = sigma^(m) the bulk terms vanish and H_new = H_orig (Eq. 13)
    model = paper_model(width=2, norm=1)
    depth = 3
    orig, dna = original_hamiltonian(model, depth), dna_hamiltonian(model, depth)
    x, y = (1, 0), (0, 1)
    act = model.activation.as_dict()
    for params in itertools.islice(itertools.product([-1, 1], repeat=depth * 6), 0, None, 9973):
        values = {sympy.Symbol(f"x_{i + 1}_1"): x[i] for i in range(2)}
        values.update({sympy.Symbol(f"y_{i + 1}_1"): y[i] for i in range(2)})
        it = iter(params)
        column = list(x)
        for m in range(depth):
            for i in range(1, 3):
                for j in range(1, 3):
                    values[weight_symbol(m, i, j)] = next(it)
            for i in range(1, 3):
                values[bias_symbol(m, i)] = next(it)
            column = [act[sympy.Rational(sum(values[weight_symbol(m, i, j)] * column[j - 1]
                                             for j in (1, 2)) + values[bias_symbol(m, i)])]
                      for i in (1, 2)]
            if m < depth - 1:
                values.update({neuron_symbol(m + 1, i, 1): column[i - 1] for i in (1, 2)})
        cost = sum(abs(y[i] - column[i]) for i in range(2))
        assert _evaluate(orig.expr, model, values) == cost
        assert _evaluate(dna.expr, model, values) == cost


def test_norm_and_dofs():
    H = original_hamiltonian(paper_model(norm=3), 2)
    assert H.expr.has(sympy.Abs)
    assert len(H.degrees_of_freedom) == 4
    dna = dna_hamiltonian(paper_model(data=2), 3)
    assert len(dna.dynamic_neurons) == 4 and len(dna.degrees_of_freedom) == 10
    assert len(dna.summands) == 6


def test_shift_and_names():
    shift = shift_map([weight_symbol(0, 1, 2), neuron_symbol(3, 1, 2)])
    assert shift[weight_symbol(0, 1, 2)] == weight_symbol(1, 1, 2)
    assert shift[neuron_symbol(3, 1, 2)] == neuron_symbol(4, 1, 2)
    assert latex_names([neuron_symbol(3, 1, 2)])[neuron_symbol(3, 1, 2)] == "h^{(3)[2]}_{1}"
    assert "W^{(0)}_{11}" in dna_hamiltonian(paper_model(), 2)._repr_latex_()


def test_errors():
    with pytest.raises(ModelError, match="depth: expected an integer >= 1"):
        dna_hamiltonian(paper_model(), 0)
