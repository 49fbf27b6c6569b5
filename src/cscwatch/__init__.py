"""cscwatch: how England holds its children's social care to account, from Ofsted's own reports."""

__version__ = "0.5.0"
