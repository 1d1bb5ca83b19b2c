"""Exact numbers in a model: integers, rationals and decimals parsed with bounded digits.

Every number of a model file goes through :func:`parse_value`, which bounds its digits
(:data:`symrg.model.loader.MAX_DIGITS`) before any conversion.
"""

import math
import re

import sympy

from ..errors import ModelError
from .loader import MAX_DIGITS, quote

__all__ = ["parse_value"]

_RATIONAL = re.compile(r"^\s*[+-]?\d+(\s*/\s*\d+)?\s*$")
_DECIMAL = re.compile(r"^\s*[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\s*$")
def parse_value(value, where: str) -> sympy.Rational:
    """Parse an integer, a rational string such as ``"1/2"`` or a decimal exactly.

    Every number is bounded by its number of digits (:data:`MAX_DIGITS` for an
    integer, a numerator, a denominator, or a decimal written out), checked before
    any conversion, so no literal reaches Python's int-string limit and
    ``"1e999999999"`` is refused at once.

    Parameters
    ----------
    value : int, float, str or sympy.Rational
    where : str
        Field name used in the error message.

    Raises
    ------
    ModelError
        When the value is not a finite number or has too many digits.

    Examples
    --------
    >>> parse_value("-3/4", "values.h")
    -3/4
    >>> parse_value(0.5, "values.h")
    1/2
    """
    if isinstance(value, bool):
        raise ModelError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, (int, sympy.Integer, sympy.Rational)):
        value = sympy.Rational(value)
        _check_digits(value.p, where, value)
        _check_digits(value.q, where, value)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ModelError(f"{where}: expected a finite number, got {value!r}")
        value = repr(value)
    if isinstance(value, str):
        return _parse_number_text(value, where)
    raise ModelError(f"{where}: expected an integer or a rational such as \"1/2\", "
                     f"got {quote(value)}")


def _check_digits(n: int, where, shown):
    if n.bit_length() > 3 * MAX_DIGITS and abs(n) >= 10 ** MAX_DIGITS:
        raise ModelError(f"{where}: number with more than {MAX_DIGITS} digits "
                         f"({quote(shown) if isinstance(shown, str) else 'an integer'}); "
                         f"numbers may have at most {MAX_DIGITS} digits")


def _parse_number_text(value: str, where) -> sympy.Rational:
    text = value.strip()
    if len(text) > 4 * MAX_DIGITS:
        raise ModelError(f"{where}: number {quote(value)} is longer than {4 * MAX_DIGITS} "
                         f"characters; numbers may have at most {MAX_DIGITS} digits")
    match = _RATIONAL.match(text)
    if match:
        num, _, den = text.partition("/")
        for part in (num, den):
            if len(part.strip().lstrip("+-")) > MAX_DIGITS:
                raise ModelError(f"{where}: {quote(value)} has more than {MAX_DIGITS} "
                                 f"digits in a numerator or denominator (the limit)")
        if den and int(den) == 0:
            raise ModelError(f"{where}: division by zero in {quote(value)}")
        return sympy.Rational(int(num), int(den) if den else 1)
    match = _DECIMAL.match(text)
    if match:
        mantissa, exponent = match.group(1), match.group(2) or "e0"
        exponent = exponent[1:]
        digits = len(mantissa.replace(".", "").lstrip("0")) or 1
        if len(exponent.lstrip("+-")) > 6 or digits + abs(int(exponent)) > MAX_DIGITS:
            raise ModelError(f"{where}: {quote(value)} has more than {MAX_DIGITS} digits "
                             f"written out (the limit for numbers)")
        return sympy.Rational(text)
    raise ModelError(f"{where}: expected an integer or a rational such as \"1/2\", "
                     f"got {quote(value)}")
