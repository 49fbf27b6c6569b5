"""The layers of docs/architecture.md, enforced: a module may import only from its own layer and
the layers below it. Every import in src/cscwatch is read (function-level ones too), so a lower
layer reaching up fails here with the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cscwatch"

# Each part of the package and the parts it may import (besides itself).
BASE = {"vocabulary", "reference", "data", "files"}
ALLOWED: dict[str, set[str]] = {
    "data": set(),
    "files": set(),
    "vocabulary": {"data"},
    "reference": {"vocabulary", "data"},
    "reports": BASE,
    "registry": BASE | {"reports"},
    "fetch": BASE | {"registry"},
    "analytics": BASE | {"registry", "reports"},
    "search": BASE | {"registry", "reports"},
    "casework": BASE,
    # improvement plans join the other capabilities: asks (registry), measures (casework),
    # national context (analytics)
    "plan": BASE | {"analytics", "search", "casework", "registry", "reports"},
    "render": BASE | {"plan", "analytics", "search", "casework", "registry", "reports"},
    "web": BASE | {"render", "plan", "analytics", "search", "casework", "registry", "reports"},
    "cli": BASE
    | {"render", "web", "fetch", "plan", "analytics", "search", "casework", "registry", "reports"},
}
TOP = {"__init__", "__main__"}  # the package's own version and entry modules


def part_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported cscwatch part) for every import of a cscwatch module in ``path``."""
    return imports_in(path.read_text(encoding="utf-8"), path.relative_to(SRC).parent.parts)


def imports_in(text: str, package: tuple[str, ...]) -> list[tuple[int, str]]:
    """The cscwatch parts imported by ``text``, a module of the package ``package`` (relative
    imports are resolved against it)."""
    found = []
    for node in ast.walk(ast.parse(text)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ("cscwatch", *package[: len(package) - node.level + 1]) if node.level else ()
            if node.module:
                names = [".".join((*base, node.module))]
            else:  # 'from .. import vocabulary'
                names = [".".join((*base, a.name)) for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "cscwatch" and len(parts) > 1 and parts[1]:
                found.append((node.lineno, parts[1]))
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if part_of(p) not in TOP)


def test_every_part_has_a_rule():
    assert {part_of(p) for p in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_no_import_reaches_up(path):
    part = part_of(path)
    wrong = [
        f"{path.relative_to(SRC)}:{line} imports cscwatch.{target}"
        for line, target in imports(path)
        if target != part and target not in ALLOWED.get(part, set()) and target not in TOP
    ]
    assert not wrong, f"{part} may import only {sorted(ALLOWED.get(part, set()))}: " + "; ".join(
        wrong
    )


def test_the_reader_sees_every_kind_of_import():
    text = (
        "import cscwatch.search.index\n"
        "from cscwatch.web import app\n"
        "def f():\n    from cscwatch.analytics import asof\n"
        "from .. import vocabulary\n"
        "from . import judgments\n"
    )
    got = [part for _, part in imports_in(text, ("reports",))]
    assert sorted(got) == ["analytics", "reports", "search", "vocabulary", "web"]
    assert not {"search", "web", "analytics"} & ALLOWED["reports"]
