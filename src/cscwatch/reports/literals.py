"""Expand a finite regular expression into the strings it can match, in the order in which
Python's backtracking ``re`` engine tries them.

The theme patterns are finite ("(stable|unstable) placements?" matches four strings), so a
theme can be counted by a multi-string search (Aho-Corasick) instead of running its regex
over the whole text. Keeping ``re``'s order matters: where several strings match at one
place, the regex takes the first one it tries, and that choice decides where the next
non-overlapping match may start.

Uses the standard library's own pattern parser, so the expansion reads a pattern exactly as
``re.compile`` does. Patterns with anchors, ``.``, ``\\w``-style classes, negated sets or long
repetitions are not finite in this sense: ``expand`` returns None and callers use the regex.
"""

from __future__ import annotations

# The standard library's own parser (stable since 3.11). typeshed stubs only the deprecated
# ``sre_parse``/``sre_constants`` aliases, not these private modules, hence the ignores.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

__all__ = ["expand"]

# Give up (and let the caller use the regex) beyond this many strings for one pattern.
MAX_STRINGS = 50_000
# The longest bounded repetition expanded ("a{0,4}"); longer ones are left to the regex.
MAX_REPEAT = 4


class _NotFinite(Exception):
    pass


def expand(pattern: str, *, lower: bool = True) -> list[str] | None:
    """The strings ``pattern`` matches, first-tried first, without duplicates (lower-cased
    when ``lower``, for a case-insensitive pattern); None if it is not a small finite set."""
    try:
        strings = _sequence(sre_parse.parse(pattern))
    except (_NotFinite, ValueError, RecursionError):
        return None
    seen: set[str] = set()
    out = []
    for s in strings:
        s = s.lower() if lower else s
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def _sequence(items) -> list[str]:
    # A sequence is tried in lexicographic order of its items' choices (depth first).
    out = [""]
    for op, arg in items:
        options = _item(op, arg)
        out = [a + b for a in out for b in options]
        if len(out) > MAX_STRINGS:
            raise _NotFinite
    return out


def _item(op, arg) -> list[str]:
    if op is sre.LITERAL:
        return [chr(arg)]
    if op is sre.IN:  # a character class: one character, so the order does not matter
        chars = []
        for kind, value in arg:
            if kind is sre.LITERAL:
                chars.append(chr(value))
            elif kind is sre.RANGE and value[1] - value[0] < 64:
                chars += [chr(c) for c in range(value[0], value[1] + 1)]
            else:
                raise _NotFinite  # a negated set, \w, \d, ...
        return chars
    if op is sre.SUBPATTERN:
        return _sequence(arg[-1])
    if op is sre.BRANCH:  # alternatives, in the order written
        return [s for alternative in arg[1] for s in _sequence(alternative)]
    if op is sre.MAX_REPEAT:  # greedy: more repetitions are tried before fewer
        low, high, body = arg
        if high > MAX_REPEAT:
            raise _NotFinite
        return _repeat(_sequence(body), low, high)
    raise _NotFinite  # '.', anchors, lazy repeats, lookarounds, back-references


def _repeat(options: list[str], low: int, high: int) -> list[str]:
    if high == 0:
        return [""]
    out = [o + rest for o in options for rest in _repeat(options, max(low - 1, 0), high - 1)]
    if low == 0:
        out.append("")  # no (further) repetition is the last thing tried
    return out
