"""Concurrent first requests on a fresh app (threads per worker) never race Dash's set-up."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json, sys, threading
    from app import create_app

    app = create_app(sys.argv[1])
    barrier = threading.Barrier(16)
    results = []

    def first_request(i):
        client = app.server.test_client()
        barrier.wait()
        if i % 2:
            r = client.get("/_dash-dependencies")
            results.append((r.status_code, len(r.get_json() or [])))
        else:
            r = client.get("/kaart")
            results.append((r.status_code, -1))

    threads = [threading.Thread(target=first_request, args=(i,)) for i in range(16)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(json.dumps(results))
    """
)


def test_concurrent_first_requests_all_succeed(built_db: Path) -> None:
    seen = set()
    for _ in range(3):  # a fresh process each time: the race is in the very first requests
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(built_db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        results = json.loads(out.stdout.strip().splitlines()[-1])
        assert all(status == 200 for status, _ in results), results
        seen |= {n for _, n in results if n >= 0}
        assert "dictionary changed size" not in out.stderr
    assert len(seen) == 1 and seen.pop() > 20  # every thread saw the complete callback map
