"""``symrg flow``: an RG trajectory from the command line (table and optional plot).

Starting couplings follow the shared K against e^K convention: ``A=0.5`` sets the
coupling K_A = 1/2, ``exp_A=3`` sets e^{K_A} = 3.  The trajectory is iterated by
:func:`symrg.rg.flow.rg_trajectory` in the coordinates ``exp_<name>`` (x = e^K, Eq. 33
of Lee, Lee & Yi): exactly when every starting e^K is rational and no ``digits`` is
given, else at ``digits`` significant digits (50 by default).  The table shows the
``exp_<name>`` columns, which stay meaningful at fictitious (negative or complex)
points where K itself is complex.
"""

import sympy

from .errors import ModelError
from .model.network import Model
from .model.values import parse_value
from .rg.couplings import coupling_basis
from .rg.flow import rg_trajectory
from .text.summary import format_number, wrap

__all__ = ["parse_start", "run_flow", "trajectory_table", "plot_trajectory"]

#: Precision of ``symrg flow`` when the start is not exactly rational in e^K.
DEFAULT_FLOW_DIGITS = 50


def parse_start(model: Model, text: str) -> dict:
    """``"A=1/2,exp_B=3"`` -> ``{"exp_A": e^(1/2), "exp_B": 3}`` (exact sympy values).

    Raises
    ------
    ModelError
        Malformed items, unknown or repeated couplings, or a missing coupling.
    """
    names = coupling_basis(model).names
    out = {}
    for item in (t.strip() for t in text.split(",")):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key or not value.strip():
            raise ModelError(f"--from: expected NAME=value items separated by commas, "
                             f"got {item!r}")
        name = key[4:] if key.startswith("exp_") else key
        if name not in names:
            raise ModelError(f"--from: unknown coupling {key!r}; expected one of "
                             f"{', '.join(names)} (K) or exp_<name> (e^K)")
        if f"exp_{name}" in out:
            raise ModelError(f"--from: coupling {name} given twice")
        number = _value(value.strip(), key)
        out[f"exp_{name}"] = number if key.startswith("exp_") else sympy.exp(number)
    missing = [n for n in names if f"exp_{n}" not in out]
    if missing:
        raise ModelError(f"--from: missing a value for {missing[0]} (or exp_{missing[0]})")
    return {f"exp_{n}": out[f"exp_{n}"] for n in names}


def _value(text, key):
    try:
        return parse_value(text, f"--from {key}")
    except ModelError:
        try:
            return sympy.Rational(text)
        except (TypeError, ValueError):
            raise ModelError(f"--from {key}: expected a number such as 1/2 or 0.25, "
                             f"got {text!r}") from None


def _trajectory(model, start, steps, digits):
    exact = digits is None and all(v.is_Rational for v in start.values())
    return rg_trajectory(model, start, steps, exact=exact,
                         digits=digits or DEFAULT_FLOW_DIGITS)


def trajectory_table(points, names, width: int = 100, digits: int = 15) -> str:
    """A table ``step | exp_<name> ...``; one block per step when it is wider than ``width``."""
    header = ["step"] + [f"exp_{n}" for n in names]
    rows = [[str(k)] + [_show(p[f"exp_{n}"], digits) for n in names] for k, p in enumerate(points)]
    widths = [max(len(r[c]) for r in [header] + rows) for c in range(len(header))]
    if sum(widths) + 2 * (len(widths) - 1) <= width:
        line = lambda r: "  ".join(v.rjust(w) for v, w in zip(r, widths)).rstrip()
        return "\n".join([line(header)] + [line(r) for r in rows])
    lines = []
    for row in rows:
        lines.append(f"step {row[0]}:")
        for h, v in zip(header[1:], row[1:]):
            lines += wrap(f"{h} = {v}", width, "  ")
    return "\n".join(lines)


def _show(value, digits):
    """Exact values as ``p/q``; numerical ones (mpmath) with ``digits`` significant digits."""
    from .numerics import json_number
    if isinstance(value, sympy.Basic) and value.is_Rational:
        return str(value)
    return format_number(json_number(value, digits), digits)


def plot_trajectory(points, names, stem):
    """Line plot of every real ``exp_<name>`` against the step (PDF + PNG at ``stem``)."""
    from .plots import figure, save_figure
    fig, ax = figure(figsize=(5, 3.2))
    steps = list(range(len(points)))
    for n in names:
        values = [sympy.sympify(p[f"exp_{n}"]) for p in points]
        if all(v.is_real for v in values):
            ax.plot(steps, [float(v) for v in values], marker="o", label=f"$e^{{{n}}}$")
    ax.set_xlabel("RG step")
    ax.set_ylabel("$e^{K}$")
    if ax.lines:
        ax.legend()
    return save_figure(fig, stem)


def run_flow(model: Model, start: dict, steps: int, *, digits=None, plot=None,
             width: int = 100) -> str:
    """Iterate from ``start`` (``exp_<name>`` keys) and return the table; plot if asked."""
    names = coupling_basis(model).names
    points = _trajectory(model, start, steps, digits)
    text = trajectory_table(points, names, width, digits or DEFAULT_FLOW_DIGITS)
    if plot:
        from pathlib import Path
        stem = Path(plot)
        stem = stem.with_suffix("") if stem.suffix.lower() in (".pdf", ".png") else stem
        written = plot_trajectory(points, names, stem)
        text += "\n" + "\n".join(f"plot: {path}" for path in written.values())
    return text
