from odoo import fields, models


class ResPartner(models.Model):
    """After-sales tickets on the customer profile."""

    _inherit = "res.partner"

    ticket_count = fields.Integer(
        string="Tickets",
        compute="_compute_ticket_count",
        help="After-sales tickets of the customer and its contacts.",
    )

    def _compute_ticket_count(self):
        """One grouped query for all the partners shown, contacts counted with their company."""
        partners = self.filtered("id")
        counts = {}
        for contact, count in self.env["sales.ticket"]._read_group(
            [("partner_id", "child_of", partners.ids)], ["partner_id"], ["__count"]
        ):
            company = contact.commercial_partner_id
            counts[company] = counts.get(company, 0) + count
        for partner in self:
            partner.ticket_count = counts.get(partner.commercial_partner_id, 0)

    def action_open_sales_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_ticket"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
