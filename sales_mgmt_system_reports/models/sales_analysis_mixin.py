from odoo import models, tools
from odoo.tools import SQL


class SalesAnalysisMixin(models.AbstractModel):
    """Read-only analysis backed by a PostgreSQL view.

    A model inheriting it sets ``_auto = False`` and returns its ``SELECT`` from
    ``_query()``; ``init()`` (re)creates the view on install and upgrade.

    Ratios (rates, averages, NPS) are never stored per group: each row carries
    its own contribution (``100``/``0`` for a rate, the score for an average,
    ``NULL`` when the row does not count), and the field aggregates with
    ``avg``. The average of per-row contributions over the rows that count is
    exactly the ratio of the sums, at every grouping level of a pivot.
    """

    _name = "sales.analysis.mixin"
    _description = "Sales Analysis View"

    def _query(self):
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
