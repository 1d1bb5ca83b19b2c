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

from .errors import ModelError
from .groundtypes import int_digits

__all__ = ["DIGITS_RANGE", "check_digits", "is_nilpotent", "NOISE_DIGITS", "noise_tolerance", "clean",
           "decimal_string", "json_number", "latex_decimal", "rational_text"]

#: Accepted range of ``digits`` (significant decimal digits of mpmath results).
DIGITS_RANGE = (15, 100000)


def check_digits(digits, low: int = DIGITS_RANGE[0]) -> int:
    """Validate a working precision in decimal digits (the one check of ``digits``).

    ``low`` lowers the floor for quick numerical maps (:func:`symrg.rg.flow.rg_step`
    accepts 5); the ceiling is always ``DIGITS_RANGE[1]``.

    Raises
    ------
    ModelError
        When ``digits`` is not an integer in ``[low, DIGITS_RANGE[1]]``.
    """
    hi = DIGITS_RANGE[1]
    if isinstance(digits, bool) or not isinstance(digits, int) or not low <= digits <= hi:
        raise ModelError(f"digits: expected an integer between {low} and {hi}, got {digits!r}")
    return digits


def is_nilpotent(apply, start, size, n: int, digits: int) -> bool:
    """Whether a linear map D on an n-dimensional space is nilpotent, to ``digits`` digits.

    ``apply(v)`` is D v, ``size(v)`` a norm of v as an mpf, ``start`` a generic vector.
    D^j v drops from a finite size to round-off in one step when D is nilpotent (index
    j <= n); otherwise it decays like rho^j (rho the spectral radius of D).  A drop
    below 10^-(digits - 10) by more than ``digits // 2`` digits in one step is read as
    nilpotency; a non-zero rho below 10^-(digits/2) would be misread.  Used for
    lambda_2 = 0 of transfer matrices (:mod:`symrg.lattice.transfer`) and of wide
    chains (:mod:`symrg.width.chain`), with D = T/lambda_1 minus the Perron projector.
    """
    floor = mpmath.mpf(10) ** (-(digits - 10))
    jump = mpmath.mpf(10) ** (-(digits // 2))
    previous, v = mpmath.mpf(1), start
    for _ in range(n + 1):
        v = apply(v)
        current = size(v)
        if current <= floor:
            return current <= previous * jump
        previous = current
    return False


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


def _int_text(n) -> str:
    """Decimal digits of an integer of any size (gmpy2; ``str`` stops at 4300 digits)."""
    n = int(n)
    if abs(n) < 10 ** 4000:
        return str(n)
    return int_digits(n)


def rational_text(value) -> str:
    """``"p/q"`` (or ``"p"``) of an exact rational, as ``str`` prints it, at any size.

    Examples
    --------
    >>> import sympy
    >>> rational_text(sympy.Rational(-2, 3)), rational_text(sympy.Integer(7))
    ('-2/3', '7')
    >>> len(rational_text(sympy.Rational(10**5000 + 1, 3)))
    5003
    """
    p, q = int(value.p), int(value.q)
    return _int_text(p) if q == 1 else f"{_int_text(p)}/{_int_text(q)}"


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
        return rational_text(value)
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


def latex_decimal(value, digits: int = 8) -> str:
    r"""A real number (mpmath, sympy or a decimal string) as LaTeX math, rounded.

    Exponents print as ``\times 10^{k}``, never as ``e-5``; infinities as ``\infty``.

    Examples
    --------
    >>> latex_decimal("0.000001234567", 3), latex_decimal(mpmath.mpf(2) / 3, 4)
    ('1.23\\times 10^{-6}', '0.6667')
    >>> latex_decimal("inf")
    '\\infty'
    """
    with mpmath.workdps(digits + 10):
        if isinstance(value, str):
            x = mpmath.mpf(value)
        elif isinstance(value, sympy.Basic):
            x = mpmath.mpf(sympy.N(value, digits + 10))
        else:
            x = mpmath.mpf(value)
        if mpmath.isinf(x):
            return r"\infty" if x > 0 else r"-\infty"
        shown = mpmath.nstr(x, digits, min_fixed=-4, max_fixed=digits + 1)
    mantissa, _, exponent = shown.lower().partition("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}" if exponent else mantissa
