"""The project's URLs plus a page behind @citizen_required, for testing the decorator."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

from borgerrejse.identity.access import citizen_required, current_citizen
from borgerrejse.urls import urlpatterns as project_urlpatterns


@citizen_required
def my_page(request: HttpRequest, number: int) -> HttpResponse:
    citizen = current_citizen(request)
    assert citizen is not None
    return HttpResponse(f"{citizen.full_name} {number}")


urlpatterns = [
    *project_urlpatterns,
    *i18n_patterns(
        path("mine/<int:number>/", my_page, name="my_page"), prefix_default_language=False
    ),
]
