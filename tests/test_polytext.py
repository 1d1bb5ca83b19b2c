"""sympy's text and sort order of polynomials, computed from terms (symrg.text.polytext)."""

import pathlib
from fractions import Fraction

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symrg.fixedpoints.classify import symmetric_components
from symrg.rg.couplings import coupling_basis
from symrg.fixedpoints.equations import component_equations, to_exp_equations, to_weight_exprs
from symrg.model.files import load_model
from symrg.model.network import paper_model
from symrg.rg.weightvars import weight_names
from symrg.text.polytext import (PolynomialList, poly_expr, poly_sort_key, poly_terms, poly_text,
                                 poly_texts)

ROOT = pathlib.Path(__file__).resolve().parents[1]
NAMES = ["w0", "w1", "w2", "w10", "exp_A", "exp_K_hs"]

coefficients = st.fractions(min_value=-5, max_value=5, max_denominator=6).filter(bool)
monomials = st.tuples(*[st.integers(0, 2) for _ in NAMES])
polynomials = st.dictionaries(monomials, coefficients, min_size=1, max_size=6)


def _flint(d):
    ctx = flint.fmpq_mpoly_ctx.get(tuple(NAMES), "lex")
    return ctx.from_dict({m: flint.fmpq(c.numerator, c.denominator) for m, c in d.items()})


def _sympy(d):
    xs = sympy.symbols(NAMES)
    return sympy.Add(*[sympy.Rational(c.numerator, c.denominator)
                       * sympy.Mul(*[x ** a for x, a in zip(xs, m)]) for m, c in d.items()])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(polynomials)
def test_text_and_expression_equal_sympy(d):
    terms = poly_terms(_flint(d), NAMES)
    expr = _sympy(d)
    assert poly_expr(terms) == expr
    assert poly_text(terms) == str(expr)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(polynomials, min_size=2, max_size=6))
def test_order_equals_default_sort_key(ds):
    exprs = [_sympy(d) for d in ds]
    terms = [poly_terms(_flint(d), NAMES) for d in ds]
    by_sympy = sorted(range(len(ds)), key=lambda k: (sympy.default_sort_key(exprs[k]), k))
    by_terms = sorted(range(len(ds)), key=lambda k: (poly_sort_key(terms[k]), k))
    assert [str(exprs[k]) for k in by_sympy] == [str(exprs[k]) for k in by_terms]


@pytest.mark.parametrize("text", ["1 - exp_A", "2 - 3*w1**2", "exp_A - 1", "3 - w0/2",
                                  "w0", "-w1**2/3", "-w0*w1 + 1/2"])
def test_special_forms(text):
    expr = sympy.sympify(text)
    xs = sorted(expr.free_symbols, key=str)
    d = {}
    for m, c in sympy.Poly(expr, *xs).terms():
        d[m] = Fraction(int(c.p), int(c.q))
    ctx = flint.fmpq_mpoly_ctx.get(tuple(x.name for x in xs), "lex")
    poly = ctx.from_dict({m: flint.fmpq(c.numerator, c.denominator) for m, c in d.items()})
    assert poly_text(poly_terms(poly, [x.name for x in xs])) == str(expr) == text


@pytest.mark.parametrize("path", ["examples/relu3.toml", "examples/binary_width2.toml", None])
def test_family_equations_match_the_sympy_path(path):
    """Every component's equations: text, order and expressions as sympy gives them."""
    model = load_model(ROOT / path) if path else paper_model()
    names = list(weight_names(len(coupling_basis(model).pair_orbits)))
    for comp in symmetric_components(model):
        polys = component_equations(model, comp)
        exprs = sorted((poly_expr(poly_terms(p, names)) for p in polys),
                       key=sympy.default_sort_key)
        weq = to_weight_exprs(model, polys)
        assert isinstance(weq, PolynomialList)
        assert poly_texts(weq) == [str(e) for e in exprs]
        assert weq == exprs and list(weq) == exprs
        eeq = to_exp_equations(model, polys)
        if eeq is not None:
            assert poly_texts(eeq) == [str(e) for e in eeq]
            assert list(eeq) == sorted(eeq, key=sympy.default_sort_key)


def test_polynomial_list_behaves_as_a_list():
    eqs = PolynomialList([[(Fraction(1), (("exp_A", 1),)), (Fraction(-1), ())],
                          [(Fraction(2), (("exp_B", 2),))]])
    A, B = sympy.symbols("exp_A exp_B")
    assert sorted([A - 1, 2 * B**2], key=sympy.default_sort_key) == [2 * B**2, A - 1]
    assert len(eqs) == 2 and eqs[:1] == [2 * B**2] and eqs[-1] == A - 1
    assert eqs == [2 * B**2, A - 1] and eqs != [A - 1, 2 * B**2]
    assert eqs.names == ["exp_A", "exp_B"] and repr(eqs) == "[2*exp_B**2, exp_A - 1]"
