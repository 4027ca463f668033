from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site as a whole: header navigation, deployment checks, `seed_demo`."""

    name = "disclosure_portal"
    verbose_name = "政务公开门户"

    def ready(self):
        from organisation.signals import agencies_changed

        from . import checks  # noqa: F401 -- registers the deployment checks
        from .context_processors import forget_switcher_agencies

        agencies_changed.connect(forget_switcher_agencies, dispatch_uid="portal.switcher")
