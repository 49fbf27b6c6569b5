"""Improvement plans: Ofsted's asks, the council's actions and measures, board packs.

A capability over the registry (the asks), casework (the measures' Annex A indicators) and
analytics (the national context). The plan file's layout is data: ``data/plan.yaml``.
"""
