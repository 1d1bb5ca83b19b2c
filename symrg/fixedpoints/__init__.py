"""Layer 4, fixed points of the RG map and what follows from them.

Result objects and the exact test (:mod:`.points`), the exact classification
(:mod:`.classify`, :mod:`.analysis`), fixed-point equations (:mod:`.equations`) as
exact polynomial lists (:mod:`.polynomials`), the Newton cross-check (:mod:`.numeric`),
boundary points (:mod:`.boundary`), zero-weight points at infinity of the coupling
chart (:mod:`.zeroweight`),
linearisation (:mod:`.linearize`), exact ranks (:mod:`.exactrank`) and scaling
exponents (:mod:`.scaling`).

May import: :mod:`symrg.rg`, :mod:`symrg.lattice`, :mod:`symrg.model` and the base
layer.  A sibling of :mod:`symrg.width` (neither imports the other).
"""
