"""Two databases row for row: ``EXCEPT ALL`` both ways on every table of the first (its columns).

``python -m benchmarks.db_diff BEFORE AFTER``; build-time columns (``source.loaded_at``,
``build_info`` 'built_at') are left out. Prints rows per table and both differences; exit 1
when any differs. Used to show a refactor changed no figure.
"""

from __future__ import annotations

import sys

import duckdb

SKIP = {("source", "loaded_at")}


def diff(before: str, after: str) -> list[tuple[str, int, int, int, list[str]]]:
    """(table, rows, before-minus-after, after-minus-before, columns added) per table."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS b (READ_ONLY)")  # noqa: S608 - paths from the command line
    con.execute(f"ATTACH '{after}' AS a (READ_ONLY)")
    cols_sql = (
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? "
        "AND table_name = ? ORDER BY ordinal_position"
    )
    out = []
    tables = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'b' "
        "AND table_type = 'BASE TABLE' ORDER BY 1"
    ).fetchall()
    for (table,) in tables:
        old = [c for (c,) in con.execute(cols_sql, ["b", table]).fetchall()]
        new = [c for (c,) in con.execute(cols_sql, ["a", table]).fetchall()]
        cols = ", ".join(f'"{c}"' for c in old if (table, c) not in SKIP)
        where = " WHERE key <> 'built_at'" if table == "build_info" else ""
        b, a = (f'SELECT {cols} FROM {db}."{table}"{where}' for db in ("b", "a"))  # noqa: S608
        rows = con.execute(f"SELECT count(*) FROM ({b})").fetchone()[0]  # noqa: S608
        gone = con.execute(f"SELECT count(*) FROM ({b} EXCEPT ALL {a})").fetchone()[0]  # noqa: S608
        came = con.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone()[0]  # noqa: S608
        out.append((table, rows, gone, came, [c for c in new if c not in old]))
    return out


def main() -> None:
    result = diff(sys.argv[1], sys.argv[2])
    for table, rows, gone, came, added in result:
        extra = f"  (new columns: {', '.join(added)})" if added else ""
        print(f"{table:32} {rows:>9} rows   before−after {gone:>3}   after−before {came:>3}{extra}")
    sys.exit(1 if any(g or c for _, _, g, c, _ in result) else 0)


if __name__ == "__main__":
    main()
