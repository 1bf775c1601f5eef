"""Analysts start the annual run of a period and follow it."""

from __future__ import annotations

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from palermo_web.accounts.access import get_run_for_user, require_role, runs_for
from palermo_web.accounts.models import Role
from palermo_web.audit.log import record
from palermo_web.audit.models import Action
from palermo_web.runs.models import Run


class RunForm(forms.Form):
    period = forms.IntegerField(
        label=gettext_lazy("Reference period"), min_value=1900, max_value=2100
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].initial = timezone.now().year - 1


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = Run.request(form.cleaned_data["period"], request.user)
        record(request, Action.CREATE, "run", run.pk, detail={"period": run.period})
        return redirect("runs:detail", pk=run.pk)
    runs = runs_for(request.user).select_related("requested_by")[:100]
    return render(request, "runs/list.html", {"form": form, "runs": runs})


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    record(request, Action.READ, "run", run.pk)
    return render(request, "runs/detail.html", {"run": run})


@require_role(Role.ANALYST, Role.ADMINISTRATOR)
@require_GET
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
