"""Exact rank over Q and quadratic fields (symrg.fixedpoints.exactrank) against sympy's row reduction."""

import random

import pytest
import sympy

from symrg.fixedpoints.exactrank import exact_rank, quadratic_parts

GENERATORS = [sympy.sqrt(3) * sympy.I, sympy.sqrt(2), sympy.I, sympy.sqrt(5) / 3]


def _element(rng, g):
    a = sympy.Rational(rng.randint(-9, 9), rng.randint(1, 4))
    b = sympy.Rational(rng.randint(-9, 9), rng.randint(1, 4))
    return a + b * g


@pytest.mark.parametrize("g", GENERATORS)
@pytest.mark.parametrize("seed", range(4))
def test_rank_over_a_quadratic_field_equals_sympy(g, seed):
    rng = random.Random(seed)
    n, r = rng.randint(2, 5), rng.randint(0, 4)
    X = sympy.Matrix(n, r, lambda i, j: _element(rng, g))
    Y = sympy.Matrix(r, n, lambda i, j: _element(rng, g))
    M = (X * Y).applyfunc(sympy.expand) if r else sympy.zeros(n, n)
    M[0, 0] += _element(rng, g) if seed % 2 else 0
    assert quadratic_parts(M) is not None or all(x.is_Rational for x in M)
    assert exact_rank(M) == M.rank(simplify=True)


def test_rational_and_fallback():
    M = sympy.Matrix([[1, 2], [2, 4]])
    assert exact_rank(M) == 1
    two = sympy.Matrix([[sympy.sqrt(2), sympy.sqrt(3)], [1, sympy.sqrt(6) / 2]])
    assert quadratic_parts(two) is None
    assert exact_rank(two) == two.rank(simplify=True) == 1
