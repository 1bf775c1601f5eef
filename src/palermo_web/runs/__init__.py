"""Pipeline runs: a database-backed queue, a worker, and versioned stored outputs."""
