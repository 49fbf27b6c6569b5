"""How context figures read: their names and values as a person reads them ("Children looked
after", "49,000 children", "46.2 per 10,000 children"), from data/context_figures.yaml. Used by
the web pages and the CLI alike."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _figure_names() -> dict[str, dict[str, str]]:
    text = resources.files("cscwatch.data").joinpath("context_figures.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def figure_label(figure: Any) -> str:
    """A context figure's name as a person reads it ("Children looked after")."""
    name = _figure_names().get(str(figure), {}).get("label")
    return name or str(figure).replace("_", " ").capitalize()


def figure_value(value: Any, unit: Any = None, figure: Any = None) -> str:
    """A context figure as a figure: "49,000 children", "46.2 per 10,000", "21%"."""
    if value in (None, ""):
        return "–"
    try:
        n = float(value)
    except (TypeError, ValueError):
        return str(value)
    number = f"{n:,.0f}" if n.is_integer() else f"{n:,.1f}"
    if unit == "percent":
        return f"{number}%"
    if unit == "per_10000":
        return f"{number} per 10,000 children"
    noun = _figure_names().get(str(figure), {}).get("noun")
    return f"{number} {noun}" if noun else number
