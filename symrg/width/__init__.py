"""Layer 4, width: wide layers through type classes, and the N = infinity limit.

Type classes of a layer (:mod:`.typeclasses`), exact wide chains (:mod:`.chain`), the
overlap map (:mod:`.overlap`), mean field at N = infinity (:mod:`.meanfield`) and
finite-size fits (:mod:`.finitesize`).

May import: :mod:`symrg.rg`, :mod:`symrg.lattice`, :mod:`symrg.model` and the base
layer.  A sibling of :mod:`symrg.fixedpoints` (neither imports the other).
"""
