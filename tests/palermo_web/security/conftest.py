from tests.palermo_web.cases.world import (  # noqa: F401  the cases' organisations
    authority_org,
    case_keys,
    nrm_country,
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
