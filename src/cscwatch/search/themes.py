"""Themes: count recurring subjects in a report's passages and recommendations.

The dictionary lives in ``data/themes.yaml`` (versioned, editable). Each pattern is matched
case-insensitively on word boundaries; a theme's count in a text is the number of
non-overlapping matches of all its patterns (overlapping matches of two patterns of one
theme count once).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

__all__ = [
    "Theme",
    "ThemeDictionary",
    "load_themes",
    "count_themes",
    "count_in_recommendations",
    "themes_in",
    "RECOMMENDATIONS_SECTION",
]

# The section name under which recommendation counts are reported (and may be stored).
RECOMMENDATIONS_SECTION = "Recommendations"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str]
    # Lower-case strings at least one of which occurs in any text the theme matches (None:
    # no such set could be derived). A cheap substring test skips the regex on most text.
    triggers: frozenset[str] | None = None

    def count(self, text: str, lowered: str | None = None) -> int:
        if self.triggers is None:
            return sum(1 for _ in self.regex.finditer(text))
        low = lowered if lowered is not None else text.lower()
        # Every match holds a trigger, and no match is longer than WINDOW: the regex only
        # needs to run around the triggers' occurrences (found at C speed by str.find).
        return sum(
            1
            for start, end in _windows(low, self.triggers)
            for _ in self.regex.finditer(text, start, end)
        )


# Longer than any match of a theme pattern with triggers (their patterns have no repetition).
WINDOW = 200


def _windows(low: str, triggers: frozenset[str]) -> list[tuple[int, int]]:
    """Disjoint stretches of ``low`` that reach WINDOW characters either side of every
    occurrence of a trigger; their edges fall on spaces, never inside a word."""
    spans = []
    for t in triggers:
        i = low.find(t)
        while i != -1:
            spans.append((i - WINDOW, i + len(t) + WINDOW))
            i = low.find(t, i + 1)
    if not spans:
        return []
    spans.sort()
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out = []
    for a, b in merged:
        a = 0 if a <= 0 else max(low.rfind(" ", 0, a), 0)
        b = len(low) if b >= len(low) else (low.find(" ", b) % (len(low) + 1) or len(low))
        out.append((a, b))
    return out


def _split_top(pattern: str) -> list[tuple[str, str, bool]] | None:
    """Top-level pieces of a pattern: ('lit', text, required) or ('grp', body, required).
    None when the pattern has a top-level alternation or a construct we do not follow."""
    pieces: list[tuple[str, str, bool]] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            pieces.append(("lit", "", False))  # an escape: a break between literals
            i += 2
        elif ch == "(":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                j += 1
            optional = j < n and pattern[j] in "?*"
            pieces.append(("grp", pattern[i + 1 : j - 1], not optional))
            i = j + (1 if optional else 0)
        elif ch == "|":
            return None
        elif ch in "?*":
            if pieces and pieces[-1][0] == "lit":  # the last character is optional
                kind, lit, req = pieces.pop()
                pieces += [("lit", lit[:-1], req), ("lit", "", False)]
            i += 1
        elif ch == "[":  # a character class: a break between literals
            j = pattern.index("]", i + 1)
            pieces.append(("lit", "", False))
            i = j + 1
            if i < n and pattern[i] in "?*":
                i += 1
        elif ch == ".":
            pieces.append(("lit", "", False))
            i += 1
        elif ch in "{+^$":
            return None
        else:
            if pieces and pieces[-1][0] == "lit" and pieces[-1][2]:
                pieces[-1] = ("lit", pieces[-1][1] + ch, True)
            else:
                pieces.append(("lit", ch, True))
            i += 1
    return pieces


def _triggers(pattern: str) -> frozenset[str] | None:
    """Strings one of which must occur (lower case) wherever ``pattern`` matches."""
    pieces = _split_top(pattern)
    if pieces is None:
        return None
    options: list[frozenset[str]] = []
    for kind, body, required in pieces:
        if not required:
            continue
        if kind == "lit":
            words = re.findall(r"[a-z]{3,}", body.lower())
            if words:
                options.append(frozenset([max(words, key=len)]))
        elif "(" not in body and "[" not in body and "\\" not in body:
            # an optional character ("placements?") is not required: cut the word there
            alts = [
                re.findall(r"[a-z]{3,}", re.sub(r".[?*]", " ", a.lower())) for a in body.split("|")
            ]
            if alts and all(alts):
                options.append(frozenset(max(w, key=len) for w in alts))
    if not options:
        return None
    return min(options, key=lambda o: (len(o), -min(map(len, o))))


def _theme_triggers(patterns: Iterable[str]) -> frozenset[str] | None:
    out: set[str] = set()
    for p in patterns:
        if any(c in p for c in "*+{"):  # unbounded or long repetition: no window can hold it
            return None
        t = _triggers(p)
        if t is None:
            return None
        out |= t
    return frozenset(out)


@dataclass(frozen=True)
class ThemeDictionary:
    version: str
    date: str
    themes: tuple[Theme, ...]

    def __iter__(self):
        return iter(self.themes)

    def by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    # straight and curly apostrophes are the same letter to a reader
    body = "|".join(f"(?:{p})" for p in patterns).replace("'", "['\u2019]")
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _load(text: str) -> ThemeDictionary:
    doc = yaml.safe_load(text)
    themes = []
    seen = set()
    for t in doc["themes"]:
        if t["id"] in seen:
            raise ValueError(f"theme id {t['id']!r} appears twice")
        seen.add(t["id"])
        patterns = tuple(str(p) for p in t["patterns"])
        themes.append(
            Theme(
                t["id"],
                t["label"],
                t.get("description", ""),
                patterns,
                _compile(patterns),
                _theme_triggers(patterns),
            )
        )
    return ThemeDictionary(str(doc["version"]), str(doc["date"]), tuple(themes))


@cache
def _default() -> ThemeDictionary:
    return _load(resources.files("cscwatch.data").joinpath("themes.yaml").read_text("utf-8"))


def load_themes(path: str | Path | None = None) -> ThemeDictionary:
    """The theme dictionary: the shipped one, or one from ``path`` (same format)."""
    if path is None:
        return _default()
    return _load(Path(path).read_text("utf-8"))


def themes_in(text: str, themes: ThemeDictionary | None = None) -> dict[str, int]:
    """Counts per theme (only themes that occur) in one text."""
    themes = themes or load_themes()
    out = {}
    low = text.lower()
    for t in themes:
        n = t.count(text, low)
        if n:
            out[t.id] = n
    return out


def count_themes(passages, themes: ThemeDictionary | None = None) -> list[tuple[str, str, int]]:
    """(theme_id, section, count) for each theme and section where the theme occurs.

    ``passages``: objects with ``.section`` and ``.text`` (search.paragraphs.Passage) or
    (section, text) pairs. Sorted by theme order in the dictionary, then section."""
    themes = themes or load_themes()
    # One text per section: patterns never span the blank line between two passages.
    by_section: dict[str, list[str]] = {}
    for p in passages:
        section, text = (p.section, p.text) if hasattr(p, "text") else p
        by_section.setdefault(section, []).append(text)
    counts: Counter[tuple[str, str]] = Counter()
    for section, texts in by_section.items():
        for tid, n in themes_in("\n\n".join(texts), themes).items():
            counts[(tid, section)] += n
    order = {t.id: i for i, t in enumerate(themes)}
    return sorted(
        ((tid, sec, n) for (tid, sec), n in counts.items()),
        key=lambda r: (order[r[0]], r[1]),
    )


def count_in_recommendations(
    recs, themes: ThemeDictionary | None = None
) -> list[tuple[str, str, int]]:
    """(theme_id, "Recommendations", count) over a report's recommendations (objects with
    ``.text`` or plain strings); same shape as count_themes, ready for theme_counts."""
    texts = [r.text if hasattr(r, "text") else str(r) for r in recs]
    return count_themes([(RECOMMENDATIONS_SECTION, t) for t in texts], themes)
