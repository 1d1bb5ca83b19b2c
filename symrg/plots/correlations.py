"""Correlation functions G_h(r) (Eq. 35) and the Monte Carlo comparison of Fig. 7."""

import math

from .core import figure
from .style import styled
from .values import floats

__all__ = ["plot_correlations", "plot_montecarlo"]


def _positive(rs, values):
    return [(r, v) for r, v in zip(rs, values) if v is not None and v > 0 and math.isfinite(v)]


def _log_range(ax, values):
    """A y-range of at least two decades around positive values (never empty)."""
    if not values:
        return
    lo, hi = min(values), max(values)
    lo = min(lo, hi / 100)
    ax.set_ylim(lo / 3, hi * 3)


@styled
def plot_correlations(section, *, max_r: int = 15, labels=None):
    """Semilog plot of the exact G_h(r) of a ``correlations`` record section.

    Values that are zero (or negative) cannot be drawn on a log axis; they are
    listed in the legend as such.  A single point still gets a visible marker and a
    y-range of two decades.
    """
    fig, ax = figure()
    rs = [r for r in section["r"] if r <= max_r]
    shown = []
    names = {"G_dna": "DNA", "G_plain": "plain network", **(labels or {})}
    for key, style in (("G_dna", dict(marker="o", color="tab:blue")),
                       ("G_plain", dict(marker="s", color="tab:red"))):
        if section.get(key) is None:
            continue
        label = names[key]
        pts = _positive(rs, floats(section[key][:len(rs)]))
        dropped = len(rs) - len(pts)
        if dropped:
            label += f" ({dropped} zero value{'s' if dropped > 1 else ''} not drawn)"
        if pts:
            ax.plot(*zip(*pts), ls="-", lw=1, ms=5, label=label, **style)
            shown.extend(v for _, v in pts)
        else:
            ax.plot([], [], ls="none", label=label, **style)
    ax.set_yscale("log")
    _log_range(ax, shown)
    ax.set_xlim(-0.5, max(rs + [1]) + 0.5)
    ax.set_xlabel(r"$r = |m - n|$")
    ax.set_ylabel(r"$G_h(r)$")
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
