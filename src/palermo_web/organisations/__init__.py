"""Organisations that submit records to the hub (police units, NGOs, inspectorates...)."""
