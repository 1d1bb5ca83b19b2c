"""Layer 3, the renormalization group: couplings, decimation and the RG map.

Coupling bases (:mod:`.couplings`, :mod:`.design`), the weight/coupling charts
(:mod:`.charts`), exact path sums (:mod:`.pathsums`), symmetry blocks
(:mod:`.symmetry`), decimation E' and the RG map (:mod:`.decimation`) and flows
(:mod:`.flow`).

May import: :mod:`symrg.lattice`, :mod:`symrg.model` and the base layer.
"""
