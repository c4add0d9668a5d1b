"""The callbacks of each page, thin: inputs → View → page functions → outputs.

Imported by ``app.create_app`` (importing registers them); pages never import callbacks.
"""

from dashboard.callbacks import kaart, profiel, signalen, tabel, vergelijk  # noqa: F401
