"""What of the RG map a record writes, bounded by what a reader can use (issue 18).

The RG map of Eq. 27 is K' = Vinv (c.K + ln Z) with one partial sum
``Z_o = exp(-c_o.K) [E (Omega^T E)^(p-1)][h_o, sigma_o]`` per pair orbit (Eq. 21, 24),
``E[h, sigma] = exp(sum_k K_k M_k(h, sigma))`` (Eq. 26).  Its written size has three
independent parts:

* the expansions of the sums: T exponentials of C numbers each (T (C + 1) numbers);
* the inverse design Vinv, which every K' and every coefficient of Eq. 25 and 32 is a
  combination with (its non-zero entries, :func:`symrg.rg.design.inverse_size`);
* the common factors c_o (one linear form in the C couplings per orbit).

A record writes each part while it is small (:data:`SUM_NUMBERS`, :data:`CHART_TEXT`,
:data:`SHIFT_TEXT`: together a few MB) and otherwise says, in ``rg_map_note``, what is
not written, how large it is and how it is defined.  Random model 8 of the benchmarks
(594 couplings) has T = 222 493 (1.3e8 numbers) and an inverse design of 8.9 MB: its
record keeps the partial sums' pairs and sizes and the definition above, and
:func:`symrg.rg.decimation.rg_map` rebuilds the map exactly.
"""

from dataclasses import dataclass
from typing import Optional

from ..rg.design import inverse_design, inverse_size

__all__ = ["MapLayout", "map_layout", "FULL_MAP_TERMS", "FULL_MAP_NUMBERS", "SUM_NUMBERS",
           "CHART_TEXT",
           "SHIFT_TEXT", "written_terms"]

#: Largest RG map (exponentials printed when every K' is written in full, each repeating
#: the partial sums of its logarithms) that the record writes in full; larger maps are
#: written through named partial sums (binary width 4: 3.4 MB in full, 0.4 MB named).
FULL_MAP_TERMS = 20_000

#: Most numbers (those exponentials times C + 1) of a map written in full; random model 40
#: of the benchmarks (32 couplings, values 1/2 whose monomials are long rationals) wrote
#: 9.9 MB in full under the bound of terms, 0.6 MB named.
FULL_MAP_NUMBERS = 200_000

#: Most numbers of the partial sums' expansions (T exponentials times C + 1 numbers) that a
#: record writes (``rg_map_sums``; about two characters a number).
SUM_NUMBERS = 1_000_000

#: Most characters of the inverse design (:func:`symrg.rg.design.inverse_size`) for which
#: the forms built on it are written: K' through named sums (``rg_map``), the coefficients
#: of Eq. 25 (``hamiltonian_coefficients``) and the constraint polynomial of Eq. 32.
CHART_TEXT = 1_000_000

#: Most characters of the common factors c_o.K of the partial sums that a record writes
#: (``decimation.partial_sums[].shift``).
SHIFT_TEXT = 1_000_000


def written_terms(m, stop: Optional[int] = None) -> int:
    """Exponentials printed when every K' of ``m`` is written in full (each repeats the
    partial sums of its logarithms); counting ends past ``stop`` when given."""
    inv = inverse_design(m.basis)
    sizes = [ps.size for ps in m.partial_sums]
    total = 0
    for k in range(len(m.names)):
        total += sum(n for c, n in zip(inv[k + 1], sizes) if c)
        if stop is not None and total > stop:
            break
    return total


@dataclass(frozen=True)
class MapLayout:
    """Which forms of the RG map ``m`` a record writes.

    Attributes
    ----------
    full : bool
        Every K' written out in full (``rg_map`` without named sums).
    chart : bool
        The forms built on the inverse design are written: ``rg_map`` (through the named
        sums ``Z<o>`` when not ``full``), the coefficients of Eq. 25 and the constraint
        polynomial of Eq. 32.
    sums : bool
        The expansions of the named sums (``rg_map_sums``), when not ``full``.
    shifts : bool
        The common factors c_o.K of the partial sums (``decimation.partial_sums``).
    note : str or None
        One paragraph saying what is not written, its size and its definition.
    """

    full: bool
    chart: bool
    sums: bool
    shifts: bool
    note: Optional[str] = None


def _shift_text(m) -> int:
    """A bound of the characters of all common factors c_o.K: every coupling in every one
    (the factors themselves are made only when written)."""
    return len(m.partial_sums) * sum(len(n) + 3 for n in m.names)


def map_layout(m) -> MapLayout:
    """The :class:`MapLayout` of the RG map ``m`` (:func:`symrg.rg.decimation.rg_map`)."""
    written = written_terms(m, stop=FULL_MAP_TERMS)
    if written <= FULL_MAP_TERMS and written * (m.basis.size + 1) <= FULL_MAP_NUMBERS:
        return MapLayout(True, True, False, True)
    C = m.basis.size
    T = sum(ps.size for ps in m.partial_sums)
    nonzero, chars = inverse_size(m.basis)
    chart, sums = chars <= CHART_TEXT, T * (C + 1) <= SUM_NUMBERS
    shifts = _shift_text(m) <= SHIFT_TEXT
    if chart and sums and shifts:
        return MapLayout(False, True, True, True)
    missing = []
    if not sums:
        missing.append(f"the expansions of the {len(m.partial_sums)} partial sums Z1, Z2, ... "
                       f"({T:,} exponentials of {C:,} exponents each)")
    if not shifts:
        missing.append("their common factors c.K")
    if not chart:
        missing.append(f"the K' of the {C:,} couplings and the coefficients of Eq. 25 and 32 "
                       f"(combinations with the inverse design, whose {nonzero:,} non-zero "
                       f"rationals take {chars / 1e6:.1f} MB)")
    note = (f"Not written, being too large to read: {'; '.join(missing)}. They are defined "
            f"by E'[h, sigma] = [E (Omega^T E)^(p-1)][h, sigma] = exp(c.K) Z for each pair "
            f"orbit (decimation.partial_sums gives its pair (h, sigma) and the size of Z), "
            f"with E[h, sigma] = exp(sum_k K_k M_k(h, sigma)) (Eq. 21, 26), and "
            f"K' = Vinv (c.K + ln Z) with V[o, k] = M_k at the pair of orbit o (Eq. 27); "
            f"symrg.rg.decimation.rg_map(model) rebuilds them exactly.")
    return MapLayout(False, chart, sums, shifts, note)
