"""Templates, CSV and JSON responses, and the cache of finished pages."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, PackageLoader

from cscwatch.web import grades as g
from cscwatch.web.svg import PATTERNS


def _date(value: Any, style: str = "long") -> str:
    if value in (None, ""):
        return "–"
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%-d %B %Y") if style == "long" else day.isoformat()


def _interval(days: Any) -> str:
    if days in (None, ""):
        return "–"
    try:
        n = int(float(days))
    except (TypeError, ValueError):
        return str(days)
    years, rest = divmod(n, 365)
    months = round(rest / 30.44)
    if months == 12:
        years, months = years + 1, 0
    bits = []
    if years:
        bits.append(f"{years} year{'s' * (years != 1)}")
    if months or not years:
        bits.append(f"{months} month{'s' * (months != 1)}")
    return " ".join(bits) + f" ({n:,} days)"


def _pct(value: Any) -> str:
    if value is None:
        return "–"
    return f"{float(value):.1f}%"


def _humanise(value: Any) -> str:
    return "–" if value in (None, "") else str(value).replace("_", " ")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cscwatch.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date=_date,
        interval=_interval,
        pct=_pct,
        grade_label=g.label,
        grade_short=g.short,
        grade_css=g.css,
        area_label=g.area_label,
        humanise=_humanise,
    )
    env.globals.update(AREAS=g.AREAS, GRADES=g.GRADES, WITH_NONE=g.WITH_NONE, PATTERNS=PATTERNS)
    return env


# Finished responses -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Body:
    """A finished response: its bytes, the same gzipped, and an ETag."""

    content: bytes
    media_type: str
    zipped: bytes
    etag: str

    @classmethod
    def of(cls, text: str, media_type: str) -> Body:
        raw = text.encode("utf-8")
        return cls(
            raw, media_type, gzip.compress(raw, 6), '"' + hashlib.sha1(raw).hexdigest()[:20] + '"'
        )

    def response(
        self, request: Request, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        extra = {"ETag": self.etag, "Vary": "Accept-Encoding", **(headers or {})}
        if status == 200 and request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=extra)
        if "gzip" in request.headers.get("accept-encoding", "") and len(self.content) > 1400:
            extra["Content-Encoding"] = "gzip"
            return Response(self.zipped, status, headers=extra, media_type=self.media_type)
        return Response(self.content, status, headers=extra, media_type=self.media_type)


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _clean(value: Any) -> Any:
    """NaN and NaT become None, recursively, so the JSON is valid."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value


def json_text(obj: Any) -> str:
    return json.dumps(_clean(obj), default=_json_default, ensure_ascii=False, allow_nan=False)


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in columns])
    return out.getvalue()


def _cell(value: Any) -> Any:
    value = _clean(value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "@"):
        return "'" + value  # never let a spreadsheet run a cell as a formula
    return value
