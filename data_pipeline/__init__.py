"""Data pipeline: extract CBS/PDOK files, load them into DuckDB, compute indicators."""
