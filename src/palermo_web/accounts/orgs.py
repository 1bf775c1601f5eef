"""The one place the accounts app learns where organisations live."""

from palermo_web.organisations.models import Organisation

__all__ = ["Organisation"]
