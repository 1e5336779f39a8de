"""The pure library at the bottom of the project: costing, firmness, Dutch formats, charts,
markdown, the privacy guard and the workbook's sheets.

Nothing here knows a model or imports one of the project's apps (a test walks the imports):
plain Python with ``Decimal`` money, unit-tested without a database. The apps above hand it
their data and show what it returns.
"""
