"""The layers import one way down: the CLI on top, the pipeline free of Dash, no app on import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_the_pipeline_never_imports_dash_or_the_app() -> None:
    loaded = _modules_after(
        "import data_pipeline.build, data_pipeline.store, data_pipeline.settings"
    )
    assert not {m for m in loaded if m.split(".")[0] in {"dash", "app", "dashboard", "zicht"}}


def test_importing_app_builds_no_app() -> None:
    loaded = _modules_after("import app; assert app._built is None")
    assert "dashboard.pages" not in loaded


def test_help_names_each_settings_environment_variable() -> None:
    from zicht.cli import main

    for command, envs in {
        "build": ("ZICHT_SOURCE", "ZICHT_SNAPSHOT", "ZICHT_DB"),
        "serve": ("ZICHT_DB", "ZICHT_HOST", "ZICHT_PORT"),
        "check": ("ZICHT_DB",),
    }.items():
        out = CliRunner().invoke(main, [command, "--help"], terminal_width=200).output
        for env in envs:
            assert f"env var: {env}" in out, (command, env)


def test_config_is_frozen_and_options_override_the_environment(monkeypatch) -> None:
    import dataclasses

    import pytest

    from data_pipeline import settings

    monkeypatch.setenv("ZICHT_PORT", "9000")
    monkeypatch.setenv("ZICHT_TILES", "1")
    config = settings.load(host="0.0.0.0")
    assert (config.port, config.tiles, config.host) == (9000, True, "0.0.0.0")
    assert settings.load(port=1234).port == 1234
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.port = 1  # type: ignore[misc]


PRODUCT_DIRS = ("data_pipeline", "dashboard", "themes", "zicht")
TOO_LONG_FOR_NOW: set[str] = set()


def _product_files() -> list[Path]:
    return [p for d in PRODUCT_DIRS for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]


def test_the_dashboard_imports_the_store_package_only() -> None:
    for path in (ROOT / "dashboard").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "from data_pipeline.store" not in text, path
        assert "import data_pipeline.store." not in text, path


def test_no_product_module_over_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in _product_files()
        if (n := len(p.read_text("utf-8").splitlines())) > 400
    }
    assert set(long) <= TOO_LONG_FOR_NOW, long
