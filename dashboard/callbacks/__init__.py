"""The callbacks of each page, thin: inputs → View → page functions → outputs."""
