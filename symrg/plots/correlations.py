"""Correlation functions G_h(r) (Eq. 35) and the Monte Carlo comparison of Fig. 7."""

import math

from .core import figure
from .style import styled
from .values import floats

__all__ = ["plot_correlations", "plot_montecarlo"]


def _split(rs, values):
    """``(positive, negative, zero)``: (r, |G|) points by sign, and the r where G = 0."""
    pos, neg, zero = [], [], []
    for r, v in zip(rs, values):
        if v is None or not math.isfinite(v):
            continue
        (pos if v > 0 else neg if v < 0 else zero).append((r, abs(v)) if v else r)
    return pos, neg, zero


def _zero_note(zero, rs) -> str:
    """``G_h = 0 for r >= 1`` or ``3 zeros`` (exact zeros cannot sit on a log axis)."""
    if not zero:
        return ""
    tail = [r for r in rs if r >= zero[0]]
    if zero == tail:
        where = "at every $r$" if zero[0] == rs[0] else rf"for $r \geq {zero[0]}$"
        return f"$G_h = 0$ {where}, not drawn"
    return f"{len(zero)} exact zero{'s' if len(zero) > 1 else ''} not drawn"


def _log_range(ax, values):
    """A y-range of at least two decades around positive values (never empty)."""
    if not values:
        return
    lo, hi = min(values), max(values)
    lo = min(lo, hi / 100)
    ax.set_ylim(lo / 3, hi * 3)


@styled
def plot_correlations(section, *, max_r: int = 15, labels=None):
    """Semilog plot of |G_h(r)| of a ``correlations`` record section (exact, Eq. 35).

    Every non-zero value is drawn at its magnitude: filled markers where G_h > 0, open
    ones where G_h < 0.  Exact zeros cannot sit on a log axis; the legend says where
    they are.  A single point still gets a visible marker and two decades of range.
    """
    fig, ax = figure()
    rs = [r for r in section["r"] if r <= max_r]
    shown = []
    names = {"G_dna": "DNA", "G_plain": "plain network", **(labels or {})}
    for key, style in (("G_dna", dict(marker="o", color="tab:blue")),
                       ("G_plain", dict(marker="s", color="tab:red", ls="--"))):
        if section.get(key) is None:
            continue
        pos, neg, zero = _split(rs, floats(section[key][:len(rs)]))
        notes = ["open: $G_h < 0$"] if neg else []
        notes += [_zero_note(zero, rs)] if zero else []
        label = names[key] + (f" ({'; '.join(notes)})" if notes else "")
        line = sorted(pos + neg)
        kw = {"ls": style.get("ls", "-"), "color": style["color"], "lw": 1}
        if line:
            ax.plot(*zip(*line), **kw)
            shown.extend(v for _, v in line)
        marker = {"marker": style["marker"], "color": style["color"], "ms": 5, "ls": "none"}
        if pos:
            ax.plot(*zip(*pos), **marker)
        if neg:
            ax.plot(*zip(*neg), mfc="white", **marker)
        ax.plot([], [], label=label, **{**kw, **{k: v for k, v in marker.items() if k != "ls"}})
    ax.set_yscale("log")
    _log_range(ax, shown)
    ax.set_xlim(-0.5, max(rs + [1]) + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(r"$r = |m - n|$")
    ax.set_ylabel(r"$|G_h(r)|$")
    ax.legend(loc="best")
    return fig


def _errorbars(ax, rs, values, errors, **style):
    pts = [(r, v, e) for r, v, e in zip(rs, floats(values), floats(errors))
           if v is not None and e is not None]
    if pts:
        r, v, e = zip(*pts)
        ax.errorbar(r, v, yerr=e, ls="none", capsize=2, ms=4, **style)


@styled
def plot_montecarlo(section):
    """Fig. 7 comparison: exact G_h(r) (lines) against Monte Carlo (points with errors)."""
    fig, ax = figure(figsize=(5.6, 3.6))
    rs = list(section["r"])
    if section.get("G_exact_plain") is not None:
        ax.plot(rs, floats(section["G_exact_plain"]), "-", color="tab:red", lw=1.4,
                label="plain network, exact")
        _errorbars(ax, rs, section["G_mc_plain"], section["G_mc_plain_err"], marker="o",
                   color="tab:red", mfc="none", label="plain network, Monte Carlo")
    ax.plot(rs, floats(section["G_exact"]), "--", color="tab:blue", lw=1.4, label="DNA, exact")
    _errorbars(ax, rs, section["G_mc"], section["G_mc_err"], marker="s", color="tab:blue",
               mfc="none", label="DNA, Monte Carlo")
    plateau = (section.get("paper_fig7") or {}).get("plateau_plain")
    if plateau is not None:
        ax.axhline(floats([plateau])[0], color="gray", ls=":", lw=1.4,
                   label="Fig. 7: plain plateau (read off)")
    ax.set_xlim(-0.5, max(rs) + 0.5)
    ax.set_xlabel(r"distance between neurons $r = |m - n|$")
    ax.set_ylabel(r"correlation function $G_h(r)$")
    ax.legend(loc="best")
    return fig
