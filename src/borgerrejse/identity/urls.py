from django.urls import path

from borgerrejse.identity import views

app_name = "identity"
urlpatterns = [
    path("log-ind/", views.login, name="login"),
    # Where an external identity provider sends the browser back (see providers.py).
    path("log-ind/retur/", views.login_callback, name="callback"),
    path("log-ud/", views.logout, name="logout"),
]
