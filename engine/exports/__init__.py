"""Exports: what Verksted hands to other programs and to people — deliveries as CSV, XLSX and JSON,
a submission as DOCX, a team's calendar as ICS.

Each export is a module of plain functions over a :class:`~engine.programmes.Run`, so the CLI
and the admin pages produce byte-for-byte the same files.
"""
