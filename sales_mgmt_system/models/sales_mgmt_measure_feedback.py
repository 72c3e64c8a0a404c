from collections import defaultdict

from odoo import api, models

from ..core import feedback as feedback_core


class SalesMgmtMeasure(models.AbstractModel):
    """Satisfaction and visit measures: feedback (CSAT, NPS) and visits done."""

    _inherit = "sales.mgmt.measure"

    @api.model
    def _satisfaction_values(
        self, date_from, date_to, owner_field="user_id", owner_ids=None, company=None
    ):
        """``{owner_id: {"responses", "csat_pct", "nps"}}`` of the feedback dated in
        ``[date_from, date_to]``, by its salesperson or team. One grouped query.
        Owners without feedback are absent; a figure without answers is None."""
        company = company or self.env.company
        domain = [
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            *self._owner_domain(owner_field, owner_ids),
        ]
        rows = (
            self.env["sales.feedback"]
            .sudo()
            ._read_group(domain, [owner_field, "csat", "nps"], ["__count"])
        )
        summary = feedback_core.summarize(
            [
                (owner.id, int(csat) if csat else None, int(nps) if nps else None, count)
                for owner, csat, nps, count in rows
            ]
        )
        return summary["by_key"]

    @api.model
    def _visits_done_values(
        self, date_from, date_to, owner_field="user_id", owner_ids=None, company=None
    ):
        """``{owner_id: count}`` of the visits done in ``[date_from, date_to]``,
        by their salesperson or team. One grouped query."""
        company = company or self.env.company
        domain = [
            ("state", "=", "done"),
            ("company_id", "=", company.id),
            ("date_done", ">=", date_from),
            ("date_done", "<=", date_to),
            *self._owner_domain(owner_field, owner_ids),
        ]
        counts = defaultdict(float)
        for owner, count in (
            self.env["sales.visit"].sudo()._read_group(domain, [owner_field], ["__count"])
        ):
            counts[owner.id] += count
        return dict(counts)
