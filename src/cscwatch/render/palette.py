"""The one palette for grades, used by every chart, page and report.

Colours stay apart for the common colour-vision deficiencies (blue against orange, dark against
light); dots and stripes mark the two lowest grades so they differ in greyscale and in print
too. Charts fill shapes with the patterns (``FILL``); lines and swatches use ``COLOURS``."""

from __future__ import annotations

from markupsafe import Markup

from cscwatch.vocabulary import WITH_NONE

COLOURS = {
    "outstanding": "#003078",
    "good": "#5694ca",
    "requires_improvement": "#f6a96b",
    "inadequate": "#942514",
    "not_judged": "#dddddd",
    "no_report": "#ffffff",  # no full inspection in this registry: left blank
    "outside": "#f3f2f1",
}
MARKS = {"requires_improvement": "#7a3a0b", "inadequate": "#f3d2cd"}  # the dots, the stripes
ON_DARK = ("outstanding", "inadequate")  # grades whose fill takes white text


def fill(grade: str | None, prefix: str = "fill") -> str:
    return f"url(#{prefix}-{(grade or 'not_judged').replace('_', '-')})"


FILL = {grade: fill(grade) for grade in (*WITH_NONE, None)}


def patterns(prefix: str = "fill", scale: float = 1.0) -> Markup:
    """The grade fills as SVG <defs> (ids ``{prefix}-good`` and so on). ``scale`` sizes the
    patterns for a drawing's units."""

    def n(v: float) -> str:
        return f"{v * scale:.3g}"

    def solid(name: str) -> str:
        css = name.replace("_", "-")
        return (
            f'<pattern id="{prefix}-{css}" width="{n(8)}" height="{n(8)}" '
            f'patternUnits="userSpaceOnUse"><rect width="{n(8)}" height="{n(8)}" '
            f'fill="{COLOURS[name]}"/></pattern>'
        )

    return Markup(
        "<defs>"
        + solid("outstanding")
        + solid("good")
        + f'<pattern id="{prefix}-requires-improvement" width="{n(6)}" height="{n(6)}" '
        f'patternUnits="userSpaceOnUse"><rect width="{n(6)}" height="{n(6)}" '
        f'fill="{COLOURS["requires_improvement"]}"/>'
        f'<circle cx="{n(3)}" cy="{n(3)}" r="{n(1.2)}" fill="{MARKS["requires_improvement"]}"/>'
        "</pattern>"
        f'<pattern id="{prefix}-inadequate" width="{n(6)}" height="{n(6)}" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="{n(6)}" height="{n(6)}" fill="{COLOURS["inadequate"]}"/>'
        f'<rect width="{n(2)}" height="{n(6)}" fill="{MARKS["inadequate"]}"/></pattern>'
        + solid("not_judged")
        + solid("no_report")
        + solid("outside")
        + "</defs>"
    )


PATTERNS = patterns()
ACCENT = "#1d70b8"  # one colour for figures that are not grades (the pages' link blue)


# Improvement plans: the status of an action (data/plan.yaml's statuses). GOV.UK's tag colours;
# dots mark "at risk" and stripes "off track", so the two differ from the others in greyscale
# and in print too (the grades' rule).
STATUS_COLOURS = {
    "not started": "#b1b4b6",
    "on track": "#00703c",
    "at risk": "#ffdd00",
    "off track": "#d4351c",
    "done": "#1d70b8",
    "unrecognised": "#ffffff",
}
STATUS_MARKS = {"at risk": "#594d00", "off track": "#fbe1dc"}
STATUS_ON_DARK = ("on track", "off track", "done")  # statuses whose fill takes white text


def status_id(status: str) -> str:
    return "status-" + status.replace(" ", "-")


def status_patterns() -> Markup:
    """The status fills as SVG <defs> (ids ``status-on-track`` and so on)."""
    out = ["<defs>"]
    for status, colour in STATUS_COLOURS.items():
        sid = status_id(status)
        if status == "at risk":
            out.append(
                f'<pattern id="{sid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{colour}"/>'
                f'<circle cx="3" cy="3" r="1.3" fill="{STATUS_MARKS[status]}"/></pattern>'
            )
        elif status == "off track":
            out.append(
                f'<pattern id="{sid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/>'
                f'<rect width="2" height="6" fill="{STATUS_MARKS[status]}"/></pattern>'
            )
        else:
            out.append(
                f'<pattern id="{sid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{colour}"/></pattern>'
            )
    out.append("</defs>")
    return Markup("".join(out))
