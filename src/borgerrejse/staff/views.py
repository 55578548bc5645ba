"""Staff log in and out, and see who they are logged in as."""

from __future__ import annotations

from typing import Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from borgerrejse.catalog.departments import team_for
from borgerrejse.catalog.selectors import service_definition, service_versions_current
from borgerrejse.identity.access import safe_next_url
from borgerrejse.staff.access import current_staff, staff_required
from borgerrejse.staff.forms import StaffLoginForm
from borgerrejse.staff.roles import Role
from borgerrejse.staff.services import (
    StaffLoginFailed,
    StaffLoginFailure,
    staff_login,
    staff_logout,
)

# Where a login without ?next= lands: the caseworker's queue.
HOME: Final = "workbench:queue"


@never_cache
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    status = 200
    if request.method == "POST":
        form = StaffLoginForm(request.POST)
        if form.is_valid():
            try:
                staff_login(
                    request=request,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    code=form.cleaned_data["code"],
                )
            except StaffLoginFailed as failure:
                form.add_error(None, failure.message)
                throttled = failure.failure is StaffLoginFailure.THROTTLED
                status = 429 if throttled else 400
            else:
                return redirect(next_url or resolve_url(HOME))
        else:
            status = 400
    else:
        if current_staff(request) is not None:
            return redirect(next_url or resolve_url(HOME))
        form = StaffLoginForm()
    return render(request, "staff/login.html", {"form": form, "next": next_url}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET shows who is logged in, with a button; POST logs out (then GET says so)."""
    if request.method == "POST":
        staff_logout(request=request)
        return redirect("staff:logout")
    return render(request, "staff/logout.html", {"staff": current_staff(request)})


@staff_required
@require_http_methods(["GET", "HEAD"])
def profile(request: HttpRequest) -> HttpResponse:
    member = current_staff(request)
    assert member is not None  # staff_required
    titles = {
        version.slug: service_definition(version).title.get(request.LANGUAGE_CODE)
        for version in service_versions_current(on=timezone.localdate())
    }
    return render(
        request,
        "staff/profile.html",
        {
            "staff": member,
            "roles": [Role(role).label for role in member.roles],
            "departments": [team_for(department).name for department in member.departments],
            "skills": [titles.get(slug, slug) for slug in member.skills],
        },
    )
