"""Record numbers -> floats for plotting (figures are drawn from the JSON record)."""

from fractions import Fraction

__all__ = ["to_float", "floats"]


def to_float(value):
    """A record number as a float; ``None`` for null, complex or unparseable values.

    Accepts what :func:`symrg.numerics.json_number` writes (ints, floats, ``"p/q"``,
    decimal strings, ``"inf"``/``"-inf"``, ``{"re", "im"}``) and the older ``"-oo"`` and
    ``"re+imj"`` strings.  A complex value with a zero imaginary part is its real part.

    Examples
    --------
    >>> to_float("-2/3")
    -0.6666666666666666
    >>> to_float({"re": "0.5", "im": "0"})
    0.5
    >>> to_float("1+2j") is None
    True
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        im = to_float(value.get("im", 0))
        return to_float(value.get("re")) if im == 0 else None
    text = str(value).strip()
    text = {"oo": "inf", "-oo": "-inf", "+oo": "inf"}.get(text, text)
    try:
        return float(Fraction(text)) if "/" in text else float(text)
    except (ValueError, ZeroDivisionError):
        pass
    try:
        z = complex(text.replace(" ", ""))
    except ValueError:
        return None
    return z.real if z.imag == 0 else None


def floats(values):
    """:func:`to_float` of each value (a list, ``None`` where not a real number)."""
    return [to_float(v) for v in values]
