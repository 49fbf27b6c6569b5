"""Parse one Ofsted children's services report: bytes in, a ParsedReport out. Never raises for
bad input: a file that cannot be read becomes a report with status 'error' and the reason."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cscwatch import reference
from cscwatch.reports import model, visits
from cscwatch.reports.dates import dates_in, first_date, pdf_date
from cscwatch.reports.files import (  # noqa: F401 - PARSER_VERSION and the checks, read here
    PARSER_VERSION,
    QUICK_CHECK_SPAN,
    not_regular,
    quick_check,
    quick_check_of,
    read_regular,
    sha256,
)
from cscwatch.reports.judgments import (
    ILACS_LABELS,
    SIF_LABELS,
    FlatText,
    find_judgments,
    is_combined,
)
from cscwatch.reports.pagelines import CleanPages, clean_pages
from cscwatch.reports.pdf import UnreadablePDF, read_pdf

# ILACS inspections of at most this many days on site are short inspections (one week);
# standard inspections run over two weeks.
SHORT_INSPECTION_MAX_DAYS = 7

_APOS = "['’]"
_TITLE_END = re.compile(
    r"inspection dates?\b|lead inspector|reporting inspector|judgement\b|this letter summarises",
    re.IGNORECASE,
)
_KINDS: list[tuple[str, str | None, re.Pattern[str]]] = [
    (model.MONITORING_VISIT, None, re.compile(r"\bmonitoring visit\b", re.I)),
    (model.FOCUSED_VISIT, None, re.compile(r"\bfocused visit\b", re.I)),
    (model.JTAI, None, re.compile(r"\bjoint targeted area inspection\b", re.I)),
    (
        model.INSPECTION,
        "SIF",
        re.compile(r"children in need of help and\s+protection,?\s+children looked after", re.I),
    ),
    (
        model.LSCB_REVIEW,
        None,
        re.compile(r"review of the effectiveness of the local safeguarding children board", re.I),
    ),
    (
        model.INSPECTION,
        "ILACS",
        re.compile(
            rf"inspection of children{_APOS}s social care services"
            rf"|local authority\s+children{_APOS}s\s+services|inspection of .{{0,80}}children{_APOS}s\s+services"
            r"|\bimpact of leaders on social work practice",
            re.I,
        ),
    ),
    (
        model.EARLIER_INSPECTION,
        "pre-2013",
        re.compile(
            r"inspection of (?:safeguarding and )?looked after children|inspection of safeguarding"
            r"|arrangements for the protection of children|inspection of local authority arrangements",
            re.I,
        ),
    ),
]


def parse_file(path: Path, root: Path, text: bool = True) -> model.ParsedReport:
    """Parse the report at ``path``; ``source_file`` is its path relative to ``root``. With
    ``text`` false only the registry facts are read (no passages, recommendations, themes).
    Only regular files inside ``root`` are read (a link out of the folder is refused)."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return model.ParsedReport(rel, "", 0).fail(
                "a symbolic link to outside the folder (not followed)"
            )
        data = read_regular(path)
    except OSError as exc:
        return model.ParsedReport(rel, "", 0).fail(f"cannot read file: {exc.strerror or exc}")
    return parse_bytes(data, rel, text=text)


def parse_bytes(data: bytes, source_file: str, *, text: bool = True) -> model.ParsedReport:
    report = model.ParsedReport(
        source_file=source_file,
        sha256=sha256(data),
        size=len(data),
        quick_check=quick_check_of(data),
    )
    try:
        pdf = read_pdf(data)
    except UnreadablePDF as exc:
        _set_council(report, "")  # the folder or file name may still say whose report it is
        return report.fail(str(exc))
    report.page_count = len(pdf.pages)
    report.pdf_created = pdf_date(pdf.metadata.get("CreationDate"))
    cleaned = Cleaned(pdf.pages)  # (cleaned once, when first needed)
    try:
        _read_pages(report, pdf.pages, cleaned)
        if text:
            _read_text(report, pdf.pages, cleaned)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not end the batch
        return report.fail(f"parser error: {_where(exc)}")
    return report


def _where(exc: BaseException) -> str:
    """A parser bug, named by its exception type and where it was raised, never by its message
    (which may quote the report's text)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return type(exc).__name__
    code = tb.tb_frame.f_code
    return f"{type(exc).__name__} in {code.co_name} ({Path(code.co_filename).name}:{tb.tb_lineno})"


class Cleaned:
    """A report's pages cleaned (``pagelines.clean_pages``) when first asked for, then kept:
    a letter's areas for priority action and the text extractors read the same lines."""

    def __init__(self, pages: list[str]) -> None:
        self.pages = pages
        self._lines: CleanPages | None = None

    def __call__(self) -> CleanPages:
        if self._lines is None:
            self._lines = clean_pages(self.pages)
        return self._lines


def _read_text(
    report: model.ParsedReport, pages: list[str], cleaned: Cleaned | None = None
) -> None:
    """What the report says: recommendations (and a focused visit's areas for priority action,
    kind 'priority_action'), context figures, passages for the full-text index and theme
    counts (search issue). Done here so it runs in the parallel workers."""
    from cscwatch.reports.context import extract_context
    from cscwatch.reports.passages import split_passages
    from cscwatch.reports.recommendations import extract_recommendations
    from cscwatch.reports.themes import count_in_recommendations, count_themes

    lines = (cleaned or Cleaned(pages))()  # once: every extractor reads the same body lines
    report.recommendations = extract_recommendations(lines)
    if report.kind == model.FOCUSED_VISIT:  # its areas for priority action, beside them
        report.recommendations += visits.priority_action_areas(pages, lines)
    if report.framework == "SIF":
        report.context = extract_context(lines)
    report.passages = split_passages(lines)
    report.themes = count_themes(report.passages) + count_in_recommendations(report.recommendations)


def _title_zone(flat_first_page: str) -> str:
    m = _TITLE_END.search(flat_first_page)
    return flat_first_page[: m.start()] if m else flat_first_page[:400]


def classify(title: str, head: str) -> tuple[str, str | None]:
    """(kind, framework) from the report's title zone, falling back to its first pages."""
    for zone in (title, head):
        for kind, framework, pattern in _KINDS:
            if pattern.search(zone):
                return kind, framework
    return model.UNRECOGNISED, None


def _read_pages(
    report: model.ParsedReport, pages: list[str], cleaned: Cleaned | None = None
) -> None:
    flat = FlatText.of(pages)
    first = flat.text[: flat.starts[1]] if len(pages) > 1 else flat.text
    title = _title_zone(first)
    head = flat.text[: flat.starts[min(2, len(pages) - 1)]] if len(pages) > 2 else flat.text
    report.kind, report.framework = classify(title, head)

    on_site = inspection_dates(flat.text)
    start, end = (on_site[0], on_site[-1]) if on_site else (None, None)
    report.inspection_start, report.inspection_end = start, end
    report.lead_inspector = lead_inspector(pages)
    _set_publication(report, flat.text)
    _set_council(report, _subject(first, report.kind) or title or first[:400])

    if report.kind == model.INSPECTION:
        labels = SIF_LABELS if report.framework == "SIF" else ILACS_LABELS
        report.judgments = find_judgments(flat, labels)
        if report.framework == "ILACS":
            report.cic_combined = is_combined(report.judgments)
            if on_site:
                short = days_on_site(on_site) <= SHORT_INSPECTION_MAX_DAYS
                report.inspection_type = "short" if short else "standard"
        missing = _missing_judgments(report)
        if missing:
            report.fail("judgement(s) not found: " + ", ".join(missing))
    elif report.kind == model.LSCB_REVIEW:
        report.judgments = find_judgments(flat, [lb for lb in SIF_LABELS if lb[0] == "lscb"])
        if not report.judgments:
            report.fail("judgement(s) not found: lscb")
    elif report.kind == model.UNRECOGNISED:
        report.fail("not recognised as an Ofsted children's services report")
    _read_visit(report, pages, cleaned or Cleaned(pages))
    if report.status == "ok" and report.la_code is None:
        report.fail("local authority not recognised in the report's title")
    if report.status == "ok" and (start is None or end is None):
        report.fail("inspection or visit dates not found")


def _read_visit(report: model.ParsedReport, pages: list[str], cleaned: Cleaned) -> None:
    """What a visit letter decides (focus, priority actions, visit number) and the
    interventions any report states (reports/visits.py)."""
    if report.kind in (model.FOCUSED_VISIT, model.MONITORING_VISIT):
        report.focus = visits.visit_focus(pages, report.kind)
    if report.kind == model.FOCUSED_VISIT:
        report.priority_actions = visits.priority_actions(pages, cleaned())
    if report.kind == model.MONITORING_VISIT:
        report.visit_number = visits.visit_number(" ".join(pages[:3]))
    if report.kind not in (model.UNRECOGNISED, None):
        when = report.published or report.inspection_end
        report.interventions = visits.find_interventions(pages, report.la_code, when)


def expected_areas(report: model.ParsedReport) -> list[str]:
    """The judgements a full inspection of this framework and date must carry."""
    if report.framework == "SIF":
        return ["overall", "help_and_protection", "children_in_care", "care_leavers", "leadership"]
    areas = ["help_and_protection", "children_in_care", "leadership"]
    if not report.cic_combined:
        areas.append("care_leavers")
    if report.inspection_start is None or report.inspection_start < dt.date(2026, 4, 1):
        areas.append("overall")
    return areas


def _missing_judgments(report: model.ParsedReport) -> list[str]:
    have = {j.area for j in report.judgments}
    return [a for a in expected_areas(report) if a not in have]


_DATES_LABEL = re.compile(r"\binspection dates?\s*:?", re.IGNORECASE)
_DATES_STOP = re.compile(
    r"lead inspector|reporting inspector|report published|published|judgement|age group"
    r"|this letter|inspection of|contents|\bthe\b",
    re.IGNORECASE,
)
# A visit letter: 'the findings of the monitoring visit to X children's services on 5 and 6 March
# 2019.' The dates run from 'on' to the end of the sentence.
# Also 'on the 15 and 16 of May 2018', and 'on 13 and 14 July.' (the year is the letter's).
_VISIT_DATES = re.compile(
    r"(?:monitoring|focused) visit\b.{0,200}?\bon\s+(?:the\s+)?(?P<dates>\d[^.]{0,80})",
    re.IGNORECASE,
)


# A joint inspection: 'Between 4 and 8 March 2019, Ofsted, the Care Quality Commission, ...'
_BETWEEN_DATES = re.compile(
    r"\bbetween\s+(?P<dates>\d{1,2}[^.,]{0,40}?and\s+\d{1,2}\s+\w+\s+(?:19|20)\d{2})", re.IGNORECASE
)


def inspection_dates(text: str) -> list[dt.date]:
    """The on-site dates printed after 'Inspection date(s):' (or in a visit letter's 'on ...'),
    sorted: one range gives [start, end], a paused inspection [start1, end1, start2, end2]."""
    m = _DATES_LABEL.search(text)
    if m:
        zone = text[m.end() : m.end() + 120]
        stop = _DATES_STOP.search(zone)
        found = dates_in(zone[: stop.start()] if stop else zone)
        if found:
            return found
    for pattern in (_VISIT_DATES, _BETWEEN_DATES):
        m = pattern.search(text[:4000])
        if m and (found := dates_in(m.group("dates"))):
            return found
    m = _VISIT_DATES.search(text[:4000])
    if m:
        return _dates_without_year(m.group("dates"), first_date(text[:600]))
    return []


def _dates_without_year(phrase: str, letter: dt.date | None) -> list[dt.date]:
    """Days and a month without a year ('13 and 14 July'), in the year of the letter's date
    (the year before, where that would put the visit after the letter)."""
    if letter is None:
        return []
    found = dates_in(f"{phrase} {letter.year}")
    if found and found[-1] > letter:
        found = dates_in(f"{phrase} {letter.year - 1}")
    return found


def days_on_site(dates: list[dt.date]) -> int:
    """Calendar days on site, adding up the ranges of an inspection held in several periods."""
    if len(dates) % 2:
        return (dates[-1] - dates[0]).days + 1
    return sum((b - a).days + 1 for a, b in zip(dates[::2], dates[1::2], strict=True))


# Every pattern here runs on text from the file: none may backtrack more than linearly on it
# (tests/robustness/test_linear_time.py). Under MULTILINE a line may start with spaces but not
# with blank lines ('^\\s*' retried at each of n blank lines is quadratic), and runs of
# whitespace are taken possessively ('*+') where nothing after them can match whitespace.
_LEAD = re.compile(
    r"^[^\S\n]*(?:lead|reporting) inspectors?\s*+:?\s*+(.+)$", re.IGNORECASE | re.MULTILINE
)
_TITLES = re.compile(
    rf"\b(?:her|his) majesty{_APOS}s inspectors?\b|\b(?:senior )?HMI\b|\bOfsted inspectors?\b|\([^)\n]{{0,200}}\)",
    re.IGNORECASE,
)


# A visit letter is signed by its lead inspector: 'Yours sincerely / Name / His Majesty's Inspector'.
_SIGNATURE = re.compile(
    rf"yours? sincerely,?[^\S\n]*\n\s*+([^\n]*?\S)[^\S\n]*+\n\s*+"
    rf"(?:senior )?(?:her|his) majesty[\s=]*+{_APOS}s inspector",
    re.IGNORECASE,
)


def lead_inspector(pages: list[str]) -> str | None:
    return _lead_line(pages) or _signature(pages)


# ... or, without 'Yours sincerely', a name on the line above the title at the letter's end.
_SIGNED = re.compile(
    rf"^[ \t]*([A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){{1,3}})[ \t]*\n[ \t]*(?:senior )?"
    rf"(?:her|his) majesty[\s=]*{_APOS}s inspector[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _signature(pages: list[str]) -> str | None:
    for page in reversed(pages):
        m = _SIGNATURE.search(page)
        if m:
            return _TITLES.sub("", m.group(1)).strip(" ,.;") or None
    last = pages[-1].rstrip() if pages else ""
    found = list(_SIGNED.finditer(last))
    if found and found[-1].end() >= len(last) - 2:
        return found[-1].group(1).strip()
    return None


def _lead_line(pages: list[str]) -> str | None:
    for page in pages:
        m = _LEAD.search(page)
        if not m:
            continue
        line = m.group(1)
        rest = page[m.end() :].lstrip("\r\n").split("\n", 1)[0]
        if line.rstrip().endswith((",", "and")):
            line += " " + rest
        names = [n.strip(" ,.;") for n in re.split(r",|\band\b", _TITLES.sub("", line))]
        names = [n for n in names if n and re.match(r"^[A-Z][\w’'.-]+(?: [\w’'.-]+)+$", n)]
        if names:
            return "; ".join(names)
    return None


_PUBLISHED = re.compile(r"\b(?:report )?published\s*:?\s*", re.IGNORECASE)
_FILENAME_DATE = re.compile(r"(\d{1,2})[ _-]+([a-z]+)[ _-]+((?:19|20)\d{2})(?=\D*$)", re.IGNORECASE)


def filename_date(source_file: str) -> dt.date | None:
    """A publication date in the file's name, as Ofsted's downloads are often named
    ('... - 08 august 2014.pdf')."""
    m = _FILENAME_DATE.search(Path(source_file).name)
    return first_date(" ".join(m.groups())) if m else None


def _set_publication(report: model.ParsedReport, text: str) -> None:
    for m in _PUBLISHED.finditer(text[:6000]):
        when = first_date(text[m.end() : m.end() + 30])
        if when and (report.inspection_end is None or when >= report.inspection_end):
            report.published, report.published_source = when, "stated"
            return
    for source, when in (
        ("filename", filename_date(report.source_file)),
        ("pdf_metadata", report.pdf_created),
    ):
        if when and (report.inspection_end is None or when >= report.inspection_end):
            report.published, report.published_source = when, source
            return


# A letter's subject line names the council; its letterhead may name other places (Ofsted's own
# address is in Manchester), so the subject is read first.
_SUBJECTS = {
    model.MONITORING_VISIT: re.compile(
        rf"monitoring visit (?:to|of) (?:the )?(.{{3,80}}?) (?:local authority )?children{_APOS}s services",
        re.IGNORECASE,
    ),
    model.FOCUSED_VISIT: re.compile(
        rf"focused visit (?:to|of) (?:the )?(.{{3,80}}?) (?:local authority )?children{_APOS}s services",
        re.IGNORECASE,
    ),
    model.JTAI: re.compile(
        r"joint targeted area inspection\b(.{0,200}?)(?:\.|between|$)", re.IGNORECASE
    ),
}


def _subject(first_page: str, kind: str | None) -> str | None:
    pattern = _SUBJECTS.get(kind or "")
    m = pattern.search(first_page) if pattern else None
    return m.group(1) if m and reference.resolve_name(m.group(1)) else None


_TITLE_NAME = re.compile(
    rf"inspection of (?:the )?(.+?)\s+(?:local authority|children{_APOS}s services)", re.IGNORECASE
)


def _set_council(report: model.ParsedReport, title: str) -> None:
    on = report.inspection_end or report.inspection_start
    council = reference.resolve_name(title, on)
    source = "text"
    if council is None:
        # A shortened name ('East Riding'): the closest known name to the one in the title.
        m = _TITLE_NAME.search(title)
        close = reference.suggest(m.group(1), 1, cutoff=88) if m else []
        council, source = (close[0], "text_fuzzy") if close else (None, source)
    if council is None:
        # A letter addressed to a trust or company that runs the council's services.
        codes = visits.delivery_body_councils(title)
        known = [reference.by_code()[c] for c in codes if c in reference.by_code()]
        known = [c for c in known if on is None or c.exists_on(on)]
        council, source = (known[0], "text") if len(known) == 1 else (None, source)
    if council is None:
        # Fall back to the folder or file name (e.g. '80426_barnsley/...').
        council = reference.resolve_name(" ".join(Path(report.source_file).parts[:-1]), on)
        source = "path"
    if council is None:
        return
    report.la_code, report.urn, report.ons_code = council.la_code, council.urn, council.ons_code
    report.la_name, report.region, report.la_source = council.name, council.region, source
