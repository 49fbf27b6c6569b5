"""Fetching the reports from Ofsted's site into a folder a build reads (``cscwatch fetch``).

``site`` reads the site's pages (the structure it relies on is data: data/ofsted_site.yaml),
``client`` is the polite HTTP client, ``run`` walks the site and saves the files, recording each
in the registry's downloads manifest (registry/manifest.py). This layer knows HTTP, not PDFs
beyond their first bytes."""

from cscwatch.fetch.client import Politeness
from cscwatch.fetch.run import FetchResult, Reporter, fetch

__all__ = ["FetchResult", "Politeness", "Reporter", "fetch"]
