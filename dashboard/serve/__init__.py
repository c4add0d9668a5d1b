"""The web server around the Dash app: HTTP routes and headers, production workers, export jobs."""
