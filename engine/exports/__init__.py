"""Exports: what Verksted hands to other programs and to spreadsheets (deliveries as CSV, XLSX, JSON).

Each export is a module of plain functions over a :class:`~engine.programmes.Run`, so the CLI
and the admin pages produce byte-for-byte the same files.
"""
