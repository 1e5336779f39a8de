"""The screens of the evaluations, one module per kind (URLs in :mod:`cases.urls`).

Every view asks :mod:`cases.access` for its object and the user's role, which refuses whom it
must; figures come from :mod:`cases.figures`; changes go through the models and
:mod:`cases.timeline`, which keep the history. Views hand templates what to show, and
``may_edit`` / ``may_chair`` rather than a role.
"""
