"""People and what they may do: roles, log-in with lockout, two-factor, API tokens."""
