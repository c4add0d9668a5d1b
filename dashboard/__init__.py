"""The Dash front end: app shell, pages, components and callbacks (reads the store only)."""
