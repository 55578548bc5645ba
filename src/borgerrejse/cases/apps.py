from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "borgerrejse.cases"
