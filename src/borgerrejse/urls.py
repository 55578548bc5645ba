from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("borgerrejse.api.urls")),
    *i18n_patterns(
        path("", include("borgerrejse.portal.urls")),
        path("", include("borgerrejse.identity.urls")),
        path("", include("borgerrejse.staff.urls")),
        path("", include("borgerrejse.workbench.urls")),
        prefix_default_language=False,
    ),
]
