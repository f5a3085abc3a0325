"""Exports: deliveries as CSV/XLSX/JSON, a submission as DOCX, a team's calendar as ICS."""
