"""Estimated CPU seconds of every stage of a derivation, and the plan a budget allows (issue 18).

A whole derivation (``symrg derive``, ``symrg report``, scans) runs the stages of
:data:`STAGES`.  Each stage's cost is estimated, before it runs, by a power law in a
*work* figure made of the model's sizes (:func:`stage_work`), plus a second one for a stage
with two parts that grow with different sizes::

    seconds(stage) = base + c * work ** a (+ c2 * work2 ** a2)           (STAGE_COSTS)

The sizes are known before any work (:func:`stage_sizes`: couplings C, h- and
sigma-configurations H and S of one layer, depth ratio p, the common denominator D of the
exponents of u) except two counts known only once cheap work is done: the number T of
exponentials in the partial sums of the RG map (Eq. 24-25), bounded before the map is
built (:func:`estimated_terms`) and known exactly after, and the number K of components of
the fixed-point classification (:func:`symrg.fixedpoints.classify.symmetric_components`:
one sample point, linearisation and family entry each; block ranks of the count matrix,
0.01 CPU s at C = 44), roughly figured before it is known (:func:`estimated_components`).
The constants were fitted on measured runs (``benchmarks/bench_derive_stages.py``:
log-log least squares, shifted up to cover every run), so a faster implementation of a
stage only changes its line of :data:`STAGE_COSTS`.

:func:`plan_derivation` spends a budget of CPU seconds (:data:`DEFAULT_BUDGET`, scaled by
``max_states / DEFAULT_MAX_STATES`` like every other limit): the stages every record needs
(:data:`REQUIRED`: the RG map, the decimation and the written record) are taken from it
first, and a model is refused, in one line listing the estimate of every stage and how to
raise the budget, only when the RG map alone does not fit; the optional stages then get
what is left in the order of :data:`PRIORITY`, and a stage that does not fit is skipped
with its reason (the rest of the record is written).
"""

import math
from dataclasses import dataclass, field
from typing import Mapping, Optional

from ..errors import ModelTooLargeError
from .network import DEFAULT_MAX_STATES, _exponent_denominator, coupling_count

__all__ = ["STAGES", "REQUIRED", "PRIORITY", "STAGE_LABELS", "StageCost", "STAGE_COSTS",
           "DEFAULT_BUDGET", "MAP_BUILD", "stage_sizes", "estimated_terms",
           "estimated_components", "stage_work",
           "estimates_from_sizes", "stage_estimates", "Plan", "plan_derivation",
           "budget_seconds", "check_derivation_size", "TYPE_STAGE_COSTS", "plan_types"]

#: Stages of a derivation, in the order :func:`symrg.records.derive.derive_record` runs them.
STAGES = ("rg_map", "decimation", "network", "fixed_points", "flows", "correlations", "report")
#: Stages every record needs (a model is refused only when the RG map alone is over the
#: budget; the others are taken from the budget first).
REQUIRED = ("rg_map", "decimation", "report")
#: Optional stages in the order they get the budget left (``flows``: the flow fields and
#: their landmarks inside the fixed-point section, run only with ``fixed_points``).
PRIORITY = ("fixed_points", "correlations", "network", "flows")
STAGE_LABELS = {"rg_map": "RG map", "decimation": "decimation", "network": "network",
                "fixed_points": "fixed points", "flows": "flow fields",
                "correlations": "correlations", "report": "record and summary"}

#: Default budget of a derivation in CPU seconds (``--budget``); the estimates lie above
#: the measured times, so a derivation planned within it ends well within it.
DEFAULT_BUDGET = 100.0


@dataclass(frozen=True)
class StageCost:
    """``seconds = base + c * work ** a (+ c2 * work2 ** a2)`` for the work figures named
    ``work`` and ``work2`` (:func:`stage_work`; ``work2`` empty: one term); ``base`` covers
    the fixed cost of small models.  A second term is for a stage with two parts that
    grow with different sizes (the fixed points: per component, and over configurations)."""

    work: str
    base: float
    c: float
    a: float
    work2: str = ""
    c2: float = 0.0
    a2: float = 1.0

    def seconds(self, work, work2=0) -> float:
        """The estimate at ``work`` (and ``work2``): ints of any size (logarithms)."""
        total = self.base
        for c, a, w in ((self.c, self.a, work), (self.c2, self.a2, work2)):
            if c:
                log = math.log(c) + a * math.log(max(w, 1))
                total += math.exp(log) if log < 700 else math.inf
        return total


#: Cost model of every stage (fitted by benchmarks/bench_derive_stages.py --fit).  Work
#: figures: T the exponentials of the partial sums, C the couplings, W = min(T (C + 1),
#: :data:`MAP_TEXT_NUMBERS`) the numbers of the map written, H and S the h- and
#: sigma-configurations of one layer, D the root of u (exponents in steps u^(1/D)), K the
#: components of the fixed-point classification, d = phi(p - 1) the degree of Q(zeta_(p-1))
#: where the fixed points' weights lie (p = 4, 6: 2, 4; measured on relu3_p4 and
#: paper_p6).  The fixed points cost per component (a sample point, its linearisation in
#: C + 1 couplings and its entry) and over configurations (boundary points, transfer
#: checks: binary N = 6 on configurations 44 s at K = 4); the RG map per exponential and
#: over configurations (the count matrix and the basis).
#:
#: Fitted 2026-12-06 on 67 models (benchmarks/models, examples, paper, --random 50; CPU s,
#: each stage in a fresh process, cap 130-150 s; the rows are
#: benchmarks/derive_stages_2026-12-06.jsonl, the fixed points of the 25 slowest models
#: measured again after the fmpq_mat / log-form speed-up, the others before it): every
#: estimate lies above every run of 0.2 s and more (the runs below are covered by
#: ``base``); over the runs of 2 s and more, estimate / measured has median 1.05 (rg_map),
#: 2.3 (decimation, most 7.5: bin_N5_L1), 1.3 (network), 1.6 (fixed points, most 3.4),
#: 1.8 (flows), 1.4 (correlations), 1.3 (report).  ``rg_map`` and ``report`` were fitted
#: on the models with C <= 100 only while the text of larger maps was being made compact;
#: then every stage was refit with ``--all-couplings`` on those rows and the random
#: models 8, 17, 22 and 32 (C = 594, 665, 135, 119) measured with the orbit engine, the
#: bounded map text (W) and the flint fixed points
#: (benchmarks/derive_stages_2026-12-06_large.jsonl; ``--fit`` both files
#: ``--all-couplings``): every estimate covers every run (largest measured / estimated
#: 1.00); random model 8 is over-estimated (decimation 77 s for 2.5, fixed points 183 for
#: 55), so at the default budget its fixed points are skipped (whole in 92 CPU s, 1.5 MB,
#: with --budget 400).
STAGE_COSTS = {
    "rg_map": StageCost("W D", 0.2, 7.98e-14, 2.0, "H S", 5.36e-2, 0.9),
    "decimation": StageCost("H S D", 0.19, 0.151, 0.74),
    "network": StageCost("H S D", 0.2, 6.75e-2, 0.64),
    "fixed_points": StageCost("K (C + 1)^2 d^4", 0.19, 2.55e-3, 0.8, "H S", 2.3e-2, 0.9),
    "flows": StageCost("T (C + 1)", 0.1, 2.83e-2, 0.48),
    "correlations": StageCost("H S", 0.18, 3.11e-3, 1.01),
    "report": StageCost("W", 0.17, 3.12e-3, 0.49),
}

#: Most numbers of a map that a record writes (:mod:`symrg.records.maplayout` writes each
#: part only while small: 10^6 numbers of the sums' expansions, 10^6 characters of the
#: inverse design, 10^6 of the common factors).  The text stages (``rg_map``,
#: ``report``) read ``W = min(T (C + 1), MAP_TEXT_NUMBERS)``: their cost follows what is
#: written, not the expansion (random model 17: T (C + 1) = 2.0e9, nothing of it written).
MAP_TEXT_NUMBERS = 3_000_000


#: Cost of building the RG map's partial sums in the orbit-weight chart
#: (:class:`symrg.rg.pathsums.OrbitPathEngine`: one sorted tuple of p orbit indices per
#: term, whatever the number of couplings), before its text: checked with the bound of T
#: once Omega is known.  Measured (CPU s, 2026-12-06, benchmarks/bench_map_engine.py):
#: random models 8, 32 and 17 of the benchmarks, T = 222 493, 1 535 487 and 2 976 738 at
#: C = 594, 119 and 665: 0.31, 1.9 and 2.6 s (1.4e-6, 1.3e-6 and 0.9e-6 s a term; up to
#: 3.7e-6 on a busy machine); the text of the map (the ``rg_map`` stage)
#: costs more per term and is written only while small (:mod:`symrg.records.maplayout`).
MAP_BUILD = StageCost("T", 0.0, 5e-6, 1.0)


def stage_sizes(model, omega_nonzero: Optional[int] = None,
                components: Optional[int] = None) -> dict:
    """The sizes the cost model reads, all known before any work.

    ``couplings`` C (:func:`symrg.model.network.coupling_count`), ``h_states`` H =
    |V_h|^(NL), ``sigma_states`` S = |sigma|^(NL), ``scale`` p, ``root`` D (exponents of
    u in steps u^(1/D)), ``sites`` N L, ``omega_nonzero`` (non-zero entries of Omega
    when given, else its bound H S) and ``components`` K of the fixed-point
    classification when given (else :func:`estimated_components`).
    """
    sites = model.sites
    H, S = len(model.h_values) ** sites, len(model.sigma_values) ** sites
    sizes = {"couplings": _couplings(model), "h_states": H, "sigma_states": S,
             "scale": model.scale,
             "root": _exponent_denominator(model.h_values,
                                           set(model.sigma_values) | set(model.h_values),
                                           model.norm),
             "sites": sites, "omega_nonzero": H * S if omega_nonzero is None else omega_nonzero}
    if components is not None:
        sizes["components"] = components
    return sizes


def _partition_count(n: int) -> int:
    table = [1] + [0] * n
    for part in range(1, n + 1):
        for total in range(part, n + 1):
            table[total] += table[total - part]
    return table[n]


def _couplings(model) -> int:
    """C exactly (:func:`~symrg.model.network.coupling_count`) while S_N x S_L has at most
    20 000 pairs of cycle types; beyond, its lower bound C(NL + m - 1, m - 1) - 1 (the
    orbits under all permutations of the NL sites, m = |V_h| |sigma|)."""
    n_h, n_s = len(model.h_values), len(model.sigma_values)
    if model.width + model.data > 120 or \
            _partition_count(model.width) * _partition_count(model.data) > 20_000:
        return math.comb(model.sites + n_h * n_s - 1, n_h * n_s - 1) - 1
    return coupling_count(model.width, model.data, n_h, n_s)


def estimated_terms(sizes: Mapping) -> int:
    """Upper bound of the exponentials in the partial sums of the RG map (Eq. 24-25).

    One partial sum per orbit of (h, sigma) pairs (at most C + 1 of them); a sum of
    ``E (Omega^T E)^(p-1)`` has at most one term per path, i.e. per choice of the p - 1
    non-zero entries of Omega it passes (``nnz^(p-1)``), and at most one per multiset of
    the p bond weights it multiplies (``S H multichoose(H S, p - 2)`` distinct exponent
    vectors).
    """
    H, S, p = sizes["h_states"], sizes["sigma_states"], sizes["scale"]
    paths = sizes["omega_nonzero"] ** (p - 1)
    multisets = S * H * math.comb(H * S + p - 3, p - 2) if p > 2 else H * S
    return (sizes["couplings"] + 1) * min(paths, multisets)


def _totient(n: int) -> int:
    """Euler's phi(n): the degree d of Q(zeta_n), the field of the fixed points' weights
    at n = p - 1 (1 for p = 2, 3; 2 for p = 4; 4 for p = 6)."""
    return sum(1 for k in range(1, n + 1) if math.gcd(k, n) == 1)


def estimated_components(sizes: Mapping) -> int:
    """K of the fixed-point classification when it is not known yet: ``(C + 1) (p - 1)^2``.

    A rough figure, not a bound (one component per rank and eigenvalue multiplicities in
    each isotypic block; measured K: 143 for hardtanh_L2_p3 at C = 44, p = 3, where the
    figure is 180; 2 to 27 for the p = 2 models, C = 3 to 75): it only fills the fixed-point
    estimate of a refusal message; the plan that skips stages
    (:func:`symrg.records.derive.derive_record`) is made with the counted K.
    """
    return (sizes["couplings"] + 1) * (sizes["scale"] - 1) ** 2


def stage_work(sizes: Mapping, terms: Optional[int] = None) -> dict:
    """``{stage: (work, work2)}``: the work figures of every stage's cost
    (:data:`STAGE_COSTS`; ``work2`` 0 for a one-term cost); ``terms`` T when known, K from
    ``sizes["components"]`` when there (:func:`stage_sizes`)."""
    T = estimated_terms(sizes) if terms is None else terms
    C, H, S, D = sizes["couplings"], sizes["h_states"], sizes["sigma_states"], sizes["root"]
    K = sizes.get("components") or estimated_components(sizes)
    d = _totient(sizes["scale"] - 1)
    W = min(T * (C + 1), MAP_TEXT_NUMBERS)
    figures = {"T (C + 1)": T * (C + 1), "W D": W * D, "W": W, "H S": H * S,
               "H S D": H * S * D,
               "K (C + 1)^2 d^4": K * (C + 1) ** 2 * d ** 4, "": 0}
    return {stage: (figures[cost.work], figures[cost.work2])
            for stage, cost in STAGE_COSTS.items()}


def estimates_from_sizes(sizes: Mapping, terms: Optional[int] = None) -> dict:
    """Estimated CPU seconds of every stage, from :func:`stage_sizes` (and T when known)."""
    work = stage_work(sizes, terms)
    return {stage: STAGE_COSTS[stage].seconds(*work[stage]) for stage in STAGES}


def stage_estimates(model, terms: Optional[int] = None,
                    omega_nonzero: Optional[int] = None,
                    components: Optional[int] = None) -> dict:
    """Estimated CPU seconds of every stage of deriving ``model`` (:data:`STAGES`)."""
    return estimates_from_sizes(stage_sizes(model, omega_nonzero, components), terms)


def budget_seconds(budget: Optional[float] = None,
                   max_states: int = DEFAULT_MAX_STATES) -> float:
    """The budget in CPU seconds: ``budget`` (default :data:`DEFAULT_BUDGET`) times
    ``max_states / DEFAULT_MAX_STATES`` (``--max-states`` scales every limit)."""
    base = DEFAULT_BUDGET if budget is None else float(budget)
    return base * max_states / DEFAULT_MAX_STATES


@dataclass(frozen=True)
class Plan:
    """Which stages a derivation runs within its budget.

    Attributes
    ----------
    estimates : dict
        Estimated CPU seconds per stage (:data:`STAGES`).
    budget : float
        CPU seconds available.
    skipped : dict
        ``{stage: reason}`` of the optional stages left out (one line each).
    """

    estimates: dict
    budget: float
    skipped: dict = field(default_factory=dict)

    def runs(self, stage: str) -> bool:
        return stage not in self.skipped


def _seconds_text(x: float) -> str:
    if x >= 10 ** 6:
        return f"{x:.1e}"
    return f"{x:,.0f}" if x >= 10 else f"{x:.2g}"


def _estimates_text(estimates: Mapping) -> str:
    return ", ".join(f"{STAGE_LABELS[s]} {_seconds_text(estimates[s])}" for s in STAGES)


def _skip_reason(estimate: float, left: float, total: float, where: str = "") -> str:
    """The one-line reason of an optional stage skipped by the budget."""
    return (f"skipped: estimated {_seconds_text(estimate)} CPU s{where}, over the "
            f"{_seconds_text(max(left, 0))} s left of the budget of {_seconds_text(total)} s "
            f"(--budget raises it)")


def plan_derivation(model, sections=None, *, budget: Optional[float] = None,
                    max_states: int = DEFAULT_MAX_STATES, terms: Optional[int] = None,
                    omega_nonzero: Optional[int] = None,
                    components: Optional[int] = None,
                    flow_fields: Optional[bool] = None) -> Plan:
    """Plan a derivation of ``model`` within the budget (before any work, or once T is known).

    Parameters
    ----------
    model : Model
    sections : iterable of str, optional
        Optional record sections asked for (``network``, ``fixed_points``,
        ``correlations``; default all); ``flows`` runs with ``fixed_points``.
    budget : float, optional
        CPU seconds (default :data:`DEFAULT_BUDGET`), scaled by ``max_states``
        (:func:`budget_seconds`).
    terms, omega_nonzero, components : int, optional
        T, the non-zero entries of Omega and the components K of the fixed-point
        classification when known (bounds or rough figures otherwise).
    flow_fields : bool, optional
        False when the fixed-point section draws no flow fields (a design that is not
        integral: :func:`symrg.records.fixedpoints.flow_fields_drawn`): their stage is
        empty and its estimate 0.  None: assumed drawn.

    Raises
    ------
    ModelTooLargeError
        When the RG map alone exceeds the budget: before it is built (``terms`` None), its
        build (:data:`MAP_BUILD`) at the bound of T (which can be far above T); once built,
        the whole ``rg_map`` stage (its text) at T.  One line with the estimate of every
        stage (at the bound of T before the map) and the options that raise it.  The other
        required stages (:data:`REQUIRED`) always run once the map does; their estimates
        are taken from the budget before the optional stages get what is left.
    """
    estimates = stage_estimates(model, terms, omega_nonzero, components)
    if flow_fields is False:
        estimates["flows"] = 0.0
    total = budget_seconds(budget, max_states)
    sizes = stage_sizes(model, omega_nonzero)
    if terms is None:
        needed = MAP_BUILD.seconds(estimated_terms(sizes))
        what = (f"building the RG map alone ({_seconds_text(needed)} s with its size bounded "
                f"by {estimated_terms(sizes):,} exponentials)")
    else:
        needed = estimates["rg_map"]
        what = f"the RG map alone ({_seconds_text(needed)} s for its {terms:,} exponentials)"
    if needed > total:
        raise ModelTooLargeError(
            f"model too large: estimated CPU seconds per stage: {_estimates_text(estimates)}; "
            f"{what} exceeds the budget of {_seconds_text(total)} s; raise it with --budget "
            f"SECONDS (budget= in Python; --max-states scales it too) if the machine can take "
            f"it, or reduce width, data, value sets or p")
    spent = sum(estimates[s] for s in REQUIRED)
    asked = set(("network", "fixed_points", "correlations") if sections is None else sections)
    if "fixed_points" in asked:
        asked.add("flows")
    skipped = {}
    for stage in PRIORITY:
        if stage not in asked:
            continue
        if stage == "flows" and "fixed_points" in skipped:
            skipped[stage] = "skipped with the fixed points"
        elif spent + estimates[stage] > total:
            skipped[stage] = _skip_reason(estimates[stage], total - spent, total)
        else:
            spent += estimates[stage]
    return Plan(estimates, total, skipped)


def check_derivation_size(model, max_states: int = DEFAULT_MAX_STATES,
                          budget: Optional[float] = None,
                          omega_nonzero: Optional[int] = None) -> None:
    """Refuse, before any work, a model whose RG map alone is estimated over the budget
    (:func:`plan_derivation` before the map is built; ``derive_record`` checks again
    once the map's size is known).

    Raises
    ------
    ModelTooLargeError
        One line: the estimate of every stage and the options that raise the budget.
    """
    plan_derivation(model, budget=budget, max_states=max_states, omega_nonzero=omega_nonzero)


#: Cost model of a derivation on types (:mod:`symrg.records.typerecord`: L = 1, two values
#: each side, past 55 couplings), in the width N.  Measured on binary heaviside (CPU s,
#: 2026-12-06): the type counts, blocks, RG map per block and Eq. 22 weights 0.1 + 1.0 at
#: N = 28; the fixed points per isotypic block 1.2, 8, 12, 31 and 60 at N = 16, 20, 24, 28
#: and 32 (about N^5: one exact classification per rank of M_0, whose blocks grow with N);
#: the correlations on types (a chain on N + 1 types) 0.2 at N = 28.
TYPE_STAGE_COSTS = {
    "rg_map": StageCost("N", 0.3, 1.5e-6, 4.0),
    "fixed_points": StageCost("N", 0.5, 2.2e-6, 5.0),
    "correlations": StageCost("N", 0.2, 1e-5, 2.0),
}
TYPE_STAGE_LABELS = {"rg_map": "types, blocks, RG map and Eq. 22 weights",
                     "fixed_points": "fixed points per block", "correlations": "correlations"}


def plan_types(model, sections=None, *, budget: Optional[float] = None,
               max_states: int = DEFAULT_MAX_STATES) -> Plan:
    """Plan a derivation on types within the budget (:data:`TYPE_STAGE_COSTS`).

    The types, blocks, RG map and Eq. 22 weights are required: a model whose estimate for
    them exceeds the budget is refused in one line; the fixed points and the correlations
    then get what is left, in that order, and one that does not fit is skipped with its
    reason (:class:`Plan`).
    """
    N = model.width
    estimates = {stage: cost.seconds(N) for stage, cost in TYPE_STAGE_COSTS.items()}
    total = budget_seconds(budget, max_states)
    text = ", ".join(f"{TYPE_STAGE_LABELS[s]} {_seconds_text(x)}" for s, x in estimates.items())
    if estimates["rg_map"] > total:
        raise ModelTooLargeError(
            f"model too large: estimated CPU seconds per stage on types at N = {N}: {text}; "
            f"the required stages exceed the budget of {_seconds_text(total)} s; raise it "
            f"with --budget SECONDS (budget= in Python) if the machine can take it, or "
            f"reduce the width")
    spent, skipped = estimates["rg_map"], {}
    asked = set(("fixed_points", "correlations") if sections is None else sections)
    for stage in ("fixed_points", "correlations"):
        if stage not in asked:
            continue
        if spent + estimates[stage] > total:
            skipped[stage] = _skip_reason(estimates[stage], total - spent, total,
                                          f" on types at N = {N}")
        else:
            spent += estimates[stage]
    return Plan(estimates, total, skipped)
