from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.sales_mgmt_xlsx_report import REPORTS
from ..xlsx_writer import sheet_name


class SalesMgmtXlsxWizard(models.TransientModel):
    """Choose a report, a period and filters, and download the XLSX file.

    The file is built by the route of ``action_download()``'s URL, as the
    logged-in user: the record rules decide which rows each user gets.
    """

    _name = "sales.mgmt.xlsx.wizard"
    _description = "Sales Management XLSX Report"

    report = fields.Selection(REPORTS, required=True, default="targets")
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        help="Only these teams. Empty: every team you may see.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        domain=[("share", "=", False)],
        help="Only these salespeople. Empty: everyone you may see. Salespeople only get "
        "their own figures and those of the teams they lead, whatever is chosen here.",
    )

    @api.model
    def _default_period(self):
        """Last month, in the company's days."""
        today = self.env["sales.mgmt.measure"]._company_today()
        last_day = today.replace(day=1) - fields.date.resolution
        return last_day.replace(day=1), last_day

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The period starts on %(start)s, after its end on %(end)s: "
                        "choose a start date on or before the end date.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def _xlsx_filename(self):
        self.ensure_one()
        label = self.env["sales.mgmt.xlsx.report"]._xlsx_report_label(self.report)
        return f"{sheet_name(label, set())} {self.date_from} {self.date_to}.xlsx"

    def _write_xlsx(self, out):
        """Write this wizard's workbook on ``out``, as the current user."""
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period's start date is after its end date."))
        return self.env["sales.mgmt.xlsx.report"]._write_xlsx(
            out, [self.report], self.date_from, self.date_to, self.team_ids, self.user_ids
        )

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/sales_mgmt/xlsx/{self.id}",
            "target": "download",
        }
