"""The CLI's hub commands use the hub's fixtures."""

from tests.palermo_web.cases.world import authority_org, case_keys, nrm_country
from tests.palermo_web.conftest import ngo, police, victims_file
from tests.palermo_web.personas import caseworker, fast_passwords, ngo_org

__all__ = [
    "authority_org",
    "case_keys",
    "caseworker",
    "fast_passwords",
    "ngo",
    "ngo_org",
    "nrm_country",
    "police",
    "victims_file",
]
