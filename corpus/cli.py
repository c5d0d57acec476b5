"""The `condsearch` command: one click group; each package attaches its own commands.

Commands are declared in setup.cfg under the entry-point group ``condsearch.commands`` and loaded only
when asked for, so `condsearch corpus check` does not pay for importing Flask.
"""
from __future__ import annotations

from importlib.metadata import entry_points

import click

COMMAND_GROUP = "condsearch.commands"


class PluginGroup(click.Group):
    """A click group whose subcommands come from entry points, loaded lazily by name."""

    def _entry_points(self) -> dict:
        return {ep.name: ep for ep in entry_points(group=COMMAND_GROUP)}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._entry_points()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        entry_point = self._entry_points().get(name)
        return entry_point.load() if entry_point else None


@click.group(cls=PluginGroup)
@click.version_option(package_name="condsearch")
def cli() -> None:
    """condsearch: find the right condition page whatever the visitor types."""


def main() -> None:
    cli()
