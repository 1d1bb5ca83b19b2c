"""Appendix B of Lee-Lee-Yi: the linearised DNA bond against the Edwards-Anderson form (Eq. 42-43).

Run:  python derivations/appendix_b_spin_glass.py
"""

import sympy

from symrg.seeds.appendices import spin_glass_expansion
from symrg.model.network import paper_model

model = paper_model(width=2)
for label, a, s in (("sigma(x) ~ 1/2 + x/4", sympy.Rational(1, 2), sympy.Rational(1, 4)),
                    ("sigma(x) ~ x", 0, 1)):
    exp = spin_glass_expansion(model, a, s)
    print(f"--- {label}")
    for t in exp["terms"]:
        print(f"  {t.name:48s} {str(t.monomial):16s} derived: {t.derived}"
              f"   Eq.43: {t.printed}   ratio: {t.ratio}")
    terms = {t.name: t for t in exp["terms"]}
    assert terms["coupling J between layers: h'_i h_j"].ratio == -2 * sympy.sympify(s)
    assert terms["field K from the bias: h'_i"].ratio == -2 * sympy.sympify(s)
    assert not exp["cross_data"]
print("Eq. 43's +lam W h h and +lam b h have, from the expansion, the factor -2 x slope "
      "(-1/2 for the sigmoid at 0, -2 for sigma(x) ~ x); the h^2, (Wh)^2, source-field and "
      "b-dependent terms are dropped by Eq. 43.")
