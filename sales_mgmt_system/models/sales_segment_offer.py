from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SalesSegmentOffer(models.Model):
    """A personalised offer mailed to a segment with Odoo's mass-mail composer."""

    _name = "sales.segment.offer"
    _description = "Segment Offer"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Offer", required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    segment_id = fields.Many2one(
        "sales.segment",
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="segment_id.company_id", store=True, index=True)
    body = fields.Html(string="Message", translate=True, sanitize_style=True)
    discount = fields.Float(string="Discount (%)", digits=(5, 2))
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    mail_template_id = fields.Many2one(
        "mail.template",
        domain="[('model', '=', 'res.partner')]",
        help="Mail sent to the segment's customers; without one the message above is sent.",
    )
    date_start = fields.Date(string="Valid From", default=fields.Date.context_today)
    date_end = fields.Date(string="Valid Until")
    recipient_count = fields.Integer(
        compute="_compute_recipients", string="Recipients", help="Members with an email."
    )
    missing_email_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_recipients",
        string="Members Without Email",
        help="These members of the segment have no email: the offer does not reach them.",
    )

    @api.depends("segment_id.partner_ids.email")
    def _compute_recipients(self):
        for offer in self:
            members = offer.segment_id.partner_ids
            offer.recipient_count = len(members.filtered("email"))
            offer.missing_email_partner_ids = members.filtered(lambda p: not p.email)

    @api.model_create_multi
    def create(self, vals_list):
        # Make the segment constraint run when the segment is left out.
        for vals in vals_list:
            vals.setdefault("segment_id", False)
        return super().create(vals_list)

    @api.constrains("segment_id")
    def _check_segment(self):
        for offer in self:
            if not offer.segment_id:
                raise ValidationError(
                    self.env._(
                        "Offer %(offer)s has no segment: choose the segment to send it to.",
                        offer=offer.name,
                    )
                )

    @api.constrains("discount")
    def _check_discount(self):
        for offer in self:
            if not 0 <= offer.discount <= 100:
                raise ValidationError(
                    self.env._(
                        "The discount of offer %(offer)s must be between 0 and 100%%.",
                        offer=offer.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for offer in self:
            if offer.date_start and offer.date_end and offer.date_end < offer.date_start:
                raise ValidationError(
                    self.env._(
                        "Offer %(offer)s ends before it starts: set its end on or after its start.",
                        offer=offer.name,
                    )
                )

    def _recipient_domain(self):
        self.ensure_one()
        return [("segment_ids", "in", self.segment_id.ids), ("email", "!=", False)]

    def action_send(self):
        """Open Odoo's mass-mail composer for the segment's members with an email."""
        self.ensure_one()
        if not self.recipient_count:
            raise UserError(
                self.env._(
                    "No member of segment %(segment)s has an email. Refresh the segment or "
                    "add emails to its customers.",
                    segment=self.segment_id.display_name,
                )
            )
        context = {
            "default_composition_mode": "mass_mail",
            "default_model": "res.partner",
            "default_res_domain": repr(self._recipient_domain()),
            "default_use_exclusion_list": True,
        }
        if self.mail_template_id:
            context["default_template_id"] = self.mail_template_id.id
        else:
            context.update(default_subject=self.name, default_body=self.body or "")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Offer"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }
