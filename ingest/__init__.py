"""Ingest: read damaged Korean/English source texts and PDFs, repair them, cut citable passages."""
