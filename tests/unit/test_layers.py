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


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: the layers, the store door, callbacks →
    pages → components, and no cycle between sibling modules anywhere."""
    out = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "broken" not in out.stdout.lower().split("contracts:")[-1].replace("0 broken", "")


def test_the_import_contracts_catch_what_they_claim(tmp_path: Path) -> None:
    """The contracts fail on the imports they forbid (today's examples, planted in a copy)."""
    import shutil

    plants = {
        "dashboard/format.py": "import data_pipeline.engine  # the dashboard around the store\n",
        "dashboard/pages/kaart.py": "import dashboard.callbacks.kaart  # a page importing a callback\n",
        "dashboard/callbacks/tabel.py": "import dashboard.callbacks.vergelijk  # sideways\n",
        "data_pipeline/sources.py": "import data_pipeline.live  # the old cycle\n",
        "data_pipeline/build.py": "import data_pipeline.store  # the pipeline reading the store\n",
    }
    for plant, line in plants.items():
        copy = tmp_path / plant.replace("/", "_")
        for name in ("dashboard", "data_pipeline", "themes", "zicht", "benchmarks"):
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
        (copy / plant).write_text((copy / plant).read_text("utf-8") + line, "utf-8")
        out = subprocess.run(
            [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
            cwd=copy,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
        )
        assert out.returncode != 0 and "BROKEN" in out.stdout, (plant, out.stdout[-2000:])


def test_nothing_imports_the_app_module() -> None:
    """``app`` (a module, outside import-linter's packages) sits above the dashboard: only
    ``zicht`` imports it."""
    import ast

    for path in _product_files():
        if path.parent == ROOT or path.is_relative_to(ROOT / "zicht"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert "app" not in {n.split(".")[0] for n in names}, path


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
