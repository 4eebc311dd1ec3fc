"""The demonstration set-up, above the apps: see :mod:`.setup`."""

from sante_locale.demo.setup import DEMO_TERRITORY, DEMO_USERNAME, DemoSummary, prepare

__all__ = ["DEMO_TERRITORY", "DEMO_USERNAME", "DemoSummary", "prepare"]
