"""The web app's one door into the library: load the frame once, call the analytics, search
and render functions, and remember their answers per as-of date. Nothing here computes a
figure."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cscwatch import reference
from cscwatch.analytics import asof, timeline, visits
from cscwatch.analytics import themes as analytics_themes
from cscwatch.registry import queries
from cscwatch.registry.queries import History, load_history
from cscwatch.render.annual import annual_body, annual_report
from cscwatch.search import filters as search_filters
from cscwatch.search import index
from cscwatch.web.params import BadParameter

if TYPE_CHECKING:
    from cscwatch.plan.model import Plan

TREND_START = dt.date(2014, 1, 1)


class Unavailable(RuntimeError):
    """Something this registry cannot answer (full-text search without a text index)."""


class LRU:
    """A small thread-safe memo: answers per key, oldest dropped first."""

    def __init__(self, size: int = 256):
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class Library:
    def __init__(self, history: History, engine: Engine | None = None):
        self.history = history
        self.engine = engine
        self.memo = LRU(512)

    @classmethod
    def open(cls, db: str | None = None) -> Library:
        from cscwatch.registry.store import connect

        engine = connect(db)
        return cls(load_history(engine), engine)

    def _cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        return self.memo.get(key, make)

    # The national picture -------------------------------------------------------------------
    def national(self, as_of: dt.date, region: str | None = None) -> dict:
        return self._cached(
            ("national", as_of, region), lambda: asof.national(self.history, as_of, region=region)
        )

    def rule(self, as_of: dt.date) -> str:
        """The as-of rule, in words, for figures on ``as_of``."""
        return asof.rule(as_of)

    def grades_on(self, as_of: dt.date) -> list[dict]:
        return self._cached(("grade_on", as_of), lambda: asof.grade_on(self.history, as_of))

    def grades_by_code(self, as_of: dt.date) -> dict[str, dict]:
        def make() -> dict[str, dict]:
            return {str(r["la_code"]): r for r in self.grades_on(as_of)}

        return self._cached(("grades_by_code", as_of), make)

    def by_region(self, as_of: dt.date) -> list[dict]:
        return self._cached(("by_region", as_of), lambda: asof.by_region(self.history, as_of))

    def trend(self, end: dt.date, start: dt.date = TREND_START, freq: str = "QE") -> list[dict]:
        return self._cached(
            ("trend", start, end, freq), lambda: asof.trend(self.history, start, end, freq=freq)
        )

    # One council -----------------------------------------------------------------------------
    def timeline(self, council: reference.Council, as_of: dt.date | None = None) -> dict:
        """The council's inspections, and its neighbours' grades on ``as_of`` (today)."""
        day = as_of or dt.date.today()
        return self._cached(
            ("timeline", council.la_code, day),
            lambda: timeline.la_timeline(
                self.history, council, as_of=day, interventions=self.interventions(council)
            ),
        )

    def interventions(self, council: reference.Council) -> list[dict] | None:
        """The interventions the council's reports (and its predecessors') state, oldest
        first (None without a registry database)."""

        def make() -> list[dict] | None:
            if self.engine is None:
                return None
            codes = [council.la_code, *timeline.lineage_codes(council)]
            try:
                return queries.interventions(self.engine, codes)
            except OperationalError:
                return None

        return self._cached(("interventions", council.la_code), make)

    def visits(self, council: reference.Council) -> list[dict]:
        """The council's visits (analytics.visits.visit_list), oldest first."""
        return self._cached(
            ("visits", council.la_code),
            lambda: visits.visit_list(
                self.history, [council.la_code, *timeline.lineage_codes(council)]
            ),
        )

    # Visits between inspections ------------------------------------------------------------------
    def recent_visits(self, as_of: dt.date, region: str | None = None) -> dict:
        """The visits of the year up to ``as_of`` (analytics.visits.recent)."""
        return self._cached(
            ("recent_visits", as_of, region),
            lambda: visits.recent(self.history, as_of, region=region),
        )

    def recommendations(self, council: reference.Council) -> list[dict] | None:
        """Every recommendation made to the council (None when this registry cannot say)."""
        return self._optional(index.recommendations_for, council.la_code)

    def themes(self, council: reference.Council) -> list[dict] | None:
        """Theme prevalence across the council's reports (None when this registry cannot say)."""
        return self._optional(analytics_themes.theme_prevalence, la_code=council.la_code)

    def context_figures(self, council: reference.Council) -> list[dict]:
        """The context figures printed in the council's reports, as stored (newest first)."""

        def make() -> list[dict]:
            if self.engine is None:
                return []
            return queries.context_figures(self.engine, council.la_code)

        return self._cached(("context", council.la_code), make)

    def _optional(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``func(engine, ...)``, or None without a registry or with one lacking its tables."""

        def make() -> Any:
            if self.engine is None:
                return None
            try:
                result = func(self.engine, *args, **kwargs)
            except OperationalError:  # a registry without those tables
                return None
            if isinstance(result, pd.DataFrame):
                clean = result.astype(object).where(result.notna(), None)
                return clean.to_dict(orient="records")
            return result

        return self._cached((func.__name__, args, tuple(sorted(kwargs.items()))), make)

    # Improvement plans --------------------------------------------------------------------------
    def plan(self, council: reference.Council) -> Plan | None:
        """The plan ``cscwatch plan init`` makes for the council (its open asks, no actions
        yet), or None without a registry database. Made from the registry alone: nothing is
        stored. Raises plan.init.InitError when the registry holds no full inspection of it."""
        engine = self.engine
        if engine is None:
            return None
        from cscwatch.plan.init import init_plan

        day = dt.date.today()  # the plan states the day it was made
        return self._cached(
            ("plan", council.la_code, day),
            lambda: init_plan(
                engine, council, history=self.history, registry=self.name(), today=day
            ),
        )

    def name(self) -> str | None:
        """The registry's name, for a plan's about sheet: 'embedded' or its file's name (never
        the server's folders)."""
        if self.engine is None:
            return None
        from cscwatch.registry.store import EMBEDDED_URL

        database = self.engine.url.database  # None for the embedded one (in memory)
        return database.replace("\\", "/").rsplit("/", 1)[-1] if database else EMBEDDED_URL

    def plan_workbook(self, council: reference.Council) -> bytes | None:
        """The council's plan as ``plan init`` writes it (XLSX), made in memory."""
        made = self.plan(council)
        if made is None:
            return None
        from cscwatch.plan.workbook import xlsx_bytes

        return xlsx_bytes(made)

    # Search and the annual report ------------------------------------------------------------
    def search_available(self) -> bool:
        """True when the registry has its text index."""

        def make() -> bool:
            if self.engine is None:
                return False
            try:  # both tables: stemmed words and exact phrases (registry/fts.py)
                tables = inspect(self.engine)
                return tables.has_table("passages_fts") and tables.has_table("passages_exact")
            except SQLAlchemyError:
                return False

        return self._cached(("search_available",), make)

    def search(self, query: str, **filters: Any) -> dict:
        """One page of results and the total (search.index.find); a query or filter the search
        cannot take is a BadParameter (400) saying what is valid."""
        engine = self.engine
        if engine is None:
            raise Unavailable("search needs a registry database")
        key = ("search", query, tuple(sorted(filters.items())))
        try:
            return self._cached(key, lambda: index.find(engine, query, **filters))
        except index.FilterError as exc:
            raise BadParameter(exc.name, str(exc)) from None
        except index.QueryError as exc:
            raise BadParameter("q", str(exc)) from None

    def search_choices(self) -> Any:
        """The values each search filter takes (search.filters.Choices), for select lists."""
        engine = self.engine
        if engine is None:
            raise Unavailable("search needs a registry database")
        return self._cached(("search_choices",), lambda: search_filters.choices(engine))

    def annual_body(self, as_of: dt.date) -> str:
        """The annual report on ``as_of``, as a fragment for the web page."""
        return self._cached(("annual-body", as_of), lambda: annual_body(self.history, as_of))

    def annual(self, as_of: dt.date) -> str:
        """The annual report on ``as_of``, as one HTML document."""
        return self._cached(("annual", as_of), lambda: annual_report(self.history, as_of))
