"""The `cscwatch` command: a thin layer over the library. It parses arguments, calls library
functions and renders the result; it never computes figures itself.

One module per capability holds its commands (`registry`, `fetch`, `analytics`, `search`,
`casework`, `plan`, `web`); `options` declares what they share. A command's module is imported only when the command
runs, so `cscwatch --help` and quick commands do not pay for pandas, polars or lifelines."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # Typer 0.29 vendors Click: its Command class is the base of TyperCommand
    from typer._click.core import Command

from cscwatch import __version__

# name: (module, attribute, is a Typer sub-app, the one-line help shown by `cscwatch --help`,
# which tests/test_docs.py checks against the command's own docstring).
LAZY_COMMANDS: dict[str, tuple[str, str, bool, str]] = {
    "build": (
        "cscwatch.cli.registry",
        "build_command",
        False,
        "Parse a folder of Ofsted reports (recursively) into the registry.",
    ),
    "fetch": (
        "cscwatch.cli.fetch",
        "fetch_command",
        False,
        "Download every council's children's services reports from Ofsted's site into a folder.",
    ),
    "update": (
        "cscwatch.cli.fetch",
        "update_command",
        False,
        "Fetch the new reports from Ofsted's site, then build the registry: it is current.",
    ),
    "export": (
        "cscwatch.cli.registry",
        "export_command",
        False,
        "Export a registry table: `judgments` is one row per report file (the export contract).",
    ),
    "national": (
        "cscwatch.cli.analytics",
        "national_command",
        False,
        "The national picture on a date: counts, percentages and named councils per grade.",
    ),
    "la": (
        "cscwatch.cli.analytics",
        "la_command",
        False,
        "One council's inspections in order, with direction of travel and its neighbours' grades.",
    ),
    "transitions": (
        "cscwatch.cli.analytics",
        "transitions_command",
        False,
        "How grades change from one full inspection to the next: counts and row percentages.",
    ),
    "time-to-improve": (
        "cscwatch.cli.analytics",
        "time_to_improve_command",
        False,
        "Kaplan-Meier estimate of the time from inadequate to requires improvement or better.",
    ),
    "visits": (
        "cscwatch.cli.visits",
        "visits_command",
        False,
        "Focused and monitoring visits between inspections: focus, priority actions, visit number.",
    ),
    "report": ("cscwatch.cli.analytics", "report_app", True, "Printable reports."),
    "search": (
        "cscwatch.cli.search",
        "search_command",
        False,
        "Search the text of every report: ranked passages (or reports), the total, where to read "
        "each.",
    ),
    "recommendations": (
        "cscwatch.cli.search",
        "recommendations_command",
        False,
        "What each inspection told a council to improve, and whether it came back next time.",
    ),
    "themes": (
        "cscwatch.cli.search",
        "themes_command",
        False,
        "How often each theme appears: share of reports mentioning it, and share whose "
        "recommendations do, overall, by grade, by kind of document (full inspections, visit "
        "letters) and by year (csv/json give every group).",
    ),
    "annex-a": (
        "cscwatch.cli.casework",
        "annex_a_app",
        True,
        "Ofsted Annex A child-level lists: synthetic data and data-quality checks.",
    ),
    "readiness": (
        "cscwatch.cli.casework",
        "readiness_command",
        False,
        "Readiness indicators, benchmarks, data quality and case sample at a reference date.",
    ),
    "plan": (
        "cscwatch.cli.plan",
        "plan_app",
        True,
        "Improvement plans: Ofsted's asks, the council's actions and measures, checks, diffs and board packs.",
    ),
    "serve": (
        "cscwatch.cli.web",
        "serve_command",
        False,
        "Serve the web app: national picture, council pages, map, search and the annual report.",
    ),
}


def load_command(name: str) -> Command:
    """The Click command for ``name`` (importing its module)."""
    module, attr, is_app, _help = LAZY_COMMANDS[name]
    target = getattr(importlib.import_module(module), attr)
    if is_app:
        command: Command = typer.main.get_group(target)
    else:
        single = typer.Typer(rich_markup_mode="rich")
        single.command(name, cls=QuickCommand)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class QuickCommand(TyperCommand):
    """A command whose plain option values skip Typer's Pydantic adapters (``_quick_params``)."""

    def parse_args(self, ctx, args):  # click's own signature
        _quick_params(self.get_params(ctx))
        return super().parse_args(ctx, args)


def _quick_params(params) -> None:
    """Let the command's options take plain values (a word, a whole number, one of its
    choices, a date through its parser) without Typer's Pydantic adapters, whose import and
    set-up cost more than the quick commands' whole answer. Any other value (and every
    mistake) still goes through Typer's own coercion, so its messages are unchanged. Typer's
    coercion is private API: if it is not there as expected, nothing changes."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import (
            choice_coercion_annotation,
            coerce_cli_choice,
            coerce_cli_path,
        )
    except ImportError:  # pragma: no cover - another Typer
        return
    slow = object()

    def fast(annotation, info, value, param, ctx):
        if info.parser is not None:
            try:
                return info.parser(value)
            except (ValueError, AssertionError):
                return slow
        choice = choice_coercion_annotation(annotation, info)
        if choice is not None:
            try:
                return coerce_cli_choice(value, choices=choice[0], case_sensitive=choice[1])
            except ValueError:
                return slow
        if annotation is str and isinstance(value, str):
            return value
        if annotation is Path and info.path_type is None and isinstance(value, str) and value:
            try:  # what Typer's path adapter runs (its checks raise BadParameter themselves)
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            except (ValueError, AssertionError):
                return slow
        if annotation is int and not info.clamp:
            number = value if type(value) is int else int(value) if _digits(value) else None
            if (
                number is not None
                and (info.min is None or number >= info.min)
                and (info.max is None or number <= info.max)
            ):
                return number
        if (  # a default
            annotation is float
            and not info.clamp
            and type(value) is float
            and (info.min is None or value >= info.min)
            and (info.max is None or value <= info.max)
        ):
            return value
        return slow

    class Quick(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            try:
                got = fast(self.annotation, self.parameter_info, value, param, ctx)
            except (AttributeError, TypeError):  # Typer's private API not as expected
                got = slow
            if got is not slow:
                return got
            param._runtime_param = build_runtime_param(param.type_descriptor)
            return param._runtime_param._coerce_value(value, param=param, ctx=ctx)

    for param in params:
        if getattr(param, "_runtime_param", False) is not None:
            continue  # not Typer's lazily built coercion, or already built
        desc = getattr(param, "type_descriptor", None)
        try:
            if desc is not None and not (
                desc.file_annotation is not None or desc.is_list or desc.is_tuple
            ):
                param._runtime_param = Quick(
                    parameter_info=desc.parameter_info, annotation=desc.annotation
                )
        except (AttributeError, TypeError):  # Typer's private API not as expected: its own way
            continue


def _digits(value) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit()


class LazyGroup(TyperGroup):
    """The main command group: loads a command's module on first use, lists the commands from
    their one-line help without importing anything, and turns the errors a user can cause
    (a registry that cannot be opened, an unreadable input, a file that cannot be written)
    into one line and exit 1 instead of a traceback."""

    listing = False

    def parse_args(self, ctx, args):  # click's own signature
        _quick_params(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_COMMANDS]

    def get_command(self, ctx: Any, name: str) -> Command | None:
        if name not in LAZY_COMMANDS:
            return super().get_command(ctx, name)
        if self.listing:  # `cscwatch --help`: the name and its line are enough
            return TyperCommand(name, help=LAZY_COMMANDS[name][3])
        return load_command(name)

    def format_help(self, ctx: Any, formatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def invoke(self, ctx: Any):
        from cscwatch.cli import options

        with options.one_line():
            return super().invoke(ctx)


app = typer.Typer(
    cls=LazyGroup,
    help="Ofsted inspections of England's children's services: registry, national picture, "
    "search and local readiness.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cscwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """cscwatch: how England holds its children's social care to account."""
