"""``symrg flow``: an RG trajectory from the command line (table and optional plot).

Starting couplings follow the shared K against e^K convention: ``A=0.5`` sets the
coupling K_A = 1/2, ``exp_A=3`` sets e^{K_A} = 3; a coupling left out of ``--from``
is K = 0 (e^K = 1).  The trajectory is iterated by :func:`symrg.rg.flow.rg_trajectory`
in the coordinates ``exp_<name>`` (x = e^K, Eq. 33 of Lee, Lee & Yi), numerically at
``digits`` significant digits (mpmath, 50 by default), or exactly with ``exact=True``
(``--exact``; heights of exact values grow about p-fold per step).  The table shows
the ``exp_<name>`` columns, which stay meaningful at fictitious (negative or complex)
points where K itself is complex.
"""

import sympy

from .errors import ModelError
from .model.network import Model
from .model.values import parse_value
from .rg.couplings import coupling_basis
from .rg.flow import MAX_EXACT_DIGITS, rg_trajectory
from .text.summary import format_number, wrap

__all__ = ["parse_start", "run_flow", "trajectory_table", "plot_trajectory", "plot_stem",
           "check_plot_target", "check_flow_work", "FLOW_WORK_FACTOR", "MAX_EXACT_DIGITS"]

#: Precision of ``symrg flow`` unless ``--exact`` is given.
DEFAULT_FLOW_DIGITS = 50


def parse_start(model: Model, text: str) -> dict:
    """``"A=1/2,exp_B=3"`` -> ``{"exp_A": e^(1/2), "exp_B": 3, ...}`` (exact sympy values).

    Couplings not named are K = 0 (``exp_<name>`` = 1).

    Raises
    ------
    ModelError
        Malformed items, unknown or repeated couplings.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> parse_start(paper_model(), "exp_A=3")
    {'exp_A': 3, 'exp_B': 1, 'exp_C': 1}
    """
    names = coupling_basis(model).names
    out = {}
    for item in (t.strip() for t in text.split(",") if text.strip()):
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
    return {f"exp_{n}": out.get(f"exp_{n}", sympy.Integer(1)) for n in names}


def _value(text, key):
    """An exact number of ``--from``, with the bounds of model-file numbers
    (:func:`symrg.model.values.parse_value`: at most ``MAX_DIGITS`` digits written out)."""
    return parse_value(text, f"--from {key}")


def _trajectory(model, start, steps, digits, exact, bar):
    return rg_trajectory(model, start, steps, exact=exact,
                         digits=digits or DEFAULT_FLOW_DIGITS, bar=bar)


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
    """e^{K} of every coupling against the step (PDF + PNG at ``stem``;
    :func:`symrg.plots.flows.plot_steps`: one axes up to 6 couplings, small multiples beyond)."""
    from .plots import save_figure
    from .plots.flows import plot_steps
    return save_figure(plot_steps(points, names), stem)


def run_flow(model: Model, start: dict, steps: int, *, digits=None, exact: bool = False,
             plot=None, width: int = 100, bar=None) -> str:
    """Iterate from ``start`` (``exp_<name>`` keys) and return the table; plot if asked.

    Numeric at ``digits`` (default :data:`DEFAULT_FLOW_DIGITS`) unless ``exact``;
    ``bar`` is a progress-bar factory advanced once per step.
    """
    if exact and digits is not None:
        raise ModelError("--exact iterates exactly; it takes no --digits")
    names = coupling_basis(model).names
    points = _trajectory(model, start, steps, digits, exact, bar)
    text = trajectory_table(points, names, width, digits or DEFAULT_FLOW_DIGITS)
    if plot:
        written = plot_trajectory(points, names, plot_stem(plot))
        text += "\n" + "\n".join(f"plot: {path}" for path in written.values())
    return text


# -- checks before any work (issue 22) ------------------------------------------------
#: Numeric flows: steps x bond-weight entries at most this many times ``--max-states``.
FLOW_WORK_FACTOR = 100


def plot_stem(plot):
    """The stem of ``--plot FILE``: FILE without a ``.pdf``/``.png`` suffix."""
    from pathlib import Path
    stem = Path(plot)
    return stem.with_suffix("") if stem.suffix.lower() in (".pdf", ".png") else stem


def check_plot_target(plot):
    """Check ``--plot`` and the files made from it (STEM.pdf, STEM.png) before any work.

    Raises
    ------
    ReportError
        Empty path, a device, FIFO or directory, an unwritable place; the message
        names the path given.
    """
    from .report.io import check_output_stem
    if str(plot) == "":
        return check_output_stem("", option="--plot")
    return check_output_stem(str(plot_stem(plot)), option="--plot")


def check_flow_work(model: Model, start: dict, steps: int, digits=None,
                    max_states: int = None, *, exact: bool = False) -> None:
    """Refuse, in closed form and before any work, a flow whose total work is too large.

    ``exact`` is ``--exact`` (exact iteration; it takes no ``digits``).

    * Numerical iteration: each step costs about one pass over the bond-weight
      matrix (``E`` entries ``|V_h|^(NL) |sigma|^(NL)``), so ``steps * entries`` is
      bounded by :data:`FLOW_WORK_FACTOR` times ``max_states``.
    * Exact iteration: the RG map is a rational map of degree about p = ``scale`` in
      e^K, so the digits of the numbers grow about p-fold per step.  The estimate
      ``(d0 + 4 c) p^steps`` (d0: digits of the start, c: couplings) lies above the
      digits reached on the models measured (paper's model at p = 2 and 3: 2, 6, 12,
      26, ..., 916 after 8 steps; 2, 8, 30, ..., 868 after 5) and is bounded by
      :data:`MAX_EXACT_DIGITS`.

    Raises
    ------
    ModelTooLargeError
        Naming the estimate, the limit and what to change (``--steps``,
        ``--max-states``, ``--digits``).
    """
    import math
    from .errors import ModelTooLargeError
    from .model.network import DEFAULT_MAX_STATES
    max_states = max_states or DEFAULT_MAX_STATES
    if exact and digits is not None:
        raise ModelError("--exact iterates exactly; it takes no --digits")
    if exact:
        d0 = max([len(str(abs(r.p))) + len(str(r.q)) for v in start.values()
                  for r in sympy.sympify(v).atoms(sympy.Rational)] + [1])
        log_digits = math.log10(d0 + 4 * len(start)) + steps * math.log10(model.scale)
        if log_digits > math.log10(MAX_EXACT_DIGITS):
            raise ModelTooLargeError(
                f"flow: exact iteration of {steps:,} steps would reach numbers of about "
                f"10^{int(log_digits):,} digits (more than {MAX_EXACT_DIGITS:,}); drop "
                f"--exact for a numerical flow (--digits D), or give fewer --steps")
        return
    entries = (len(model.h_values) * len(model.sigma_values)) ** model.sites
    work, limit = steps * entries, FLOW_WORK_FACTOR * max_states
    if work > limit:
        raise ModelTooLargeError(
            f"flow: {steps:,} steps x {entries:,} bond weights = {work:,}, above the limit "
            f"{limit:,} ({FLOW_WORK_FACTOR} x --max-states); use fewer --steps or raise "
            f"--max-states")
