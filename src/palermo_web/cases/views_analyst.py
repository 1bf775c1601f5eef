"""Analysts' page of the cases: the evaluation figures, and the statistics export.

Analysts see figures over cases, never a case. The export sends a period's cases
through the submission service as the case module's records; the analyst sees only
the receipt (how many records, which version).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from palermo.errors import PalermoError
from palermo_web.accounts.access import require_role
from palermo_web.accounts.models import Role as HubRole
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.cases.evaluation import evaluate
from palermo_web.cases.export import export_period
from palermo_web.cases.forms import PeriodForm
from palermo_web.cases.nrm import country_config

ANALYSTS = (HubRole.ANALYST, HubRole.ADMINISTRATOR)


def _period(request: HttpRequest) -> int:
    raw = request.GET.get("period", "")
    if raw.isdigit() and 1900 <= int(raw) <= 2100:
        return int(raw)
    return timezone.now().astimezone(country_config().zone).year


@require_role(*ANALYSTS)
@require_safe
def evaluation(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    figures = evaluate(period)
    record(request, Action.READ, "case_evaluation", period)
    return render(
        request,
        "cases/evaluation.html",
        {
            "figures": figures,
            "period": period,
            "form": PeriodForm(initial={"period": period}),
        },
    )


@require_role(*ANALYSTS)
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reference period (a year)."))
        return redirect("cases:evaluation")
    period = form.cleaned_data["period"]
    try:
        receipt = export_period(period, submitted_by=request.user.get_username())
    except PalermoError as refused:
        record(
            request, Action.EXPORT, "case_statistics", period, detail={"refused": True}
        )
        messages.error(request, refused.message)
    else:
        record(
            request,
            Action.EXPORT,
            "case_statistics",
            period,
            detail={"submission": receipt.submission_id, "outcome": receipt.outcome},
        )
        messages.success(
            request,
            _(
                "%(rows)d case records of %(period)d submitted: version %(version)d (%(outcome)s)."
            )
            % {
                "rows": receipt.row_count,
                "period": period,
                "version": receipt.version,
                "outcome": receipt.outcome,
            },
        )
    return redirect(f"{reverse('cases:evaluation')}?period={period}")
