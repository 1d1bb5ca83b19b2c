"""LaTeX twins of the plain-text notes of the fixed-point record (display only).

The engine describes what it did in plain ASCII that reads well in a terminal and
in JSON: ``E = 1 1^T (K = 0)``, ``E (M E)^(p-1) = kappa E checked exactly``,
``T = E Omega^T > 0``, ``block ranks [2]x[1]: 1``, ``xi = 0``.  A report must show
real mathematics instead (:math:`E = \\mathbf 1\\mathbf 1^{\\mathsf T}`,
:math:`E(ME)^{p-1} = \\kappa E`, :math:`\\xi = 0`): :func:`prose_latex` turns such a
note into LaTeX text with the formulas in math mode and the prose escaped.

:data:`PHRASES` lists the formulas the engine writes into such notes (the
fixed-point equation, Eq. 28 of Lee, Lee & Yi, and the Perron-Frobenius statement of
docs/mathematics.rst), then generic ASCII mathematics of the seeds' comparison notes
(powers ``u^(h+sigma)``, products ``h*sigma``, ``ln(...)``, Greek names), which
:func:`ascii_math` sets.  The report tests scan the LaTeX of every example for
left-over ASCII mathematics, so a note this module does not understand fails a test
instead of reaching a page.
"""

import re

from .texescape import escape_latex

__all__ = ["PHRASES", "prose_latex", "escape_text", "ascii_math"]

_NUM = r"-?\d+(?:\^\d+)?"
_LABEL = r"\[\d+(?:,\d+)*\]x\[\d+(?:,\d+)*\]"


#: ``base^exponent`` with base a name (``T'+-``), number or parenthesised group and
#: exponent a name, ``-name``, ``(...)``, ``-(...)`` or ``{...}``.
_POWER = (r"(?:\([^()]*\)|\b[A-Za-z]\w*(?:'[+-]*)?|\b\d+)"
          r"\^(?:\{[^{}]*\}|-?\([^()]*\)|-?\w+)")
_GREEK = ("alpha|beta|gamma|delta|epsilon|zeta|theta|kappa|lambda|xi|rho|sigma|tau|phi|"
          "chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega")
_FUNCTIONS = r"(?<![\\A-Za-z])(cosh|sinh|tanh|arcsin|ln|exp|log)\b\s*"

_GREEK_WORD = rf"(?:{_GREEK}|nu|mu|eta)(?![A-Za-z])"
_ARG = r"\((?:[^()]|\([^()]*\))*\)"
_SUBSCRIPT = r"_(?:\{[^{}]*\}|[A-Za-z0-9]+)"
_EXPONENT = r"\^(?:\{[^{}]*\}|-?\([^()]*\)|-?\w+)"
#: One symbol of a formula: a letter or Greek name with optional prime, subscript
#: (``chi_MF``, ``lambda_2``, ``h'_i``), star (``q*``), argument list (``s_c(N)``,
#: ``P(W=0)``, ``Z_4(J~)``) and exponent (``e^J``).
_SYMBOL = (rf"(?<![\\\w'])(?:{_GREEK_WORD}|[A-Za-z](?![A-Za-z]))'?(?:{_SUBSCRIPT})?\*?"
           rf"(?:\([^()]*\))?(?:{_EXPONENT})?")
#: A parenthesised group without English words (``(1/2)``, ``(h, sigma)``, ``(0, 0)``).
_GROUP = (rf"\((?:[^()A-Za-z=]|{_GREEK_WORD}|(?:ln|log|exp|sqrt|tanh|cosh|sinh)\b"
          rf"|(?<![A-Za-z])[A-Za-z](?![A-Za-z]))*\)")
_FUNCTION_CALL = (rf"(?<![\\\w])(?:ln|log|exp|sqrt|tanh|cosh|sinh)"
                  rf"(?:\s?{_ARG}|(?: (?:cosh|sinh|tanh))? \d*[A-Za-z0-9](?![\w(]))")
_VALUE = (rf"(?<![\w.])(?:\d+(?:\.\d+)?(?!\w|\.\d)|infinity\b|oo\b|{_GROUP}(?:{_EXPONENT})?)")
_ABS = rf"\|{_SYMBOL}(?:\s?[-+/]\s?{_SYMBOL})*\|"
_FACTOR = rf"(?:{_FUNCTION_CALL}|{_ABS}|{_SYMBOL}|{_VALUE})"
#: Factors joined by ``/``, `` - ``, `` + `` or juxtaposed before a function or group.
_TERM = rf"[-+]?{_FACTOR}(?:(?:/|\s[-+]\s|\s(?=\(|(?:ln|log|exp|sqrt)\b)){_FACTOR})*"
_RELATION = r"\s?(?:<=|>=|->|=|<|>)\s?"
#: ``N = infinity``, ``q* = 0``, ``chi(N) = |lambda_2/lambda_1|``, ``P(W=0) = s``: a
#: chain of terms joined by relations, at least one of them with a letter.
_CHAIN = rf"{_TERM}(?:{_RELATION}{_TERM})+(?!,\s?[-+]?\d)"
#: ``e^A, e^B, e^C = 3, -2/3, -1/3``: a tuple of symbols equal to a tuple of values.
_NUMBER = r"[-+]?\d+(?:[./]\d+)?"
_TUPLE = rf"{_TERM}(?:, {_TERM})+ = {_NUMBER}(?:, {_NUMBER})+(?![\w/.])"


def _tuple(m) -> str:
    """``(e^{A}, e^{B}) = (3, -2/3)`` when both sides have as many entries, else as is."""
    left, right = m.group(0).split(" = ")
    if left.count(",") != right.count(","):
        return f"${ascii_math(m.group(0))}$"
    return f"$({ascii_math(left)}) = ({right})$"
#: A symbol that is a formula by itself: subscripted, Greek or starred (``s_c(N)``),
#: or a letter applied to arguments (``g(t)``, ``P(x)``).
_NAMED = (rf"(?<![\\\w'])(?:(?:{_GREEK_WORD}|[A-Za-z])'?{_SUBSCRIPT}(?:\([^()]*\))?"
          rf"|{_GREEK_WORD}(?:\([^()]*\))?|[A-Za-z]\*(?:\([^()]*\))?|[A-Za-z]\([^()]*\))")


def _exponent(m) -> str:
    body = m.group(1)
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    return "^{" + ascii_math(body) + "}"


def ascii_math(text: str) -> str:
    r"""LaTeX math of a short ASCII formula: ``u^-(h+sigma)`` -> ``u^{-(h+\sigma)}``.

    Exponents are braced (recursively), Greek names and functions become commands,
    ``A*`` at the end of a group is ``A^*`` and ``a*b`` a product; used for the
    notes of the seeds (comparisons with printed equations).

    Examples
    --------
    >>> print(ascii_math("4 (X^4 + 1)^2/X^4"))
    4 (X^{4} + 1)^{2}/X^{4}
    >>> print(ascii_math("e^{A*}"), ascii_math("h*sigma"), ascii_math("ln(lambda)/ln 2"))
    e^{A^*} h\,\sigma \ln(\lambda)/\ln 2
    """
    out = re.sub(r"\b([A-Za-z])'([+-]+)(?=[\s^)/]|$)", r"{\1'_{\2}}", str(text))  # T'+-
    out = re.sub(r"(\w)\*(?=[})\s,;=<>/]|$)", r"\1^*", out)
    out = re.sub(r"(?<=\w)\*(?=\w)", r"\\,", out)
    out = re.sub(r"(?<![\\A-Za-z])(?:infinity|inf|oo)\b", r"\\infty", out)
    out = re.sub(r"\+-(?=\\?\w)", r"\\pm ", out)
    out = re.sub(r"\s?(<=|>=|->)\s?", lambda m: {"<=": r" \le ", ">=": r" \ge ",
                                                 "->": r" \to "}[m.group(1)], out)
    out = re.sub(r"\bsqrt\s*(?:\(([^()]*)\)|(\w))",
                 lambda m: r"\sqrt{" + (m.group(1) or m.group(2)) + "}", out)
    out = re.sub(r"\b([A-Za-z])~", r"\\tilde{\1}", out)
    out = re.sub(r"_([A-Z]{2,})\b", r"_{\\mathrm{\1}}", out)
    out = re.sub(r"_([A-Za-z0-9]{2,})\b", r"_{\1}", out)
    out = re.sub(rf"(?<![\\A-Za-z])({_GREEK}|nu|mu|eta|pi)(?![A-Za-z])", r"\\\1", out)
    out = re.sub(_FUNCTIONS, lambda m: "\\" + m.group(1) + ("" if m.group(0).endswith(m.group(1))
                                                            else " "), out)
    out = re.sub(r"\^(\{[^{}]*\}|-?\([^()]*\)|-?\w+)", _exponent, out)
    return out


def _label(text: str) -> str:
    """``[2,1]x[1]`` -> ``[2,1]\\times[1]`` (an isotypic block of S_N x S_L)."""
    return text.replace("]x[", r"]\times[")


def _power(text: str) -> str:
    """``10^6`` -> ``10^{6}``."""
    base, _, exp = text.partition("^")
    return f"{base}^{{{exp}}}" if exp else base


#: (regular expression, replacement) pairs; a replacement is LaTeX math (set between
#: ``$``) or a function of the match returning LaTeX text.  Longer phrases come first.
PHRASES = (
    (r"E \(M E\)\^\(p-1\) = kappa E", r"E(ME)^{p-1} = \kappa E"),
    (r"E \(Omega\^T E\)\^\(p-1\) = kappa E", r"E(\Omega^{\mathsf T}E)^{p-1} = \kappa E"),
    (r"E Omega\^T E = E", r"E\Omega^{\mathsf T}E = E"),
    (r"T = E Omega\^T > 0", r"T = E\Omega^{\mathsf T} > 0"),
    (r"E = 1 1\^T", r"E = \mathbf{1}\mathbf{1}^{\mathsf T}"),
    (r"T\^p = kappa T", r"T^p = \kappa T"),
    (r"E_lambda = zeta\^k M_lambda\^-1", r"E_\lambda = \zeta^k M_\lambda^{-1}"),
    (r"E M E = E", r"EME = E"),
    (r"E = M\^-1", r"E = M^{-1}"),
    (r"kappa = 1", r"\kappa = 1"),
    (r"(?<=\s)->(?=\s)", r"\to"),
    (r"\bxi = oo", r"\xi = \infty"),
    (r"\bxi = 0(?![.\d])", r"\xi = 0"),
    (r"\bK = 0(?![.\d])", r"K = 0"),
    (r"\bX, C, Y\b", r"X, C, Y"),
    (rf"\[({_NUM}), ({_NUM})\]",
     lambda m: rf"$[{_power(m.group(1))}, {_power(m.group(2))}]$"),
    (r"< 1e-(\d+)", lambda m: rf"$< 10^{{-{m.group(1)}}}$"),
    (r"\b1e-(\d+)", lambda m: rf"$10^{{-{m.group(1)}}}$"),
    (rf"({_LABEL}): (\d+)", lambda m: rf"$r_{{{_label(m.group(1))}}} = {m.group(2)}$"),
    (_LABEL, lambda m: f"${_label(m.group(0))}$"),
    (r"multiplicities \[(\d+(?:, \d+)*)\]", lambda m: f"multiplicities $({m.group(1)})$"),
    # the infinite-width statements of symrg.records.width / symrg.width.meanfield
    (r"f\(q\) = alpha \+ gamma \(2/pi\) arcsin q",
     r"f(q) = \alpha + \gamma\,\tfrac{2}{\pi}\arcsin q"),
    (r"\b2 gamma/pi < 1", r"2\gamma/\pi < 1"),
    (r"\bchi\(0\) = 2 gamma/pi < 1", r"\chi(0) = 2\gamma/\pi < 1"),
    (r"P\(W=0\) = s, P\(W=\+1\) = P\(W=-1\) = \(1-s\)/2",
     r"P(W{=}0) = s$, $P(W{=}{+1}) = P(W{=}{-1}) = (1-s)/2"),
    (r"\bz/N -> mean \* m", r"z/N \to \langle W\rangle\, m"),
    (r"\bsigma\(sign\(mean m\) inf\)",
     r"\sigma\bigl(\operatorname{sign}(\langle W\rangle m)\,\infty\bigr)"),
    (r"\bO\((?:sqrt )?\w+\)", lambda m: f"${ascii_math(m.group(0))}$"),
    (r"\bz/sqrt\(N\)", r"z/\sqrt{N}"),
    (r"(?<=sparsity )s\b", "s"),
    (r"(?<![\w'])h(?= values?\b)", "h"),                   # "an h value", "not h values"
    (r"\b[A-Za-z]-tilde\b", lambda m: rf"$\tilde{{{m.group(0)[0]}}}$"),
    # the Eq. 22 note of symrg.seeds.paper: "Printed Z_m = derived x (ratio ...)"
    (r"(?<=derived )x(?= \()", r"\times"),
    # generic ASCII mathematics of the seeds' comparison notes
    (rf"{_GROUP} {_FUNCTION_CALL}", lambda m: f"${ascii_math(m.group(0))}$"),  # (N/2) ln(..)
    (_TUPLE, _tuple),
    (_CHAIN, lambda m: f"${ascii_math(m.group(0))}$" if re.search("[A-Za-z]", m.group(0))
     else escape_text(m.group(0))),
    (r"(?<=\s)<=(?=\s)", r"\le"),
    (r"(?<=\s)>=(?=\s)", r"\ge"),
    (_POWER, lambda m: f"${ascii_math(m.group(0))}$"),
    (r"\b[A-Za-z]\w*\{\w+\*\}", lambda m: f"${ascii_math(m.group(0))}$"),     # e^{A*} tail
    (r"\b[A-Za-z]\w*\*[A-Za-z]\w*\b", lambda m: f"${ascii_math(m.group(0))}$"),  # h*sigma
    (r"\bexp\((?:[^()]|\([^()]*\))*\)", lambda m: f"${ascii_math(m.group(0))}$"),
    (r"\bln\([^()]*\)(?:/ln \d+)?", lambda m: f"${ascii_math(m.group(0))}$"),
    (r"\bln (?:\d+|[A-Za-z])\b", lambda m: f"${ascii_math(m.group(0))}$"),
    (_ABS, lambda m: f"${ascii_math(m.group(0))}$"),
    (_NAMED, lambda m: f"${ascii_math(m.group(0))}$"),
    (r"(?<![\w'\\$])[B-HJ-Z](?:/\d+)?(?![\w'])", lambda m: f"${m.group(0)}$"),  # lone capital
    (r"(?<![\w'\\$])[A-Z]'(?![\w'+-])", lambda m: f"${m.group(0)}$"),         # A', K'
    (rf"(?<![\w'\\$])[b-z] {_GREEK_WORD}", lambda m: f"${ascii_math(m.group(0))}$"),  # h sigma
    (r"(?<![\w'\\$])u(?= at \()", "u"),           # "u at (h, sigma) = (0, 1)" of Eq. 22
)

_COMBINED = re.compile("|".join(f"({p})" for p, _ in PHRASES))
_GROUPS = []            # group index of each phrase inside _COMBINED
_index = 1
for _pattern, _ in PHRASES:
    _GROUPS.append(_index)
    _index += 1 + re.compile(_pattern).groups


def escape_text(text) -> str:
    """Plain prose safe in LaTeX text mode: :func:`symrg.text.texescape.escape_latex`."""
    return escape_latex(text)


def _piece(k: int, match) -> str:
    pattern, replacement = PHRASES[k]
    if callable(replacement):
        return replacement(re.fullmatch(pattern, match))
    return f"${replacement}$"


def prose_latex(text) -> str:
    r"""LaTeX text of a plain-text note: known formulas in math mode, the rest escaped.

    Examples
    --------
    >>> print(prose_latex("exact: E = 1 1^T (K = 0); E (M E)^(p-1) = kappa E checked"))
    exact: $E = \mathbf{1}\mathbf{1}^{\mathsf T}$ ($K = 0$); $E(ME)^{p-1} = \kappa E$ checked
    >>> print(prose_latex("block ranks [1]x[1]: 1, [1,1]x[1]: 0; multiplicities [1, 2]"))
    block ranks $r_{[1]\times[1]} = 1$, $r_{[1,1]\times[1]} = 0$; multiplicities $(1, 2)$
    >>> print(prose_latex("entries in [-10^6, 10^6]; so xi = 0 there"))
    entries in $[-10^{6}, 10^{6}]$; so $\xi = 0$ there
    """
    out, last = [], 0
    text = str(text)
    for m in _COMBINED.finditer(text):
        out.append(escape_text(text[last:m.start()]))
        k = next(i for i, g in enumerate(_GROUPS) if m.group(g) is not None)
        out.append(_piece(k, m.group(0)))
        last = m.end()
    out.append(escape_text(text[last:]))
    return "".join(out)
