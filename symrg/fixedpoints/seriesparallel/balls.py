"""Conversions of arb/acb balls (python-flint) to mpmath numbers and decimal text."""

import flint
import mpmath

__all__ = ["to_mpmath", "ball_text", "digits_certified"]


def _arb_mid(x):
    man, exp = x.mid().man_exp()
    return mpmath.mpf((int(man), int(exp)))


def to_mpmath(x):
    """The midpoint of an arb or acb ball as mpmath mpf/mpc (exact binary value)."""
    if isinstance(x, flint.arb):
        return _arb_mid(x)
    if x.imag == 0:
        return _arb_mid(x.real)
    return mpmath.mpc(_arb_mid(x.real), _arb_mid(x.imag))


def ball_text(x, digits: int) -> str:
    """``x`` to ``digits`` significant digits, ``re+imj`` for complex, ``0`` for zero.

    Examples
    --------
    >>> ball_text(flint.acb(1, -2) / 3, 5)
    '0.33333-0.66667j'
    >>> ball_text(flint.arb(0), 5)
    '0'

    A ball that contains 0 prints as ``0`` (zero to the working precision).
    """
    if isinstance(x, flint.arb):
        x = flint.acb(x)
    if x.contains(0):
        return "0"
    with mpmath.workdps(digits + 10):
        v = to_mpmath(x)
        if isinstance(v, mpmath.mpc):
            im = mpmath.nstr(v.imag, digits, strip_zeros=False)
            return (f"{mpmath.nstr(v.real, digits, strip_zeros=False)}"
                    f"{'' if im.startswith('-') else '+'}{im}j")
        return "0" if v == 0 else mpmath.nstr(v, digits, strip_zeros=False)


def digits_certified(x, digits: int) -> bool:
    """True when the ball's radius is below 10^-(digits + 2) times max(1, |x|)."""
    scale = max(1.0, float(abs(x).mid()))
    return float(x.rad()) <= scale * 10.0 ** (-digits - 2) or x.rad() == 0
