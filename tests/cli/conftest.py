"""The CLI's hub commands use the hub's fixtures."""

from tests.palermo_web.conftest import ngo, police, victims_file

__all__ = ["ngo", "police", "victims_file"]
