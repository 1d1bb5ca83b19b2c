"""Layer 6, records: one serialisable record per derivation.

The derivation record (:mod:`.derive`) with its fixed-point section
(:mod:`.fixedpoints`), the width record (:mod:`.width`), flow
landmarks (:mod:`.flowmarks`) and the JSON Schema of all records (:mod:`.schema`).

May import: :mod:`symrg.text`, :mod:`symrg.plots`, :mod:`symrg.seeds`, the
computation layers and the base layer; never :mod:`symrg.report`, :mod:`symrg.scan`
or the command line.
"""
