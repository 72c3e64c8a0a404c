"""Pure-Python core of the Sales Management System.

Nothing in this package imports ``odoo``: it works on plain values (dates,
numbers, tuples) so that it can be tested in milliseconds with plain pytest.
The Odoo models gather rows, call these functions and write the results.
"""
