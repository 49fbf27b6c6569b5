"""Visits between inspections: what a focused or monitoring visit letter decides, and the
interventions (a trust running the services, a statutory direction, a commissioner, an
improvement board) a report or letter states.

- focus: one word of the vocabulary's ``visit_focus`` (data/vocabulary.yaml), read from the
  sentence saying what inspectors looked at (a monitoring visit's 'Areas covered by the visit');
- priority_actions: the number of areas for priority action the letter sets at this visit,
  counted under its 'Area(s) for priority action' heading (0 where there is none, or where the
  heading says there are no new ones);
- visit_number: a monitoring visit's place in the series ('the fourth monitoring visit since
  the local authority was judged inadequate').

Names of trusts and the phrases for each kind of intervention are data (data/interventions.yaml)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from cscwatch import vocabulary
from cscwatch.reports.dates import MONTHS
from cscwatch.reports.pagelines import CleanPages, Line, clean_pages, join_wrapped
from cscwatch.reports.recommendations import PRIORITY_ACTION, Recommendation
from cscwatch.vocabulary import ORDINALS

_APOS = re.compile("[’‘`]")
_BULLET = re.compile(r"^\s*[◼\uf06e\uf0a7\uf0b7•▪●■–-]\s*")


def _norm(text: str) -> str:
    """Text with one kind of apostrophe and the PDF's hyphenation marks removed."""
    return _APOS.sub("'", text.replace("\ufffe", "-").replace("\u00ad", ""))


# Focus ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FocusRule:
    id: str
    phrases: re.Pattern[str] | None
    weak: re.Pattern[str] | None
    fallback: re.Pattern[str] | None


def _alternation(items: list[str] | None) -> re.Pattern[str] | None:
    items = [i for i in (items or []) if i]
    return re.compile("|".join(f"(?:{i})" for i in items), re.IGNORECASE) if items else None


@functools.cache
def focus_rules() -> tuple[_FocusRule, ...]:
    return tuple(
        _FocusRule(
            r["id"],
            _alternation(r.get("phrases")),
            _alternation(r.get("weak")),
            _alternation(r.get("fallback")),
        )
        for r in vocabulary.VISIT_FOCUS_RULES
    )


OTHER = "other"

# A sentence about the visit's scope: 'Inspectors looked at the local authority's arrangements
# for ...', 'This visit looked at ...', 'Specifically, they considered ...'.
_SCOPE = re.compile(
    r"\b(?:(?:inspectors|they|this visit|the visit)\s+(?:also\s+)?"
    r"(?:looked at|considered|evaluated|reviewed|focused on|examined)"
    r"|the focus of (?:this|the) visit was(?:\s+on)?)\s+"
    r"(?P<what>[^.]{5,600})",
    re.IGNORECASE,
)
_NOT_SCOPE = re.compile(r"^(?:a range of|the evidence|children's (?:case )?records|case records)")
_FOCUS_ON = re.compile(
    r"\b(?:particular|specific|with a) focus on|\bfocusing (?:specifically )?on", re.IGNORECASE
)
_AREAS_COVERED = re.compile(r"areas? covered (?:by|during|in) (?:the|this) visit", re.IGNORECASE)
# Headings that end the opening paragraphs (case matters: 'the findings of' is no heading).
_SECTION_END = re.compile(
    r"\b(?:Headline [Ff]indings|HEADLINE FINDINGS|Overview|Summary of findings|Main [Ff]indings"
    r"|What needs to improve|Findings|Evaluation of progress|Summary)\b"
)


def _areas(text: str) -> dict[str, tuple[int, int]]:
    """Each focus named in ``text``: (start, -length) of its first phrase."""
    found = {}
    for rule in focus_rules():
        m = rule.phrases.search(text) if rule.phrases else None
        if m:
            found[rule.id] = (m.start(), m.start() - m.end())
    return found


def _classify(text: str) -> tuple[str | None, bool]:
    """(focus, weak) of a phrase: the rule whose phrase is printed first (the longer phrase
    where two start together); weak where only a weak phrase matched."""
    found = _areas(text)
    if found:
        return min(found, key=lambda f: found[f]), False
    for rule in focus_rules():
        if rule.weak and rule.weak.search(text):
            return rule.id, True
    return None, False


def _classify_scope(what: str) -> tuple[str | None, bool]:
    """A 'particular focus on ...' decides where the words before it name several areas."""
    m = _FOCUS_ON.search(what)
    if m and len(_areas(what[: m.start()])) > 1:
        focus, weak = _classify(what[m.end() :])
        if focus and not weak:
            return focus, False
    return _classify(what)


def visit_focus(pages: list[str], kind: str | None = None) -> str:
    """The visit's focus (an id of the vocabulary's ``visit_focus``)."""
    head = _norm(" ".join(" ".join(pages[:3]).split()))
    zones: list[str] = []
    if kind == vocabulary.MONITORING_VISIT:
        m = _AREAS_COVERED.search(head)
        if m:
            end = _SECTION_END.search(head, m.end())
            zones.append(head[m.end() : end.start() if end else m.end() + 1500])
    stop = _SECTION_END.search(head, 400)
    zones.append(head[: stop.start() if stop else 6000])
    weak_focus: str | None = None
    for zone in zones:
        if zone is not zones[-1]:  # a monitoring visit's areas covered: read as a whole
            focus, weak = _classify(zone)
            if focus and not weak:
                return focus
            weak_focus = weak_focus or focus
        for m in _SCOPE.finditer(zone):
            what = m.group("what")
            if _NOT_SCOPE.match(what.lower()):
                continue
            focus, weak = _classify_scope(what)
            if focus and not weak:
                return focus
            weak_focus = weak_focus or focus
    if weak_focus:
        return weak_focus
    for rule in focus_rules():
        if rule.fallback and rule.fallback.search(head):
            return rule.id
    return OTHER


# Priority actions -----------------------------------------------------------------------------

_PRIORITY_HEADING = re.compile(
    r"^\s*(?P<plural>Areas|Area\(s\)|Area)\s+for\s+priority\s+actions?\s*:?\s*(?P<rest>.*)$"
)
_NEXT_HEADING = re.compile(
    r"^\s*(?:what needs to improve|areas? for improvement|main findings|findings\b|headline"
    r"|overview|summary|next steps|yours sincerely|the local authority should|recommendations"
    r"|in addition to the existing areas)",
    re.IGNORECASE,
)
_NONE_SET = re.compile(
    r"\bno (?:new |additional |further )?(?:areas? for )?priority actions?\b"
    r"|\bpriority actions? (?:set|identified|made) at (?:the|a) (?:last|previous|earlier)\b"
    r".{0,80}\bremain",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NO_PRIORITY = re.compile(r"\bthere (?:are|were) no (?:areas for )?priority actions?\b", re.I)


# A line that starts an area: a bullet, or a number ('1. The quality of ...').
_ITEM = re.compile(_BULLET.pattern + r"|^\s*\d{1,2}[.)]\s+(?=\S)")
_SWIFT = re.compile(r"swift and decisive action", re.IGNORECASE)
_FINISHED = (".", "?", "!", ")", "'", '"', "”")


def priority_action_areas(
    pages: list[str], cleaned: CleanPages | None = None
) -> list[Recommendation]:
    """The areas for priority action this letter sets, in the order printed: one record each
    (kind ``priority_action``), its text with the bullet dropped and wrapped lines joined, and
    the page it starts on. Read under the letter's first 'Area(s) for priority action'
    heading, up to the next heading:

    - a list (bullets or numbers): one area per item; the sentence that introduces the list
      ('... swift and decisive action to address the following areas of weakness:') is not
      an area;
    - a singular heading ('Area for priority action'): one area, the whole section (its
      sub-bullets are parts of it);
    - a paragraph with no list that asks for 'swift and decisive action': one area;
    - none where the section says no (new) areas are set, or carries earlier ones over.

    ``cleaned``: the pages already cleaned (``clean_pages(pages)``), when the caller has them.
    """
    if cleaned is None:
        cleaned = clean_pages(pages)
    lines = [Line(x.page, _norm(x.text)) for page in cleaned for x in page]
    for i, line in enumerate(lines):
        m = _PRIORITY_HEADING.match(line.text)
        if not m:
            continue
        rest = m.group("rest").strip()
        if rest and not (_BULLET.match(rest) or rest[:1].isupper() or rest[:1].isdigit()):
            continue  # a sentence that wrapped onto a new line, not a heading
        stop = i + 1
        while stop < min(i + 60, len(lines)) and not _NEXT_HEADING.match(lines[stop].text):
            stop += 1
        section = ([Line(line.page, rest)] if rest else []) + lines[i + 1 : stop]
        # the page of what follows the section (None: the letter's end)
        then = lines[stop].page if stop < len(lines) else None
        return _areas_of(section, then, singular=m.group("plural") == "Area")
    return []


def priority_actions(pages: list[str], cleaned: CleanPages | None = None) -> int:
    """The number of areas for priority action this letter sets (0 when it sets none): the
    number of priority_action_areas(), so that the two cannot disagree."""
    return len(priority_action_areas(pages, cleaned))


def _areas_of(section: list[Line], then: int | None, *, singular: bool) -> list[Recommendation]:
    """The areas in the lines under a priority-action heading (see priority_action_areas);
    ``then`` is the page of the line after the section."""
    texts = [x.text for x in section]
    intro: list[int] = []
    items: list[list[int]] = []
    for j, text in enumerate(texts):
        m = _ITEM.match(text)
        if m:
            texts[j] = text[m.end() :]
            items.append([j])
        elif items:
            items[-1].append(j)
        else:
            intro.append(j)
    whole = " ".join(x.text for x in section)
    if singular:
        if _NONE_SET.search(whole) and not items:
            return []
        parts = [list(range(len(section)))]
    elif items:
        parts = items
    elif _NONE_SET.search(whole) or not _SWIFT.search(whole):
        return []
    else:
        parts = [intro]
    pages: list[int | None] = [x.page for x in section]
    pages.append(then)
    out: list[Recommendation] = []
    for part in parts:
        kept = _without_trailing_furniture(part, texts, pages)
        text = join_wrapped([texts[j] for j in kept])
        if text:
            out.append(Recommendation(len(out) + 1, PRIORITY_ACTION, text, section[kept[0]].page))
    return out


def _without_trailing_furniture(
    part: list[int], texts: list[str], pages: list[int | None]
) -> list[int]:
    """The lines ``part`` (indexes into ``texts``) less the unpunctuated ones that follow its
    last finished sentence to the end of that page, where the area ends with the page: the
    page's furniture (the letterhead's address, printed after the text on a letter's first
    page), not words of the area. ``pages[j]`` is the page of line j (and of what follows)."""
    finished = [j for j in part if texts[j].rstrip().endswith(_FINISHED)]
    if not finished or finished[-1] == part[-1]:
        return part
    last = finished[-1]
    tail = part[part.index(last) + 1 :]
    if all(pages[j] == pages[last] for j in tail) and pages[part[-1] + 1] != pages[last]:
        return part[: part.index(last) + 1]
    return part


# Monitoring visits ------------------------------------------------------------------------------

_VISIT_NUMBER = re.compile(
    r"\b(?:the|its|this|authority's|council's)\s+(?P<n>"
    + "|".join(ORDINALS)
    + r"|\d{1,2}(?:st|nd|rd|th))\s+monitoring\s+visit",
    re.IGNORECASE,
)
_SINCE_INADEQUATE = re.compile(
    r"monitoring visit since .{0,80}?(?:judged|found to be)\s+(?:to be\s+)?inadequate\s+in\s+"
    r"(?P<when>[A-Za-z]+\s+(?:19|20)\d{2})",
    re.IGNORECASE,
)


def visit_number(text: str) -> int | None:
    """Which monitoring visit this is, where the letter says so ('the fourth monitoring visit',
    'the 4th monitoring visit'); None where it does not."""
    flat = " ".join(text.split())
    m = _VISIT_NUMBER.search(flat)
    if not m:
        return None
    n = m.group("n").lower()
    return ORDINALS.get(n) or int(re.sub(r"\D", "", n))


def judged_inadequate_in(text: str) -> str | None:
    """'2019-03' from '... since the local authority was judged inadequate in March 2019'."""
    m = _SINCE_INADEQUATE.search(" ".join(text.split()))
    if not m:
        return None
    month, year = m.group("when").split()
    number = MONTHS.get(month.lower())
    return f"{year}-{number:02d}" if number else None


# Interventions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intervention:
    kind: str  # an id of data/interventions.yaml `kinds`
    detail: str  # the trust's name, or the phrase as printed
    date: str | None  # as precise as stated: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; else None
    date_stated: bool  # False where the report's date stands in
    page: int


@dataclass(frozen=True)
class _Body:
    name: str
    pattern: re.Pattern[str]
    councils: tuple[str, ...]


@functools.cache
def _interventions_data() -> dict[str, Any]:
    text = resources.files("cscwatch.data").joinpath("interventions.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _name_pattern(name: str) -> str:
    words = [re.escape(_norm(w)) for w in name.split()]
    return r"\b" + r"\s+".join(words) + r"\b"


@functools.cache
def delivery_bodies() -> tuple[_Body, ...]:
    out = []
    for b in _interventions_data()["delivery_bodies"]:
        names = [b["name"], *b.get("aliases", [])]
        pattern = re.compile("|".join(_name_pattern(n) for n in names), re.IGNORECASE)
        out.append(_Body(b["name"], pattern, tuple(str(c) for c in b["councils"])))
    return tuple(out)


@functools.cache
def _kind_patterns() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    """Each kind of intervention found by phrases: its id, its phrases as one pattern, and
    the words every match contains (a page with none of them is not searched)."""
    out = []
    for k in _interventions_data()["kinds"]:
        pattern = _alternation(k.get("phrases"))
        if pattern is not None:
            compiled = re.compile(rf"\b(?:{pattern.pattern})\b", re.IGNORECASE)
            out.append((k["id"], compiled, tuple(k["triggers"])))
    return tuple(out)


def delivery_body_councils(text: str) -> tuple[str, ...]:
    """The councils whose services the first trust or company named in ``text`` runs."""
    found = [(m.start(), b) for b in delivery_bodies() if (m := b.pattern.search(_norm(text)))]
    return min(found, key=lambda f: f[0])[1].councils if found else ()


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# A date stated for an intervention: 'in August 2013', 'on 1 October 2015', 'since 2014'.
_STATED = re.compile(
    rf"\b(?:in|on|since|from|until|by|dated)\s+(?:(?:early|late|mid)[- ]\s*)?"
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?:(?P<month>{_MONTH})\s+)?"
    rf"(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
# ... unless it dates something else: a judgement, an inspection or a visit.
_OTHER_EVENT = re.compile(r"inadequate|judged|judgement|inspect|visit|report", re.IGNORECASE)
# How far from the mention a date may stand, within its sentence.
_NEAR = 120


def _stated_date(text: str, start: int, end: int) -> str | None:
    """The date stated nearest the mention at text[start:end], in its sentence."""
    left = max(text.rfind(". ", 0, start), text.rfind("◼", 0, start), start - _NEAR)
    right = text.find(". ", end)
    right = min(right if right >= 0 else len(text), end + _NEAR)
    best: tuple[int, str] | None = None
    for m in _STATED.finditer(text, max(left, 0), right):
        if _OTHER_EVENT.search(text[max(m.start() - 40, 0) : m.start()]):
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        value = _iso_partial(m)
        if value and (best is None or distance < best[0]):
            best = (distance, value)
    return best[1] if best else None


def _iso_partial(m: re.Match[str]) -> str | None:
    year = m.group("year")
    if not m.group("month"):
        return None if m.group("day") else year
    month = MONTHS[m.group("month").lower()]
    if m.group("day"):
        try:
            return dt.date(int(year), month, int(m.group("day"))).isoformat()
        except ValueError:
            return None
    return f"{year}-{month:02d}"


def find_interventions(
    pages: list[str], la_code: str | None, report_date: dt.date | None
) -> list[Intervention]:
    """Each kind of intervention the report states, once (its first mention), with the date
    stated in that sentence (else the report's date) and its page. Trusts and companies count
    only where they run the services of this report's council."""
    found: dict[tuple[str, str], Intervention] = {}
    fallback = report_date.isoformat() if report_date else None
    bodies = [b for b in delivery_bodies() if la_code in b.councils]
    kinds = _kind_patterns()

    def add(kind: str, detail: str, page: int, text: str, m: re.Match[str]) -> None:
        key = (kind, detail.lower())
        if key in found:
            return
        stated = _stated_date(text, m.start(), m.end())
        found[key] = Intervention(kind, detail, stated or fallback, stated is not None, page)

    for number, page in enumerate(pages, start=1):
        # The trigger words are single words: found in the page as extracted (soft hyphens
        # aside) wherever the normalised page holds them, so most pages are never normalised.
        lowered = page.lower().replace("\u00ad", "")
        searched = [k for k in kinds if any(t in lowered for t in k[2])]
        if not (searched or bodies):
            continue
        text = _norm(" ".join(page.split()))
        for body in bodies:
            m = body.pattern.search(text)
            if m:
                add("trust", body.name, number, text, m)
        for kind, pattern, _ in searched:
            m = pattern.search(text)
            if m and not any(k == kind for k, _ in found):
                add(kind, " ".join(m.group(0).lower().split()), number, text, m)
    return sorted(found.values(), key=lambda i: (i.page, i.kind))
