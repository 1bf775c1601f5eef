"""The submitters' pages: upload a file, read its report, see versions, get templates."""
