from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "borgerrejse.catalog"
