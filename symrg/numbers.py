"""Numbers at the edge of the exact core: JSON values, the noise rule, decimal strings.

Every record symrg writes follows one convention (documented in docs/ and in the
JSON schema):

* exact integers are JSON integers; exact rationals are strings ``"p/q"``;
* inexact (mpmath) reals are decimal strings with the record's ``digits``
  significant digits (a JSON float would keep only 17);
* complex values are objects ``{"re": ..., "im": ...}`` whose parts follow the
  two rules above;
* infinities are the strings ``"inf"`` and ``"-inf"`` (sympy's unsigned complex
  infinity ``zoo`` is ``"inf"`` too);
* double-precision measurements (Monte Carlo, float training runs) are JSON numbers.

The noise rule (:func:`clean`): a numerical value whose imaginary part, or whose
whole modulus, is below ``10**-(digits - NOISE_DIGITS)`` relative to its size is
shown and stored as real, or as exact 0.  Callers record the residual that
verified the value beside it.

Nothing here goes through ``str`` -> number conversions, so precision is not bounded
by Python's int-string limit (mpmath's gmpy2 backend prints any precision).
"""

import math

import mpmath
import sympy

__all__ = ["NOISE_DIGITS", "noise_tolerance", "clean", "decimal_string", "json_number"]

#: Digits of headroom below the working precision that the noise rule allows.
NOISE_DIGITS = 10


def noise_tolerance(digits: int):
    """``10**-(digits - NOISE_DIGITS)`` as an mpmath number (at least 1e-5)."""
    return mpmath.mpf(10) ** (-max(digits - NOISE_DIGITS, 5))


def clean(value, digits: int):
    """Apply the noise rule to an mpmath (or Python) number at working precision ``digits``.

    Returns an ``mpf`` (real), an ``mpc`` (genuinely complex) or the exact ``0``
    (sympy Integer) when the whole value is below the tolerance.

    Examples
    --------
    >>> import mpmath
    >>> clean(mpmath.mpc(-2, 1e-61), 50)
    mpf('-2.0')
    >>> clean(mpmath.mpf('6e-70'), 50)
    0
    """
    with mpmath.workdps(digits + 5):
        z = mpmath.mpmathify(value)
        tol = noise_tolerance(digits)
        if abs(z) <= tol:
            return sympy.Integer(0)
        if isinstance(z, mpmath.mpc):
            if abs(z.imag) <= tol * abs(z):
                return +z.real
            if abs(z.real) <= tol * abs(z):
                return mpmath.mpc(0, z.imag)
        return +z


def decimal_string(value, digits: int) -> str:
    """Decimal string of a real mpmath/sympy number with ``digits`` significant digits."""
    if isinstance(value, sympy.Basic):
        value = sympy.N(value, digits + 5)
        with mpmath.workdps(digits + 5):
            value = mpmath.mpmathify(value)
    return mpmath.nstr(value, digits, min_fixed=-5, max_fixed=digits + 1)


def json_number(value, digits: int = 50):
    """The JSON value of a number under the convention of this module.

    Parameters
    ----------
    value : int, float, sympy number, mpmath number
    digits : int
        Significant digits of inexact values (and the noise rule's precision).

    Examples
    --------
    >>> import sympy, mpmath
    >>> json_number(sympy.Integer(3)), json_number(sympy.Rational(-2, 3))
    (3, '-2/3')
    >>> json_number(-sympy.oo), json_number(2 + 3 * sympy.I)
    ('-inf', {'re': 2, 'im': 3})
    >>> json_number(mpmath.mpc(-2, 1e-61), 20)
    '-2.0'
    """
    if isinstance(value, bool):
        raise TypeError(f"json_number: expected a number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ("inf" if value > 0 else
                                                   "-inf" if value < 0 else "nan")
    if isinstance(value, sympy.Basic):
        return _sympy_json(value, digits)
    return _mpmath_json(value, digits)


def _sympy_json(value, digits):
    if value in (sympy.oo, sympy.zoo):
        return "inf"
    if value == -sympy.oo:
        return "-inf"
    if value is sympy.nan:
        return "nan"
    if value.is_Integer:
        return int(value)
    if value.is_Rational:
        return str(value)
    re, im = value.as_real_imag()
    # structural tests first: asking a large algebraic ``im`` whether it is zero takes seconds
    if re.is_Rational and im.is_Rational and im != 0:
        return {"re": _sympy_json(re, digits), "im": _sympy_json(im, digits)}
    with mpmath.workdps(digits + 5):
        return _mpmath_json(mpmath.mpmathify(sympy.N(value, digits + 5)), digits)


def _mpmath_json(value, digits):
    z = clean(value, digits)
    if isinstance(z, sympy.Integer):
        return int(z)
    if isinstance(z, mpmath.mpc):
        return {"re": _real_json(z.real, digits), "im": _real_json(z.imag, digits)}
    return _real_json(z, digits)


def _real_json(x, digits):
    if mpmath.isinf(x):
        return "inf" if x > 0 else "-inf"
    if mpmath.isnan(x):
        return "nan"
    if x == 0:
        return 0
    return decimal_string(x, digits)
