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

    def count(self, text: str) -> int:
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
            Theme(t["id"], t["label"], t.get("description", ""), patterns, _compile(patterns))
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
    for t in themes:
        n = t.count(text)
        if n:
            out[t.id] = n
    return out


def count_themes(passages, themes: ThemeDictionary | None = None) -> list[tuple[str, str, int]]:
    """(theme_id, section, count) for each theme and section where the theme occurs.

    ``passages``: objects with ``.section`` and ``.text`` (search.paragraphs.Passage) or
    (section, text) pairs. Sorted by theme order in the dictionary, then section."""
    themes = themes or load_themes()
    counts: Counter[tuple[str, str]] = Counter()
    for p in passages:
        section, text = (p.section, p.text) if hasattr(p, "text") else p
        for tid, n in themes_in(text, themes).items():
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
