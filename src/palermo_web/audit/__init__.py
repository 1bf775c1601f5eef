"""The append-only audit log: who read or wrote what, when, and from where."""
