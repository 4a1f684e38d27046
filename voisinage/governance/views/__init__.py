"""Governance pages (thin views: parse → selector or service → render)."""
