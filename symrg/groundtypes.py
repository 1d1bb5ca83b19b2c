"""Ground types: exact numbers between Python, python-flint, sympy and mpmath.

The exact layers compute in Python ``int``/``Fraction`` and python-flint
(``fmpz``/``fmpq`` and their polynomials) and hand sympy ``Integer``/``Rational`` to
the symbolic layers; this module is the one place that converts between them.
gmpy2 (mpmath's GMP backend and decimal digits of huge integers) and python-flint
are required dependencies, imported here once; :data:`MPMATH_GMPY` says whether
mpmath picked the GMP backend.
"""

from fractions import Fraction

import flint
import gmpy2
import mpmath
import sympy

__all__ = ["MPMATH_GMPY", "to_sympy", "to_python", "to_fmpq", "int_digits"]

#: True when mpmath runs on gmpy2 (1.5-10x faster at 50+ digits; tests/test_imports.py).
MPMATH_GMPY = mpmath.libmp.BACKEND == "gmpy"


def to_sympy(x):
    """An exact number as a sympy ``Integer``/``Rational``; sympy objects unchanged.

    Accepts ``int``, ``Fraction``, flint ``fmpz``/``fmpq`` and anything
    ``sympy.sympify`` reads.

    Examples
    --------
    >>> to_sympy(Fraction(6, 4)), to_sympy(flint.fmpq(3, 1)), to_sympy(-2)
    (3/2, 3, -2)
    """
    if isinstance(x, sympy.Basic):
        return x
    if isinstance(x, int):
        return sympy.Integer(x)
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, flint.fmpz):
        return sympy.Integer(int(x))
    if isinstance(x, flint.fmpq):
        return sympy.Rational(int(x.p), int(x.q))
    return sympy.sympify(x)


def to_python(x):
    """An exact rational as a Python ``int`` (when integral) or ``Fraction``.

    Examples
    --------
    >>> to_python(sympy.Rational(4, 2)), to_python(sympy.Rational(-1, 3)), to_python(Fraction(5))
    (2, Fraction(-1, 3), Fraction(5, 1))
    """
    if isinstance(x, (int, Fraction)):
        return x
    if isinstance(x, flint.fmpz):
        return int(x)
    if isinstance(x, flint.fmpq):
        p, q = int(x.p), int(x.q)
    else:
        x = sympy.Rational(x)
        p, q = int(x.p), int(x.q)
    return p if q == 1 else Fraction(p, q)


def to_fmpq(x) -> flint.fmpq:
    """An exact rational (int, Fraction, sympy, flint) as a flint ``fmpq``."""
    x = Fraction(to_python(x))
    return flint.fmpq(x.numerator, x.denominator)


def int_digits(n) -> str:
    """Decimal digits of an integer of any size (``str`` stops at 4300 digits)."""
    return gmpy2.mpz(int(n)).digits(10)
