"""What every command shares: one clear error line, and telling a terminal from a file."""

from __future__ import annotations

import sys
from typing import IO, NoReturn

import click


def fail(message: str) -> NoReturn:
    """End a command with one clear line on stderr and exit status 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def is_terminal(stream: IO) -> bool:
    """Whether ``stream`` is a terminal (binary output would garble it)."""
    return stream.isatty()
