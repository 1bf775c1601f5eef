"""System checks: the hub warns when it cannot keep case identities encrypted."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register

from palermo_web.cases.crypto import is_configured


@register()
def case_keys(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if is_configured():
        return []
    return [
        Warning(
            "No case keys: cases cannot be registered.",
            hint="Set PALERMO_CASE_KEYS (or PALERMO_CASE_KEYS_FILE) to a key made by "
            "`palermo cases keygen`.",
            id="palermo_cases.W001",
        )
    ]
