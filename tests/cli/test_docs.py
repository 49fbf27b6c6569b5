"""The README and the commands agree (as Datasette's tests/test_docs.py does): every
`cscwatch ...` line in README.md names a command that exists, with options it has; every
command and subcommand has help; `cscwatch --help` lists the commands without importing them."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cscwatch.cli import LAZY_COMMANDS, app, load_command

README = Path(__file__).resolve().parents[2] / "README.md"
runner = CliRunner(env={"COLUMNS": "200"})
GROUP = typer.main.get_group(app)


def readme_commands() -> list[str]:
    """Every line of a shell block in the README that runs `cscwatch ...`."""
    lines = []
    for block in re.findall(r"```(?:sh|bash|console)\n(.*?)```", README.read_text(), re.S):
        for line in block.splitlines():
            line = re.sub(r"^\$\s*", "", line.strip())
            if "cscwatch " in line:
                lines.append(line[line.index("cscwatch ") :].split("  #")[0].strip())
    return lines


def resolve(words: list[str]):
    """The Click command a README line runs, and the words after its name."""
    command = GROUP
    while words and hasattr(command, "get_command"):
        if words[0].startswith("-"):
            break
        sub = command.get_command(None, words[0])
        assert sub is not None, f"no command {words[0]!r}"
        command, words = sub, words[1:]
    return command, words


def options_of(command) -> set[str]:
    return {name for p in command.params for name in (*p.opts, *p.secondary_opts)}


def test_the_readme_shows_commands():
    assert len(readme_commands()) >= 15


@pytest.mark.parametrize("line", readme_commands())
def test_every_readme_command_exists_with_its_options(line):
    text = re.sub(r"\[([^\]]*)\]", r"\1", line)  # `[--by region]`: an optional part
    words = shlex.split(text)[1:]
    command, rest = resolve(words)
    assert not hasattr(command, "get_command"), f"{line!r} names a group, not a command"
    known = options_of(command) | {"--help"}
    for word in rest:
        if word.startswith("-") and not re.fullmatch(r"-\d.*", word):
            assert word.split("=")[0] in known, f"{line!r}: {word} is not an option"


def all_commands():
    for name in LAZY_COMMANDS:
        command = load_command(name)
        yield [name], command
        for sub_name, sub in getattr(command, "commands", {}).items():
            yield [name, sub_name], sub


@pytest.mark.parametrize(("path", "command"), list(all_commands()), ids=lambda x: str(x))
def test_every_command_has_help(path, command):
    assert (command.help or "").strip(), f"cscwatch {' '.join(path)} has no help text"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    first = command.help.strip().splitlines()[0].split(". ")[0][:40]
    assert " ".join(first.split()[:4]) in " ".join(result.output.split())


@pytest.mark.parametrize("name", list(LAZY_COMMANDS))
def test_listed_help_is_the_commands_own(name):
    own = " ".join(load_command(name).help.strip().split("\n\n")[0].split())
    assert LAZY_COMMANDS[name][3] == own


def test_main_help_lists_every_command_without_importing_them():
    code = (
        "import sys\n"
        "from cscwatch.cli import app\n"
        "try:\n    app(['--help'], prog_name='cscwatch')\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "heavy = [m for m in ('pandas', 'polars', 'lifelines', 'sqlalchemy') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"COLUMNS": "200"}
    )
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stdout
    for name in LAZY_COMMANDS:
        assert f" {name} " in out.stdout
