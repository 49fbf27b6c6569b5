"""Reading Ofsted's reports site: the listing of councils' children's services and each
council's publications. Pure functions of a page's HTML and URL; the structure they look for
(paths, CSS selectors, the words dropped from names) is data, in ``data/ofsted_site.yaml``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from selectolax.lexbor import LexborHTMLParser


@cache
def settings() -> dict[str, Any]:
    text = resources.files("cscwatch.data").joinpath("ofsted_site.yaml").read_text("utf-8")
    return yaml.safe_load(text)


DEFAULT_BASE_URL: str = settings()["base_url"]


def listing_url(base_url: str = DEFAULT_BASE_URL) -> str:
    """The first page of the listing of councils' children's services on ``base_url``."""
    return urljoin(base_url.rstrip("/") + "/", settings()["listing"].lstrip("/"))


@dataclass(frozen=True)
class Provider:
    """A council's children's services as the listing names them."""

    urn: str
    name: str
    url: str

    @property
    def folder(self) -> str:
        """Its folder: ``<URN>_<name>`` (see :func:`folder_name`)."""
        return f"{self.urn}_{folder_name(self.name) or self.urn}"


@dataclass(frozen=True)
class Publication:
    """One file listed on a council's page."""

    title: str  # lower case, as in file names ("children's services inspection")
    published: dt.date
    url: str

    @property
    def filename(self) -> str:
        """``<title> - <dd month yyyy>.pdf``, lower case, as in ../shared."""
        day = self.published
        return f"{self.title} - {day.day:02d} {day.strftime('%B').lower()} {day.year}.pdf"


def folder_name(name: str) -> str:
    """A provider's name as a folder name: lower case, without the phrases and words that only
    decorate it ('Barnsley Metropolitan Borough Council' -> 'barnsley'); characters a path
    cannot hold are replaced."""
    s = " ".join(name.lower().split())
    for phrase in settings()["name_phrases"]:
        s = re.sub(rf"\b{re.escape(phrase)}\b", " ", s)
    words = set(settings()["name_words"])
    return safe_name(" ".join(w for w in s.split() if w not in words))


def safe_name(text: str) -> str:
    """``text`` fit to be one file or folder name: no separators, control characters or
    leading dots, spaces collapsed."""
    s = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "-", text)
    return " ".join(s.split()).lstrip(".").strip()


def _parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def providers(html: str, page_url: str) -> tuple[list[Provider], str | None]:
    """The providers on one page of the listing, and the URL of the next page (None on the
    last). A provider link's URN is the last part of its path."""
    sel = settings()["selectors"]
    tree = _parse(html)
    found: dict[str, Provider] = {}
    for a in tree.css(sel["provider"]):
        href = (a.attributes.get("href") or "").strip()
        urn = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]
        name = " ".join(a.text(deep=True).split())
        if urn.isdigit() and name and urn not in found:
            found[urn] = Provider(urn, name, urljoin(page_url, href))
    nxt = tree.css_first(sel["next_page"])
    href = (nxt.attributes.get("href") or "").strip() if nxt is not None else ""
    return list(found.values()), urljoin(page_url, href) if href else None


MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)}
_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


class LabelError(ValueError):
    """A publication whose label has no date."""


def parse_label(label: str) -> tuple[str, dt.date]:
    """A publication's title and date from its label, "<title> - <day month year>, pdf":
    the last date in it, and the words before it (lower case, without the '- ' joining them
    or a ', pdf' left in)."""
    text = " ".join(label.split())
    dates = list(_DATE.finditer(text))
    if not dates:
        raise LabelError(f"no date in the publication label {label.strip()!r}")
    m = dates[-1]
    published = dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    title = text[: m.start()].lower().replace("’", "'")
    title = re.sub(r"(,\s*pdf\b|[\s,\-–])+$", "", title)
    return safe_name(title) or "publication", published


def publications(html: str, page_url: str) -> tuple[list[Publication], list[str]]:
    """The publications on a council's page, in page order (newest first), and a reason for
    each link that could not be read."""
    sel = settings()["selectors"]
    found: list[Publication] = []
    problems: list[str] = []
    for a in _parse(html).css(sel["publication"]):
        href = (a.attributes.get("href") or "").strip()
        span = a.css_first(sel["label"])
        label = span.text(deep=True) if span is not None else a.text(deep=True)
        if not href:
            problems.append(f"a publication link without an address ({label.strip()!r})")
            continue
        try:
            title, published = parse_label(label)
        except LabelError as exc:
            problems.append(str(exc))
            continue
        found.append(Publication(title, published, urljoin(page_url, href)))
    return found, problems
