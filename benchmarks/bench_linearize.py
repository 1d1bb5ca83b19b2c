"""Benchmark: linearising every fixed point (issue 8), CPU and wall time, beside a naive
baseline in the same run.

* symrg: :func:`symrg.fixedpoints.linearize.linearize` (projective weight chart, exact charpoly per
  isotypic block; numeric points in mpmath).
* baseline: differentiate ``rg_map(model).exponential_form()`` symbolically, substitute the
  point and call ``Matrix.eigenvals()`` (exact points), or ``mpmath.eig`` of that Jacobian
  (numeric points).  The baseline goes through fractional powers of e^K, so on points with
  negative or complex weights its eigenvalues can be wrong; the table shows whether they
  agree.

Run:  python benchmarks/bench_linearize.py
"""

import mpmath
import sympy

from symrg.rg.decimation import rg_map
from symrg.rg.charts import exp_symbols
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.linearize import linearize, to_mpmath
from symrg.model.files import load_model
from symrg.model.network import paper_model
from timing import timed


def points(model):
    fp = find_fixed_points(model)
    return [p for p in fp.isolated] + [f.sample for f in fp.families if f.sample is not None]


def numeric(pt, digits):
    """The same point with its weights as Floats at ``digits + 10`` (a numeric point)."""
    return sympy.Matrix(pt.weights).applyfunc(lambda x: sympy.N(x, digits + 10))


def ours(model, pts, digits, as_numeric):
    return [sorted(complex(to_mpmath(v, 20)).real for v in
                   linearize(model, numeric(p, digits) if as_numeric else p, digits=digits).eigenvalues)
            for p in pts]


def baseline(model, pts, digits, as_numeric):
    form = rg_map(model).exponential_form()
    xs = exp_symbols(model)
    J = sympy.Matrix([form[s.name[4:]] for s in xs]).jacobian(xs)
    out = []
    for p in pts:
        sub = {s: p.couplings.get(s.name, p.couplings.get(s.name[4:])) for s in xs}
        if None in sub.values():
            out.append(None)
            continue
        Jp = J.subs(sub)
        if as_numeric:
            try:
                out.append(_numeric_eigenvalues(Jp, digits))
            except (RuntimeError, ZeroDivisionError, ValueError, TypeError):
                out.append(None)    # the baseline fails (e.g. QR does not converge)
        else:
            ev = Jp.applyfunc(sympy.nsimplify).eigenvals()
            out.append(sorted(complex(sympy.N(v)).real for v, m in ev.items() for _ in range(m)))
    return out


def _numeric_eigenvalues(Jp, digits):
    with mpmath.workdps(digits + 10):
        vals = mpmath.eig(mpmath.matrix([[to_mpmath(x, digits + 10) for x in row]
                                         for row in Jp.tolist()]), left=False, right=False)
        return sorted(complex(v).real for v in vals)


def main():
    print(f"{'model':<16}{'digits':>7} {'points':>7} {'method':<9}{'CPU s':>9}{'wall s':>9}  agree")
    cases = [("binary_width2", load_model("examples/binary_width2.toml"), 50, False),
             ("paper", paper_model(), 1000, False),
             ("paper numeric", paper_model(), 1000, True),
             ("binary_sign", None, 50, True)]
    from symrg.model.network import Model
    for name, model, digits, as_num in cases:
        if model is None:
            model = Model.from_dict({"name": "bs", "values": {"W": [-1, 1], "b": [-1, 1],
                                     "h": [0, -1]}, "activation": {"name": "binary_sign"}})
        pts = points(model)
        a, ca, wa = timed(lambda: ours(model, pts, digits, as_num))
        b, cb, wb = timed(lambda: baseline(model, pts, digits, as_num))
        agree = all(y is not None and all(abs(u - v) < 1e-9 for u, v in zip(x, y))
                    for x, y in zip(a, b))
        print(f"{name:<16}{digits:>7} {len(pts):>7} {'symrg':<9}{ca:>9.3f}{wa:>9.3f}")
        print(f"{'':<16}{'':>7} {'':>7} {'baseline':<9}{cb:>9.3f}{wb:>9.3f}  {agree}")


if __name__ == "__main__":
    main()
