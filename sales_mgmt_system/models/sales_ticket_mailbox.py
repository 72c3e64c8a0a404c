from odoo import fields, models


class SalesTicketMailbox(models.Model):
    """An email address whose incoming mail opens after-sales tickets.

    Each mailbox owns a mail alias (``mail.alias.mixin``): a message sent to it
    becomes a ticket of the mailbox's team, assignee and category, with the
    channel "email" and the message's date as its reception.
    """

    _name = "sales.ticket.mailbox"
    _description = "After-Sales Ticket Mailbox"
    _inherit = ["mail.alias.mixin"]
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Who gets the tickets of this mailbox; empty: the team leader assigns them.",
    )
    category_id = fields.Many2one("sales.ticket.category", check_company=True)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("sales.ticket").id
        if self.id:
            defaults = {"channel": "email", "company_id": self.company_id.id}
            if self.team_id:
                defaults["team_id"] = self.team_id.id
            if self.user_id:
                defaults["user_id"] = self.user_id.id
            if self.category_id:
                defaults["category_id"] = self.category_id.id
            values["alias_defaults"] = repr(defaults)
        return values

    def write(self, vals):
        result = super().write(vals)
        if {"team_id", "user_id", "category_id", "company_id"} & set(vals):
            for mailbox in self:
                mailbox.alias_id.sudo().alias_defaults = mailbox._alias_get_creation_values()[
                    "alias_defaults"
                ]
        return result
