"""The top of the project: the ``zicht`` command, which builds the database and serves the app."""
