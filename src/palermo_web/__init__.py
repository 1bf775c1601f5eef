"""The hub: Palermo's system of record (Django). Thin apps over the ``palermo`` core."""
