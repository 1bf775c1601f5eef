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
