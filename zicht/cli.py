"""Command line: ``zicht build | serve | check``.

The CLI sits above everything (as in datasette): it reads the settings once into a
:class:`~data_pipeline.settings.Config`, lets options override them and hands that config down
to the pipeline (``build``, ``check``) or to ``app.create_app`` (``serve``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from data_pipeline import settings
from data_pipeline.errors import BuildError

console = Console(stderr=True, soft_wrap=True)  # one line per message, also in a log file


class SettingOption(click.Option):
    """An option backed by a setting: ``--help`` names its environment variable (show_envvar),
    but the value of that variable is read by ``settings.load()`` only, not by click."""

    def __init__(self, *args: object, setting: str, **kwargs: object) -> None:
        kwargs.setdefault("envvar", settings.SETTINGS[setting].env)
        kwargs.setdefault("show_envvar", True)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def resolve_envvar_value(self, ctx: click.Context) -> str | None:
        return None  # the config (one reader of the environment) supplies the value


@click.group()
def main() -> None:
    """Zicht op Ondermijning (open): build the database and serve the dashboard."""


@main.command()
@click.option(
    "--source",
    cls=SettingOption,
    setting="source",
    type=click.Choice(["auto", "snapshot", "live"]),
    default=None,
    show_default="auto",
    help="Where the CBS data comes from.",
)
@click.option(
    "--snapshot",
    cls=SettingOption,
    setting="snapshot",
    type=click.Path(path_type=Path),
    default=None,
    help="Snapshot folder.",
)
@click.option(
    "--db",
    cls=SettingOption,
    setting="db",
    type=click.Path(path_type=Path),
    default=None,
    help="DuckDB file to write.",
)
@click.option(
    "--refresh", is_flag=True, help="Ask CBS which cached tables changed and download those again."
)
def build(source: str | None, snapshot: Path | None, db: Path | None, refresh: bool) -> None:
    """Build the DuckDB file; on failure the existing file stays untouched."""
    from data_pipeline.build import build as run_build
    from data_pipeline.choose_source import open_source
    from data_pipeline.live import LiveSource

    config = settings.load(source=source, snapshot=snapshot, db=db)
    _log_to_console()
    db = config.db
    existed = db.is_file()
    try:
        snap = config.snapshot
        src = open_source(
            config.source,
            snap,
            config.cache,
            explicit_snapshot=snapshot is not None or config.snapshot_set,
            **config.live(refresh),
        )
        if isinstance(src, LiveSource) and config.source == "auto":
            console.print(
                f"Geen offline snapshot in {snap} (ZICHT_SNAPSHOT of --snapshot); "
                "de gegevens komen live van CBS."
            )
        console.print(f"[bold]Bron:[/] {src.describe()}")
        with Progress(
            TextColumn("{task.description:<18}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as bar:
            tasks: dict[str, int] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total or None)
                bar.update(tasks[step], completed=done, total=total or None)

            report = run_build(src, db, progress)
    except Exception as exc:  # every outcome is one line; the trace only on request
        if config.debug:
            console.print_exception()
        reason = str(exc) if isinstance(exc, BuildError) else _unexpected(exc)
        console.print(f"[bold red]Bouwen mislukt:[/] {reason}")
        if existed:
            console.print(f"De bestaande database {db} is niet gewijzigd.")
        else:
            console.print(f"Er is niets geschreven ({db} bestond nog niet).")
        sys.exit(1)
    summary = RichTable(title=f"Gebouwd: {report.db} in {report.seconds:.1f} s")
    summary.add_column("onderdeel")
    summary.add_column("aantal", justify="right")
    for tid, rows in report.tables.items():
        summary.add_row(f"tabel {tid}", f"{rows:,}")
    for level, n in sorted(report.regions.items()):
        summary.add_row(f"regio's {level}", f"{n:,}")
    summary.add_row("indicatorwaarden", f"{report.indicator_rows:,}")
    for step, secs in report.steps.items():
        summary.add_row(f"stap {step}", f"{secs:.1f} s")
    console.print(summary)
    for warning in report.warnings:
        console.print(f"[yellow]Let op:[/] {warning}")


def _unexpected(exc: BaseException) -> str:
    """One line for an error no build step foresaw (the trace with ZICHT_DEBUG=1)."""
    text = " ".join(str(exc).split())[:200]
    name = type(exc).__name__
    return f"onverwachte fout ({name}: {text}) — meld dit; ZICHT_DEBUG=1 toont details"


def _log_to_console() -> None:
    """Warnings of the download code (retries, resumes) on the same console as the progress."""
    from rich.logging import RichHandler

    for name, level in (("data_pipeline", logging.INFO), ("urllib3", logging.WARNING)):
        log = logging.getLogger(name)
        if not any(isinstance(h, RichHandler) for h in log.handlers):
            handler = RichHandler(console=console, show_path=False, show_time=False)
            handler.addFilter(_short_retry_note)
            log.addHandler(handler)
            log.setLevel(level)
            log.propagate = False


def _short_retry_note(record: logging.LogRecord) -> bool:
    """urllib3's retry warning (a Retry repr and a nested exception) as one short Dutch line."""
    if (
        record.name.startswith("urllib3")
        and str(record.msg).startswith("Retrying")
        and (isinstance(record.args, tuple) and len(record.args) == 3)
    ):
        retry, err, url = record.args
        left = getattr(retry, "total", None)
        record.msg = "%s: verbinding mislukt (%s), nieuwe poging (nog %s)"
        record.args = (str(url).split("?")[0], type(err).__name__, left)
    return True


@main.command()
@click.option(
    "--db",
    cls=SettingOption,
    setting="db",
    type=click.Path(path_type=Path),
    default=None,
    help="DuckDB file to serve.",
)
@click.option("--host", cls=SettingOption, setting="host", default=None, show_default="127.0.0.1")
@click.option(
    "--port",
    cls=SettingOption,
    setting="port",
    type=click.IntRange(1, 65535),
    default=None,
    show_default="8050",
)
@click.option(
    "--base-path",
    cls=SettingOption,
    setting="base_path",
    default=None,
    show_default="/",
    help="Serve every page, asset and download under this sub-path (e.g. /zicht/).",
)
@click.option("--prod", is_flag=True, help="Serve with gunicorn + waitress (debug off).")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="processes"
)
@click.option(
    "--threads", type=click.IntRange(1, 256), default=8, show_default=True, help="per process"
)
def serve(
    db: Path | None,
    host: str | None,
    port: int | None,
    base_path: str | None,
    prod: bool,
    workers: int,
    threads: int,
) -> None:
    """Serve the dashboard (read-only on the database)."""
    import os

    try:
        config = settings.load(db=db, host=host, port=port, base_path=base_path)
    except ValueError as exc:  # a base path with other characters than path segments
        console.print(f"[red]{exc}[/]")
        sys.exit(2)
    if not config.db.is_file():
        console.print(
            f"[red]Database {config.db} bestaat niet.[/] Bouw eerst: zicht build --db {config.db}"
        )
        sys.exit(1)
    if prod:
        from dashboard.serve.serving import gunicorn_args

        gunicorn = Path(sys.executable).with_name("gunicorn")  # the venv's, also unactivated
        args = gunicorn_args(
            str(gunicorn),
            config.host,
            config.port,
            workers,
            threads,
            str(settings.ROOT),
            db=str(config.db),
            base_path=config.base_path,
        )
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # 8 threads: less memory kept by malloc
        os.execv(args[0], args)
    from app import create_app

    app = create_app(config)
    console.print(f"Dashboard op http://{config.host}:{config.port}{config.base_path}")
    app.run(host=config.host, port=config.port, debug=config.debug)


@main.command()
@click.option(
    "--db",
    cls=SettingOption,
    setting="db",
    type=click.Path(path_type=Path),
    default=None,
    help="DuckDB file to check.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Check every table id, topic, key and boundary URL against CBS and cartomap instead.",
)
def check(db: Path | None, online: bool) -> None:
    """Check a built database for consistency (or, with --online, the live sources)."""
    config = settings.load(db=db)
    if online:
        _check_online(config)
        return
    from data_pipeline.build import check as run_check

    db = config.db
    try:
        problems = run_check(db)
    except BuildError as exc:
        console.print(f"[red]{exc}[/]")
        sys.exit(1)
    for p in problems:
        console.print(f"[red]- {p}[/]")
    if problems:
        sys.exit(1)
    console.print("[green]Database in orde.[/]")


def _check_online(config: settings.Config) -> None:
    from data_pipeline.live import LiveSource
    from data_pipeline.online import check_online

    _log_to_console()
    live = LiveSource(config.cache, **config.live(False))
    console.print(f"Controle van de live bronnen: {live.cbs_url}, {live.geo_url}")
    ok, problems = check_online(live)
    for line in ok:
        console.print(f"[green]✓[/] {line}")
    for line in problems:
        console.print(f"[red]✗[/] {line}")
    if problems:
        sys.exit(1)
    console.print("[green]Alle live bronnen in orde.[/]")


if __name__ == "__main__":
    main()
