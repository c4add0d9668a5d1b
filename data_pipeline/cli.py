"""Command line: ``zicht build | serve | check``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from data_pipeline import settings
from data_pipeline.errors import BuildError

console = Console(stderr=True, soft_wrap=True)  # one line per message, also in a log file


@click.group()
def main() -> None:
    """Zicht op Ondermijning (open): build the database and serve the dashboard."""


@main.command()
@click.option(
    "--source",
    type=click.Choice(["auto", "snapshot", "live"]),
    default=lambda: settings.get("source"),
    show_default="auto",
    help="Where the CBS data comes from.",
)
@click.option("--snapshot", type=click.Path(path_type=Path), default=None, help="Snapshot folder.")
@click.option("--db", type=click.Path(path_type=Path), default=None, help="DuckDB file to write.")
def build(source: str, snapshot: Path | None, db: Path | None) -> None:
    """Build the DuckDB file; on failure the existing file stays untouched."""
    from data_pipeline.build import build as run_build
    from data_pipeline.sources import open_source

    db = db or settings.path("db")
    try:
        src = open_source(source, snapshot or settings.path("snapshot"), settings.path("cache"))
        console.print(f"[bold]Bron:[/] {src.describe()}")
        with Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as bar:
            tasks: dict[str, int] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done, total=total)

            report = run_build(src, db, progress)
    except BuildError as exc:
        console.print(f"[bold red]Bouwen mislukt:[/] {exc}")
        console.print(f"De bestaande database {db} is niet gewijzigd.")
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


@main.command()
@click.option("--db", type=click.Path(path_type=Path), default=None)
@click.option("--host", default=lambda: settings.get("host"), show_default="127.0.0.1")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=lambda: int(settings.get("port")),
    show_default="8050",
)
@click.option("--prod", is_flag=True, help="Serve with gunicorn + waitress (debug off).")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="processes"
)
@click.option(
    "--threads", type=click.IntRange(1, 256), default=8, show_default=True, help="per process"
)
def serve(db: Path | None, host: str, port: int, prod: bool, workers: int, threads: int) -> None:
    """Serve the dashboard (read-only on the database)."""
    import os

    db = db or settings.path("db")
    if not db.is_file():
        console.print(f"[red]Database {db} bestaat niet.[/] Bouw eerst: zicht build --db {db}")
        sys.exit(1)
    os.environ[settings.SETTINGS["db"].env] = str(db)
    if prod:
        from data_pipeline.serving import gunicorn_args

        gunicorn = Path(sys.executable).with_name("gunicorn")  # the venv's, also unactivated
        args = gunicorn_args(str(gunicorn), host, port, workers, threads, str(settings.ROOT))
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # 8 threads: less memory kept by malloc
        os.execv(args[0], args)
    from app import create_app

    app = create_app()
    console.print(f"Dashboard op http://{host}:{port}")
    app.run(host=host, port=port, debug=settings.flag("debug"))


@main.command()
@click.option("--db", type=click.Path(path_type=Path), default=None)
def check(db: Path | None) -> None:
    """Check a built database for consistency."""
    from data_pipeline.build import check as run_check

    db = db or settings.path("db")
    try:
        problems = run_check(db) + _sanity(db)
    except BuildError as exc:
        console.print(f"[red]{exc}[/]")
        sys.exit(1)
    for p in problems:
        console.print(f"[red]- {p}[/]")
    if problems:
        sys.exit(1)
    console.print("[green]Database in orde.[/]")


def _sanity(db: Path) -> list[str]:
    """Plausibility, boundaries and orphans (``data_pipeline.sanity``) of a built database."""
    import duckdb

    from data_pipeline import sanity

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise BuildError("database", f"{db} kan niet worden geopend ({exc})") from exc
    try:
        return sanity.problems(con)
    finally:
        con.close()


if __name__ == "__main__":
    main()
