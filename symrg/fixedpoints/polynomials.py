"""Exact polynomials as term lists, in the order sympy sorts them, built without sympy trees.

The fixed-point family equations (:mod:`symrg.fixedpoints.equations`) are lists of
polynomials with rational coefficients in plain symbols, held as their terms
``[(Fraction c, ((name, exponent), ...)), ...]`` (:func:`poly_terms`).  Their order is
the order of ``sympy.default_sort_key``, which for such polynomials is determined by
the terms alone (sympy 1.14, ``Expr.sort_key``):

* terms in decreasing lexicographic order of their exponent vectors, with the
  generators sorted by name (``Expr.as_ordered_terms``), except that a positive
  constant plus one negative multiple of a single power comes constant first
  (``1 - w0``);
* the sort key is ``(class key, (number of args, keys of the args), exponent key,
  coefficient)`` recursively, with the class keys of Number, Symbol, Mul and Add.

Their text (``str(expr)`` without building ``expr``) is made in the presentation layer,
:mod:`symrg.text.polytext`.  tests/test_polytext.py checks both against sympy itself.
"""

from collections.abc import Sequence
from fractions import Fraction

import sympy

__all__ = ["poly_terms", "poly_sort_key", "poly_expr", "PolynomialList"]

_NUMBER, _SYMBOL, _MUL, _ADD = (1, 0, "Number"), (2, 0, "Symbol"), (3, 0, "Mul"), (3, 1, "Add")


def _number_key(x):
    return (_NUMBER, (0, ()), (), x)


_ONE = _number_key(1)


def poly_terms(poly, names):
    """Terms ``[(Fraction c, ((name, exponent), ...)), ...]`` of a flint ``fmpq_mpoly``.

    Factors are sorted by name; ``names`` are the generator names of the polynomial.
    """
    out = []
    for exps, c in poly.terms():
        factors = tuple(sorted((n, int(a)) for n, a in zip(names, exps) if a))
        out.append((Fraction(int(c.p), int(c.q)), factors))
    return out


def ordered_terms(terms):
    """The terms in the order of ``Expr.as_ordered_terms()`` (see the module docstring)."""
    if len(terms) == 2:
        const = [t for t in terms if not t[1]]
        other = [t for t in terms if t[1]]
        if (len(const) == 1 and len(other) == 1 and const[0][0] > 0 and other[0][0] < 0
                and len(other[0][1]) == 1):
            return const + other
    gens = sorted({n for _, factors in terms for n, _ in factors})
    index = {n: k for k, n in enumerate(gens)}

    def key(term):
        monom = [0] * len(gens)
        for n, a in term[1]:
            monom[index[n]] = a
        return tuple(-a for a in monom)
    return sorted(terms, key=key)


def _term_key(c, factors):
    if not factors:
        return _number_key(c)
    if len(factors) == 1:
        (n, a), = factors
        return (_SYMBOL, (1, (n,)), _number_key(a), c)
    args = tuple(sorted((_SYMBOL, (1, (n,)), _number_key(a), 1) for n, a in factors))
    return (_MUL, (len(args), args), _ONE, c)


def poly_sort_key(terms):
    """A key ordering polynomials as ``sympy.default_sort_key`` orders their sympy forms.

    Coefficients are Fractions where sympy has Rationals (same order).
    """
    if not terms:
        return _number_key(0)
    if len(terms) == 1:
        return _term_key(*terms[0])
    keys = tuple(_term_key(c, f) for c, f in ordered_terms(terms))
    return (_ADD, (len(keys), keys), _ONE, 1)


def poly_expr(terms):
    """The sympy expression of :func:`poly_terms` (one ``Mul`` per term, one ``Add``)."""
    out = []
    for c, factors in terms:
        args = [sympy.Rational(c.numerator, c.denominator)]
        args += [sympy.Symbol(n) if a == 1 else sympy.Symbol(n) ** a for n, a in factors]
        out.append(sympy.Mul(*args))
    return sympy.Add(*out)


class PolynomialList(Sequence):
    """Read-only list of exact polynomials, sorted as ``sympy.default_sort_key`` sorts them.

    Items are sympy expressions built on first access; :attr:`terms` gives the term
    lists (their text without building them: :func:`symrg.text.polytext.poly_texts`),
    :attr:`names` the symbols that occur.  Compares equal to a list of the same
    expressions.

    Examples
    --------
    >>> eqs = PolynomialList([[(Fraction(1), (("exp_A", 1),)), (Fraction(-1), ())]])
    >>> eqs == [sympy.Symbol("exp_A") - 1], len(eqs.terms)
    (True, 1)
    """

    def __init__(self, polynomials):
        self._terms = sorted((list(t) for t in polynomials), key=poly_sort_key)
        self._exprs = [None] * len(self._terms)

    def __len__(self):
        return len(self._terms)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if self._exprs[index] is None:
            self._exprs[index] = poly_expr(self._terms[index])
        return self._exprs[index]

    def __eq__(self, other):
        if isinstance(other, PolynomialList):
            return [sorted(t) for t in self._terms] == [sorted(t) for t in other._terms]
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return repr(list(self))

    @property
    def terms(self):
        """The term lists (:func:`poly_terms`) of the polynomials, in order."""
        return [list(t) for t in self._terms]

    @property
    def names(self):
        """Names of the symbols occurring in some polynomial."""
        return sorted({n for t in self._terms for _, factors in t for n, _ in factors})
