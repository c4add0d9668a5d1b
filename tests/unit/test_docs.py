"""The README documents every setting and CLI option (datasette's habit)."""

from __future__ import annotations

from pathlib import Path

import click

from data_pipeline import settings
from zicht.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for s in settings.SETTINGS.values():
        assert f"`{s.env}`" in README, s.env


def test_every_cli_option_is_documented() -> None:
    for name, command in main.commands.items():
        assert f"zicht {name}" in README, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in README for opt in param.opts), (name, param.opts)


def test_the_schema_section_is_generated_from_the_declarations() -> None:
    from data_pipeline import schema

    assert schema.readme_section(README) == schema.markdown(), (
        "README schema out of date: python -m data_pipeline.schema --write"
    )
