from tests.palermo_web.cases.world import (  # noqa: F401  fixtures of the cases tests
    authority,
    authority_org,
    case_keys,
    foreign_caseworker,
    nrm_country,
    shelter,
    shelter_org,
)
from tests.palermo_web.personas import (  # noqa: F401  fixtures shared by the hub's web tests
    administrator,
    analyst,
    caseworker,
    fast_passwords,
    ngo_org,
    outsider,
    police_org,
    submitter,
)
