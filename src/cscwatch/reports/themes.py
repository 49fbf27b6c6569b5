"""Themes: count recurring subjects in a report's passages and recommendations.

The dictionary lives in ``data/themes.yaml`` (versioned, editable). Each pattern is matched
case-insensitively on word boundaries; a theme's count in a text is the number of
non-overlapping matches of all its patterns (overlapping matches of two patterns of one
theme count once), exactly as the theme's regular expression finds them.

Counting is fast because the patterns are finite: each theme's patterns are expanded into
the strings they match (reports.literals) and one Aho-Corasick pass (ahocorasick-rs) over
the lower-cased text finds every theme's candidates; word boundaries and the regex's choice
among overlapping matches are then applied. A pattern that is not finite (say "foo.*bar") makes
its theme fall back to the regex.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import ahocorasick_rs
import yaml

from cscwatch.reports.literals import expand
from cscwatch.reports.recommendations import PRIORITY_ACTION

__all__ = [
    "Theme",
    "ThemeDictionary",
    "load_themes",
    "count_themes",
    "count_in_recommendations",
    "themes_in",
    "RECOMMENDATIONS_SECTION",
    "PRIORITY_ACTIONS_SECTION",
]

# The section name under which recommendation counts are reported (and may be stored).
RECOMMENDATIONS_SECTION = "Recommendations"
# ... and the one for a visit letter's areas for priority action.
PRIORITY_ACTIONS_SECTION = "Priority actions"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    patterns: tuple[str, ...]
    # Every lower-case string the patterns match, in the order the regex tries them (see
    # reports.literals); None when a pattern is not a small finite set (the regex is used).
    literals: tuple[str, ...] | None = None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """All the patterns as one case-insensitive regex, on word boundaries (compiled when
        first needed: counting uses the literals)."""
        return _compile(self.patterns)

    def count(self, text: str) -> int:
        """Non-overlapping matches in ``text``, by the regex (the reference behaviour)."""
        return sum(1 for _ in self.regex.finditer(text))


@dataclass(frozen=True)
class ThemeDictionary:
    version: str
    date: str
    themes: tuple[Theme, ...]

    def __iter__(self):
        return iter(self.themes)

    def by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}

    @cached_property
    def _automaton(self) -> tuple[ahocorasick_rs.AhoCorasick, list[tuple]] | None:
        """One Aho-Corasick automaton over every theme's strings, and for each string its
        (theme index, priority) entries."""
        entries: dict[str, list[tuple[int, int]]] = {}
        for index, theme in enumerate(self.themes):
            for priority, s in enumerate(theme.literals or ()):
                entries.setdefault(s, []).append((index, priority))
        if not entries:
            return None
        strings = list(entries)
        automaton = ahocorasick_rs.AhoCorasick(
            strings, implementation=ahocorasick_rs.Implementation.DFA
        )
        return automaton, [tuple(entries[s]) for s in strings]

    def counts(self, text: str) -> list[int]:
        """Per theme (in dictionary order), the number of non-overlapping matches in
        ``text``: exactly what each theme's regex finds, in one pass over the text."""
        low = text.lower()
        if self._automaton is None or len(low) != len(text):  # (lower() moved the offsets)
            return [t.count(text) for t in self.themes]
        automaton, entries = self._automaton
        n = len(text)
        found: list[list[tuple[int, int, int]]] = [[] for _ in self.themes]
        # Every occurrence of every string (character offsets), then the patterns' boundaries.
        for key, start, end in automaton.find_matches_as_indexes(low, overlapping=True):
            if (end < n and _wordlike(text[end])) or (start and _wordlike(text[start - 1])):
                continue
            for index, priority in entries[key]:
                found[index].append((start, priority, end))
        out = []
        for theme, matches in zip(self.themes, found, strict=True):
            if theme.literals is None:
                out.append(theme.count(text))
                continue
            # As the regex does: the leftmost match, the first-tried string there, then on
            # from its end.
            matches.sort()
            k = pos = 0
            for start, _priority, end in matches:
                if start >= pos:
                    k, pos = k + 1, end
            out.append(k)
        return out


def _wordlike(ch: str) -> bool:
    """What the patterns' boundaries exclude either side of a match: a word character
    (as re's \\w) or a hyphen."""
    return ch.isalnum() or ch == "_" or ch == "-"


def _body(patterns: Iterable[str]) -> str:
    # straight and curly apostrophes are the same letter to a reader
    return "|".join(f"(?:{p})" for p in patterns).replace("'", "['\u2019]")


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_body(patterns)})(?![\w-])", re.IGNORECASE)


def _literals(patterns: Iterable[str]) -> tuple[str, ...] | None:
    strings = expand(_body(patterns))
    return tuple(strings) if strings and "" not in strings else None


def _load(text: str) -> ThemeDictionary:
    doc = yaml.safe_load(text)
    themes = []
    seen = set()
    for t in doc["themes"]:
        if t["id"] in seen:
            raise ValueError(f"theme id {t['id']!r} appears twice")
        seen.add(t["id"])
        patterns = tuple(str(p) for p in t["patterns"])
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"theme {t['id']!r}: pattern {p!r} is not valid: {exc}") from None
        themes.append(
            Theme(
                t["id"],
                t["label"],
                t.get("description", ""),
                patterns,
                _literals(patterns),
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
    return {t.id: n for t, n in zip(themes, themes.counts(text), strict=True) if n}


def count_themes(passages, themes: ThemeDictionary | None = None) -> list[tuple[str, str, int]]:
    """(theme_id, section, count) for each theme and section where the theme occurs.

    ``passages``: objects with ``.section`` and ``.text`` (reports.passages.Passage) or
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
    ``.text`` or plain strings); same shape as count_themes, ready for theme_counts. A visit's
    areas for priority action (kind 'priority_action') are counted the same way, under their
    own section ("Priority actions"), so that the inspections' counts keep their meaning."""
    sections = [
        (
            PRIORITY_ACTIONS_SECTION
            if getattr(r, "kind", None) == PRIORITY_ACTION
            else RECOMMENDATIONS_SECTION,
            r.text if hasattr(r, "text") else str(r),
        )
        for r in recs
    ]
    return count_themes(sections, themes)
