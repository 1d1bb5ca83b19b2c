"""Layer 5, text: plain text and LaTeX made from computed objects.

The LaTeX escaper (:mod:`.texescape`), math text (:mod:`.mathtext`), polynomial
text (:mod:`.polytext`), the LaTeX of the fixed-point record (:mod:`.fplatex`), log
forms (:mod:`.logform`), the RG map in LaTeX (:mod:`.rglatex`) and terminal
summaries (:mod:`.summary`).

May import: the computation layers (:mod:`symrg.fixedpoints`, :mod:`symrg.width`,
:mod:`symrg.rg`, :mod:`symrg.lattice`, :mod:`symrg.model`) and the base layer.  A
sibling of :mod:`symrg.plots` and :mod:`symrg.seeds`.
"""
