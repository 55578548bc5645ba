from django.urls import path

from borgerrejse.staff import views

app_name = "staff"
urlpatterns = [
    path("medarbejder/log-ind/", views.login, name="login"),
    path("medarbejder/log-ud/", views.logout, name="logout"),
    path("medarbejder/profil/", views.profile, name="profile"),
]
