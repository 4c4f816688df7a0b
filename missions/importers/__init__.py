"""Importers for astronaut tables and ISS expedition lists (see docs/imports.md)."""
