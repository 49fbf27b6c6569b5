"""The project's one Jinja environment: the web pages, the annual report and the readiness
report are templates in ``cscwatch/render/templates``, with the same filters."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup, escape

from cscwatch.render import charts
from cscwatch.render import grades as g
from cscwatch.render.figures import figure_label as _figure_label
from cscwatch.render.figures import figure_value as _figure_value
from cscwatch.render.palette import COLOURS, PATTERNS


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


def _pct(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{float(value):.{digits}f}%"


def _days_years(days: Any) -> str:
    return "–" if days is None else f"{days:.0f} days ({days / 365.25:.1f} years)"


def _humanise(value: Any) -> str:
    return "–" if value in (None, "") else str(value).replace("_", " ")


_BACKTICKS = re.compile(r"(`{1,2})([^`]+)\1")


def _inline_code(text: Any) -> Markup:
    """Text whose `backticked` parts are code, as HTML (everything else escaped)."""
    return Markup(_BACKTICKS.sub(lambda m: f"<code>{m.group(2)}</code>", str(escape(text or ""))))


def _kind(value: Any) -> str:
    return _humanise(value).capitalize() if value not in (None, "") else "–"


@cache
def environment() -> Environment:
    """The environment (made once): HTML escaped everywhere."""
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("cscwatch.render", "templates"),
                # GOV.UK Frontend's components as Jinja macros (govuk-frontend-jinja), imported as
                # "govuk_frontend_jinja/components/<name>/macro.html"
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
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
        days_years=_days_years,
        figure_label=_figure_label,
        figure_value=_figure_value,
        kind=_kind,
        inline_code=_inline_code,
        visit_words=charts.visit_words,
    )
    env.globals.update(
        AREAS=g.AREAS,
        GRADES=g.GRADES,
        WITH_NONE=g.WITH_NONE,
        PATTERNS=PATTERNS,
        COLOURS=COLOURS,
    )
    return env


def render(template: str, **context: Any) -> str:
    """``template`` rendered with ``context``."""
    return environment().get_template(template).render(**context)
