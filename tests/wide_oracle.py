"""Independent oracles for wide chains (L = 1, two h values): no symrg.types/width code.

* :func:`type_chain` builds the binomial type chain from its definition: the k-type
  (k neurons at the second h value) sends every output neuron independently to sigma = x
  with probability p_k(x), computed by exact convolution of the prior over W and b; the
  next layer's type k' then has weight C(N, k') g_1(k)^k' g_0(k)^(N-k'), with
  g_a(k) = sum_x p_k(x) u^(-|h_a - x|^q) (DNA) or [h_a = x] (plain).
* :func:`configuration_chain` is the full |V_h|^N x |V_h|^N transfer matrix, every W row
  and b enumerated literally.
* :func:`top_two` gives lambda_1 and |lambda_2| of a matrix by arb's own certified
  eigensolver (``acb_mat.eig``), at a stated precision.
"""

import itertools
from fractions import Fraction

import flint


def _prior(model, name):
    values = model.W_values if name == "W" else model.b_values
    probs = None if model.prior is None else getattr(model.prior, name, None)
    if probs is None:
        return {v: Fraction(1, len(values)) for v in values}
    return {v: Fraction(str(p)) for v, p in zip(values, probs)}


def output_distribution(model, inputs):
    """P(sigma = x) of one output neuron for the input tuple ``inputs`` (exact)."""
    pre = {0: Fraction(1)}
    for h in inputs:
        new = {}
        for s, p in pre.items():
            for w, q in _prior(model, "W").items():
                key = s + Fraction(str(w)) * Fraction(str(h))
                new[key] = new.get(key, 0) + p * q
        pre = new
    out = {}
    for s, p in pre.items():
        for b, q in _prior(model, "b").items():
            x = ACTIVATIONS[model.activation.name](s + Fraction(str(b)))
            out[x] = out.get(x, 0) + p * q
    return out


#: The built-in activations, written out literally (tables do not reach wide pre-activations).
ACTIVATIONS = {"heaviside": lambda x: 1 if x >= 0 else 0,
               "heaviside0": lambda x: 1 if x > 0 else 0}


def _bond(model, a, x, u):
    if u is None:
        return flint.arb(1 if a == x else 0)
    dist = abs(Fraction(str(a)) - Fraction(str(x))) ** model.norm
    return flint.arb(u) ** (-flint.arb(flint.fmpq(dist.numerator, dist.denominator)))


def _g(model, dist, a, u):
    total = flint.arb(0)
    for x, p in dist.items():
        total += flint.arb(flint.fmpq(p.numerator, p.denominator)) * _bond(model, a, x, u)
    return total


def type_chain(model, N, u=None):
    """The (N+1) x (N+1) binomial type chain as an arb_mat (u = None: plain)."""
    h0, h1 = model.h_values
    rows = []
    for k in range(N + 1):
        dist = output_distribution(model, [h1] * k + [h0] * (N - k))
        g0, g1 = _g(model, dist, h0, u), _g(model, dist, h1, u)
        rows.append([flint.arb(_binom(N, j)) * g1 ** j * g0 ** (N - j) for j in range(N + 1)])
    return flint.arb_mat(rows)


def _binom(n, k):
    from math import comb
    return flint.fmpz(comb(n, k))


def configuration_chain(model, N, u=None):
    """The full transfer matrix over all |V_h|^N configurations (arb_mat)."""
    configs = list(itertools.product(model.h_values, repeat=N))
    rows = []
    for h in configs:
        dist = output_distribution(model, h)
        g = {a: _g(model, dist, a, u) for a in model.h_values}
        row = []
        for h2 in configs:
            w = flint.arb(1)
            for a in h2:
                w *= g[a]
            row.append(w)
        rows.append(row)
    return flint.arb_mat(rows)


def top_two_mpmath(M, dps=60):
    """(lambda_1, |lambda_2|) of an arb_mat's midpoints by mpmath.eig (for singular M)."""
    import mpmath
    with mpmath.workdps(dps):
        A = mpmath.matrix([[mpmath.mpf(M[i, j].mid().str(dps + 5, radius=False))
                            for j in range(M.ncols())] for i in range(M.nrows())])
        mods = sorted((abs(z) for z in mpmath.eig(A)[0]), reverse=True)
        return flint.arb(mpmath.nstr(mods[0], dps)), flint.arb(mpmath.nstr(mods[1], dps))


def top_two(M):
    """(lambda_1, |lambda_2|) of M by arb's certified eigensolver (zeros allowed)."""
    values = flint.acb_mat(M).eig(multiple=True)
    mods = sorted((abs(z) for z in values), key=lambda a: -a.mid())
    return mods[0], mods[1]


# -- closed-form type chain and power-method spectra (issue 17, any N up to 1000) ---------
class _prec:
    """Borrow flint's global precision (bits) and restore it."""

    def __init__(self, bits):
        self.bits = bits

    def __enter__(self):
        self.saved, flint.ctx.prec = flint.ctx.prec, self.bits

    def __exit__(self, *exc):
        flint.ctx.prec = self.saved


def _arb(q):
    q = Fraction(q)
    return flint.arb(flint.fmpq(q.numerator, q.denominator))


def binomial_type_chain(model, N, u=None, prec=700):
    """The (N+1) x (N+1) type chain with closed-form pre-activation laws (arb at ``prec`` bits).

    For two-valued W (w0, w1 with prior q0, q1) and h = (0, h1): an output neuron of the
    type-k layer (k neurons at h1) has pre-activation h1 (k w0 + j (w1 - w0)) + b with
    probability C(k, j) q1^j q0^(k - j) q_b, so P(sigma = x) is a sum of N + 1 binomial
    terms, not a convolution.  Row k of the chain: C(N, j) g_1(k)^j g_0(k)^(N - j) with
    g_a(k) = sum_x P(sigma = x) u^(-|h_a - x|^q) (DNA) or [h_a = x] (plain).
    """
    h0, h1 = (Fraction(str(h)) for h in model.h_values)
    W = _prior(model, "W")
    if h0 != 0 or len(W) != 2:
        raise ValueError("binomial_type_chain: two W values and h = (0, h1) only")
    (w0, q0), (w1, q1) = ((Fraction(str(w)), q) for w, q in W.items())
    B = [(Fraction(str(b)), q) for b, q in _prior(model, "b").items()]
    act = ACTIVATIONS[model.activation.name]
    with _prec(prec):
        a0, a1 = _arb(q0), _arb(q1)
        p0 = [flint.arb(1)]
        p1 = [flint.arb(1)]
        for _ in range(N):
            p0.append(p0[-1] * a0)
            p1.append(p1[-1] * a1)
        rows = []
        for k in range(N + 1):
            dist, c = {}, 1                      # c = C(k, j)
            for j in range(k + 1):
                weight = sum((q for b, q in B
                              if act(h1 * (k * w0 + j * (w1 - w0)) + b) == 1), Fraction(0))
                for x, wx in ((1, weight), (0, 1 - weight)):
                    if wx:
                        dist[x] = dist.get(x, 0) + flint.arb(c) * p1[j] * p0[k - j] * _arb(wx)
                c = c * (k - j) // (j + 1)
            g0 = sum((p * _bond_arb(model, h0, x, u) for x, p in dist.items()), flint.arb(0))
            g1 = sum((p * _bond_arb(model, h1, x, u) for x, p in dist.items()), flint.arb(0))
            row, c = [], 1
            pow0 = [flint.arb(1)]
            for _ in range(N):
                pow0.append(pow0[-1] * g0)
            gj = flint.arb(1)
            for j in range(N + 1):
                row.append(flint.arb(c) * gj * pow0[N - j])
                gj *= g1
                c = c * (N - j) // (j + 1)
            rows.append(row)
        return flint.arb_mat(rows)


def _bond_arb(model, a, x, u):
    if u is None:
        return flint.arb(1 if a == x else 0)
    dist = abs(Fraction(a) - Fraction(x)) ** model.norm
    return (-_arb(dist) * flint.arb(u).log()).exp()


def perron_bracket(T, prec=700, rounds=5000):
    """lambda_1 of a positive matrix as the Collatz--Wielandt bracket [min, max] of
    (T x)_i / x_i for the power-iteration vector x > 0 (a proof for any x > 0), with x.

    Also returns the left vector (the same iteration on T^T).
    """
    with _prec(prec):
        vecs = []
        for A in (T, T.transpose()):
            n = A.nrows()
            x = flint.arb_mat(n, 1, [1] * n)
            last = None
            for _ in range(rounds):
                y = (A * x).mid()
                top = max((y[i, 0] for i in range(n)), key=lambda a: a.mid())
                y = flint.arb_mat(n, 1, [(y[i, 0] / top).mid() for i in range(n)])
                spread = max(abs(y[i, 0] - x[i, 0]) / y[i, 0] for i in range(n)).mid()
                x = y
                if spread < flint.arb(2) ** (20 - prec):
                    break
                if last is not None and spread > last and spread < flint.arb(2) ** (60 - prec):
                    break                        # rounding level
                last = spread
            vecs.append(x)
        x, y = vecs
        Tx = T * x
        ratios = [Tx[i, 0] / x[i, 0] for i in range(T.nrows())]
        lo = min(r.lower() for r in ratios)
        hi = max(r.upper() for r in ratios)
        return lo.union(hi), x, y


def second_modulus(T, lam1, x, y, prec=700, rounds=20000):
    """|lambda_2| by power iteration on the deflated matrix T - lambda_1 x y^T / (y^T x)
    (applied, never formed), in midpoint arithmetic at ``prec`` bits: the limit of
    max|T' v| / max|v|.  An estimate, not a bound: returned as a ball whose radius is
    four times the spread of the last ten estimates once they stop improving (the
    deflation's rounding is amplified by lambda_1 / |lambda_2|); ValueError if it does
    not settle to 2^(-prec / 4) (a complex or +- pair of equal modulus)."""
    with _prec(prec):
        n = T.nrows()
        lam = lam1.mid()
        yx = (y.transpose() * x)[0, 0]
        norm = lambda v: max((abs(v[i, 0]) for i in range(n)), key=lambda a: a.mid()).mid()
        v = flint.arb_mat(n, 1, [(-1) ** i * (1 + flint.arb(i) / n) for i in range(n)])
        deflate = lambda w: (w - x * ((lam * (y.transpose() * w)[0, 0]) / (lam * yx))).mid()
        v = deflate(v)
        ests = []
        for _ in range(rounds):
            w = deflate(T * v)
            ests.append(norm(w) / norm(v))
            v = (w * (1 / norm(w))).mid()
            if len(ests) >= 20:
                est = ests[-1]
                spread = lambda xs: max(abs(e - est) for e in xs).mid()
                now, before = spread(ests[-10:]), spread(ests[-20:-10])
                if now < abs(est) * flint.arb(2) ** (40 - prec) or (
                        now > before / 4 and now < abs(est) * flint.arb(2) ** (-prec // 4)):
                    floor = abs(est).mid() * flint.arb(2) ** (8 - prec)
                    return flint.arb(est.mid(), 4 * now + floor)
        raise ValueError("second_modulus: the deflated power iteration did not settle")
