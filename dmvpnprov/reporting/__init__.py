"""Renderers of dmvpnprov's result models (savings, audit, push) to table/json/junit/markdown/html.

JSON is canonical: every other format is produced from the same model.
"""
