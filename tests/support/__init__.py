"""Helpers shared by the tests: paths, golden cases, fleets, lab and CLI runners.

Test modules and conftest files import from here; no test imports from a conftest file
or from another test module.
"""
