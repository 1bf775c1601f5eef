"""Analysts start the annual run of a period and follow it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from palermo_web.accounts.access import (
    get_run_for_user,
    has_role,
    require_role,
    runs_for,
)
from palermo_web.accounts.models import Role
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.runs import actions, labels
from palermo_web.runs import clerical as clerical_file
from palermo_web.runs.models import (
    LINK_THRESHOLD_MAX,
    LINK_THRESHOLD_MIN,
    ClericalDecisions,
    default_link_threshold,
)


def _period_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Reference period"), min_value=1900, max_value=2100
    )


class RunForm(forms.Form):
    period = _period_field()
    threshold = forms.FloatField(
        label=gettext_lazy("Linkage threshold"),
        help_text=gettext_lazy(
            "Match probability at which two records are taken for one person "
            "(0.5 to 0.999). Higher: fewer, surer links."
        ),
        min_value=LINK_THRESHOLD_MIN,
        max_value=LINK_THRESHOLD_MAX,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.001"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].initial = timezone.now().year - 1
        self.fields["threshold"].initial = default_link_threshold()


class ClericalForm(forms.Form):
    period = _period_field()
    file = forms.FileField(
        label=gettext_lazy("Clerical decisions (CSV)"),
        help_text=gettext_lazy(
            "The review pairs file with its decision column filled with same or "
            "not_same (source_l, record_id_l, source_r, record_id_r, decision)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].initial = timezone.now().year - 1


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = actions.start(
            request, form.cleaned_data["period"], form.cleaned_data["threshold"]
        )
        return redirect("runs:detail", pk=run.pk)
    runs = runs_for(request.user).select_related("requested_by")[:100]
    return render(
        request,
        "runs/list.html",
        {
            "form": form,
            "runs": runs,
            "can_decide": has_role(request.user, Role.ANALYST),
        },
    )


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    record(request, Action.READ, "run", run.pk)
    return render(
        request,
        "runs/detail.html",
        {
            "run": run,
            "stage": labels.stage_label(run.stage) if run.stage else "",
            "message": labels.message_text(run.message),
            "stage_rows": labels.stage_rows(run.stages),
        },
    )


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_safe
def run_output(request: HttpRequest, pk: int, index: int) -> FileResponse:
    """Download one output file, chosen by its index in the run's own list."""
    run = get_run_for_user(request, pk)
    if index < 0 or index >= len(run.outputs):
        raise Http404
    relative = str(run.outputs[index]["path"])
    path = (run.directory / relative).resolve()
    if not path.is_relative_to(run.directory.resolve()) or not path.is_file():
        raise Http404
    record(request, Action.DOWNLOAD, "run", run.pk, detail={"output": relative})
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_role(Role.ANALYST)
@require_http_methods(["GET", "HEAD", "POST"])
def clerical(request: HttpRequest) -> HttpResponse:
    """Upload an analyst's clerical decisions for a period; later runs apply them."""
    form = ClericalForm(request.POST or None, request.FILES or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        upload = form.cleaned_data["file"]
        try:
            clerical_file.receive(
                request, period, upload.read(clerical_file.MAX_BYTES + 1)
            )
        except clerical_file.InvalidDecisions as invalid:
            for problem in invalid.errors:
                form.add_error("file", problem)
        else:
            messages.success(
                request,
                _("Clerical decisions for %(period)d stored: later runs apply them.")
                % {"period": period},
            )
            return redirect("runs:clerical")
    record(request, Action.READ, "clerical_decisions_list")
    stored = ClericalDecisions.objects.select_related("uploaded_by").defer("content")
    return render(
        request,
        "runs/clerical.html",
        {"form": form, "stored": stored},
        status=status,
    )
