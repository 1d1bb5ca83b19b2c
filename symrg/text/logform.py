"""Exact couplings K = ln(weight ratios) as collected combinations of logs of primes.

A sample point of a fixed-point family has rational (or, for p = 2, sign-carrying
rational) weights, so each coupling is K = sum_o c_o ln(w_o) with rational c_o
(Eq. 26 of Lee, Lee & Yi inverted).  sympy keeps such a value as a sum of logs of
arbitrary rationals, ``-7*log(2)/12 - log(9)/6 + log(12)/12 + 11*I*pi/12``; with
every argument factored into primes it becomes

    K = a_0 + sum_q a_q ln q + a_pi i pi,     q prime, a rational,

which is what :func:`log_form` returns (``None`` when the value is not of this
shape).  :func:`log_form_text` writes it as sympy text in a fixed order (the record's
``sample_exact``, equal to the value as an exact identity), :func:`log_form_latex` as
LaTeX with ``\\ln``, and :func:`terminal_text` turns that record text into the
terminal form ``-7/12 ln 2 + 3/4 ln 3 + 11/12 i pi``.
"""

import re
from functools import lru_cache
from typing import Optional

import sympy

__all__ = ["log_form", "log_form_text", "log_form_latex", "terminal_text", "MAX_FACTORED"]

#: Largest numerator or denominator of a log argument that is split into primes
#: (trial division and Pollard rho end quickly below it); larger ones give no log form.
MAX_FACTORED = 10 ** 40


@lru_cache(maxsize=4096)
def _prime_factors(n: int) -> tuple:
    """``sympy.factorint(n)`` as (prime, multiplicity) pairs, cached: the couplings of one
    sample point are logs of the same few weights (factoring them again for every coupling
    was 10 % of the fixed-point section of hardtanh_L2_p3)."""
    return tuple(sympy.factorint(n).items())


def _add_logs(logs: dict, number: sympy.Rational, coefficient: sympy.Rational) -> None:
    """logs[q] += coefficient * (multiplicity of prime q in the positive rational)."""
    for prime, k in _prime_factors(int(number.p)):
        logs[prime] = logs.get(prime, 0) + coefficient * k
    for prime, k in _prime_factors(int(number.q)):
        logs[prime] = logs.get(prime, 0) - coefficient * k


def log_form(value) -> Optional[dict]:
    """``{"constant": a_0, "logs": {q: a_q}, "pi_i": a_pi}`` of an exact value, or None.

    None when the value is not a rational combination of 1, i pi and logs of rationals,
    or when a log argument is beyond :data:`MAX_FACTORED`.

    Examples
    --------
    >>> import sympy
    >>> x = -sympy.log(9) / 6 + sympy.log(sympy.Rational(12, 7)) / 12 + sympy.I * sympy.pi
    >>> log_form(x)
    {'constant': 0, 'logs': {2: 1/6, 3: -1/4, 7: -1/12}, 'pi_i': 1}
    """
    form = _cached_log_form(sympy.sympify(value))
    return None if form is None else {**form, "logs": dict(form["logs"])}


@lru_cache(maxsize=2048)
def _cached_log_form(value):
    """:func:`log_form`, cached (a record asks for the same coupling's form up to three
    times: its JSON number, its exact text and its LaTeX); callers get copies."""
    form = _collect(value)
    # point_couplings writes K as a flat sum c ln(w) (+ c i pi): collected as it stands;
    # any other shape is expanded first (sympy.expand was 14 % of the fixed-point
    # section of hardtanh_L2_p3, 143 families, on values that were flat already)
    return form if form is not None else _collect(sympy.expand(value))


def _collect(value) -> Optional[dict]:
    """:func:`log_form` of a value whose terms are each ``c``, ``c i pi`` or ``c ln(x)``
    (c, x rational), or None."""
    constant, pi_i, logs = sympy.Integer(0), sympy.Integer(0), {}
    for term in sympy.Add.make_args(value):
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            return None
        if rest == 1:
            constant += coefficient
        elif rest == sympy.I * sympy.pi:
            pi_i += coefficient
        elif isinstance(rest, sympy.log) and rest.args[0].is_Rational and rest.args[0] != 0:
            arg = rest.args[0]
            if max(abs(arg.p), arg.q) > MAX_FACTORED:   # factorint would not end
                return None
            if arg < 0:                                  # principal log: ln|x| + i pi
                pi_i += coefficient
            _add_logs(logs, abs(arg), coefficient)
        else:
            return None
    return {"constant": constant, "logs": {q: a for q, a in sorted(logs.items()) if a != 0},
            "pi_i": pi_i}


def _terms(form):
    """(coefficient, atom) pairs in print order: constant, ln 2, ln 3, ..., i pi."""
    out = [(form["constant"], None)] if form["constant"] != 0 else []
    out += [(a, q) for q, a in form["logs"].items()]
    if form["pi_i"] != 0:
        out.append((form["pi_i"], "pi_i"))
    return out


def _join(pieces) -> str:
    """Signed pieces ``(negative, text)`` joined as ``a - b + c``."""
    if not pieces:
        return "0"
    first_negative, first = pieces[0]
    text = ("-" if first_negative else "") + first
    for negative, piece in pieces[1:]:
        text += (" - " if negative else " + ") + piece
    return text


def log_form_text(form: dict) -> str:
    """sympy text of a log form, every coefficient explicit: ``-5/2*log(2) + 3/2*I*pi``.

    Examples
    --------
    >>> import sympy
    >>> log_form_text(log_form(sympy.log(sympy.Rational(4, 3)) / 2 - sympy.I * sympy.pi))
    '1*log(2) - 1/2*log(3) - 1*I*pi'
    """
    pieces = []
    for a, atom in _terms(form):
        mag = str(abs(a))
        text = mag if atom is None else f"{mag}*I*pi" if atom == "pi_i" else f"{mag}*log({atom})"
        pieces.append((a < 0, text))
    return _join(pieces)


def log_form_latex(form: dict) -> str:
    r"""LaTeX of a log form: ``-\frac{5}{2} \ln 2 + \frac{3}{2} \pi i``.

    Examples
    --------
    >>> import sympy
    >>> print(log_form_latex(log_form(-sympy.log(12) / 4 + 3 * sympy.I * sympy.pi)))
    - \frac{1}{2} \ln 2 - \frac{1}{4} \ln 3 + 3 \pi i
    """
    pieces = []
    for a, atom in _terms(form):
        mag = abs(a)
        coefficient = "" if mag == 1 and atom is not None else sympy.latex(mag)
        unit = "" if atom is None else r"\pi i" if atom == "pi_i" else rf"\ln {atom}"
        pieces.append((a < 0, f"{coefficient} {unit}".strip()))
    return _join(pieces).replace("-", "- ", 1) if pieces and pieces[0][0] else _join(pieces)


_TERM = re.compile(r"(\d+(?:/\d+)?)(?:\*log\((\d+)\)|\*I\*pi)?")


def terminal_text(text: str) -> Optional[str]:
    """``-5/2*log(2) + 3/2*I*pi`` (a :func:`log_form_text`) -> ``-5/2 ln 2 + 3/2 i pi``.

    Returns None for text that is not a log form.

    Examples
    --------
    >>> terminal_text("1*log(2) - 1/2*log(3) - 1*I*pi")
    'ln 2 - 1/2 ln 3 - i pi'
    """
    pieces = []
    for k, chunk in enumerate(re.split(r" (?=[+-] )", str(text).strip())):
        sign, body = ("-", chunk[1:].strip()) if chunk.startswith("-") else \
            ("+", chunk[1:].strip() if chunk.startswith("+") else chunk)
        m = _TERM.fullmatch(body)
        if m is None:
            return None
        mag, prime = m.group(1), m.group(2)
        if body.endswith("*I*pi"):
            unit = "i pi"
        elif prime is not None:
            unit = f"ln {prime}"
        else:
            unit = ""
        word = (f"{mag} {unit}" if mag != "1" else unit) if unit else mag
        pieces.append((sign == "-", word))
    return _join(pieces)
