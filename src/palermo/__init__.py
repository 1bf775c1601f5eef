"""Palermo: a data system against trafficking in human beings.

The core package is pure Python over tables (Arrow, DuckDB, files). It never imports
Django: the web hub (``palermo_web``) depends on it, never the reverse.
"""

from palermo.errors import PalermoError

__version__ = "0.1.0"

__all__ = ["PalermoError", "__version__"]
