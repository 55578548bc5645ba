from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "borgerrejse.workbench"
    verbose_name = "Workbench"
