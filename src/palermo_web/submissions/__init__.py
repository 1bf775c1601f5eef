"""Stored submissions: validated files of records, per organisation, kind and period."""
