"""Layer 1, the model: a validated, immutable description of one discrete network.

:mod:`.loader` (the bounded gate for model files), :mod:`.values` (exact numbers),
:mod:`.activation`, :mod:`.prior`, :mod:`.network` (:class:`~symrg.model.network.Model`,
size and cost estimates) and :mod:`.files` (``load_model``).

May import: the base layer (:mod:`symrg.errors`, :mod:`symrg.numerics`,
:mod:`symrg.progress`) only.
"""
