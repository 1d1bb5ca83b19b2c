r"""The one LaTeX escaper: plain text to pure-ASCII LaTeX text mode.

Specials are escaped (``\ { } $ & # ^ _ % ~`` and ``[ ]``, which could otherwise
open an optional argument), Greek letters become math, accented letters LaTeX
accents, typographic characters their LaTeX forms, anything else ``?``; control
characters become spaces.  Used by the report environment
(:func:`symrg.report.latex.escape_latex`, which marks the result trusted) and by the
math text of records (:func:`symrg.text.mathtext.escape_text`).
"""

import unicodedata

__all__ = ["escape_latex"]


_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
    "#": r"\#", "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%",
    "~": r"\textasciitilde{}", "[": "{[}", "]": "{]}",
}
# LaTeX has no upper-case Alpha, Beta, ... (they look like Latin letters).
_GREEK_UPPER_LATIN = {"ALPHA": "A", "BETA": "B", "EPSILON": "E", "ZETA": "Z", "ETA": "H",
                      "IOTA": "I", "KAPPA": "K", "MU": "M", "NU": "N", "OMICRON": "O",
                      "RHO": "P", "TAU": "T", "CHI": "X"}
_GREEK_LOWER_SPECIAL = {"omicron": "o", "final sigma": r"\varsigma", "lamda": r"\lambda"}
# The Greek letters LaTeX (with amssymb) can set; others (digamma, koppa, heta, yot,
# sampi, ...) are transliterated by name.
_GREEK_LOWER_TEX = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
    "sigma tau upsilon phi chi psi omega".split())
_GREEK_UPPER_TEX = frozenset("Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi "
                             "Omega".split())
#: Longest run of non-space characters set without a line-break opportunity.
_BREAK_AFTER = 24
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~",
            "\u0327": "c", "\u030c": "v", "\u030a": "r", "\u0304": "=", "\u0306": "u",
            "\u0307": ".", "\u030b": "H", "\u0328": "k"}
_OTHER = {
    "\u00df": r"\ss{}", "\u00e6": r"\ae{}", "\u00c6": r"\AE{}", "\u00f8": r"\o{}",
    "\u00d8": r"\O{}", "\u0142": r"\l{}", "\u0141": r"\L{}", "\u0153": r"\oe{}",
    "\u0152": r"\OE{}", "\u00e5": r"\aa{}", "\u00c5": r"\AA{}", "\u2013": "--",
    "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``", "\u201d": "''",
    "\u2026": r"\ldots{}", "\u00a0": "~", "\u00d7": r"$\times$", "\u00b1": r"$\pm$",
    "\u2212": r"$-$", "\u2264": r"$\leq$", "\u2265": r"$\geq$", "\u2260": r"$\neq$",
    "\u221e": r"$\infty$", "\u00b7": r"$\cdot$", "\u2192": r"$\to$", "\u2248": r"$\approx$",
    "\u00b0": r"$^\circ$", "\u00b5": r"$\mu$", "\u2202": r"$\partial$", "\u2211": r"$\sum$",
}


def _greek(char):
    """LaTeX for a Greek letter (``$\\beta$``), or None when ``char`` is not Greek.

    Letters LaTeX has no command for are transliterated by their Unicode name
    (``\u03df`` GREEK SMALL LETTER KOPPA becomes ``koppa``), so any Greek text sets.
    """
    name = unicodedata.name(char, "")
    for prefix, upper in (("GREEK SMALL LETTER ", False), ("GREEK CAPITAL LETTER ", True),
                          ("GREEK LETTER ", None)):
        if not name.startswith(prefix):
            continue
        letter = name[len(prefix):]
        if " " in letter and letter != "FINAL SIGMA":
            return None          # letters with tonos etc.: fall back to the table
        if upper:
            if letter in _GREEK_UPPER_LATIN:
                return _GREEK_UPPER_LATIN[letter]
            command = letter.capitalize()
            return "$\\" + command + "$" if command in _GREEK_UPPER_TEX else command
        lower = letter.lower()
        if lower in _GREEK_LOWER_SPECIAL:
            return "$" + _GREEK_LOWER_SPECIAL[lower] + "$"
        if upper is False and lower in _GREEK_LOWER_TEX:
            return "$\\" + lower + "$"
        return lower if upper is False else letter.capitalize()
    return None


def _non_ascii(char):
    if char in _OTHER:
        return _OTHER[char]
    greek = _greek(char)
    if greek is not None:
        return greek
    decomposed = unicodedata.normalize("NFKD", char)
    base, marks = decomposed[:1], decomposed[1:]
    if base.isascii() and base.isalpha() and len(marks) == 1 and marks in _ACCENTS:
        base = {"i": r"\i", "j": r"\j"}.get(base, base)
        return "\\" + _ACCENTS[marks] + "{" + base + "}"
    if decomposed != char and decomposed.isascii():      # ligatures, full-width forms
        return escape_latex(decomposed)
    category = unicodedata.category(char)
    if category == "Cf":                 # zero-width and direction marks: invisible
        return ""
    if category[0] in "CZ":              # other controls and separators: a space
        return " "
    return "?"


def escape_latex(text, wrap: bool = False) -> str:
    r"""Escape plain text for LaTeX text mode; the result is pure ASCII.

    Parameters
    ----------
    text : str
    wrap : bool
        Allow a line break inside every run of more than 24 non-space characters
        (``\\allowbreak{}``), so long names wrap; for prose such as titles, never for
        file names.

    Examples
    --------
    >>> print(escape_latex(r"$x$ & 100% #1 _ ^ ~ {} \ [a]"))
    \$x\$ \& 100\% \#1 \_ \textasciicircum{} \textasciitilde{} \{\} \textbackslash{} {[}a{]}
    >>> print(escape_latex("β-VAE, Schrödinger"))
    $\beta$-VAE, Schr\"{o}dinger
    """
    out, run = [], 0
    for char in str(text):
        if wrap and run >= _BREAK_AFTER and not char.isspace():
            out.append(r"\allowbreak{}")      # long names wrap
            run = 0
        run = 0 if char.isspace() else run + 1
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char.isascii():
            # control characters (newlines too) become spaces: no paragraph breaks
            out.append(char if char.isprintable() else " ")
        else:
            out.append(_non_ascii(char))
    return "".join(out)
