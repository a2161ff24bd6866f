"""The Opportunities section: ways to get involved, the interest shown in them, and the
people who might fit (staff screens; the kiosk's side is hubapp.ui.kiosk)."""

from hubapp.ui.opportunities.page import OpportunitiesPage

__all__ = ["OpportunitiesPage"]
