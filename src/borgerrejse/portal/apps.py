from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "borgerrejse.portal"
