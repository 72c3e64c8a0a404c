import logging
import tempfile

from odoo import api, fields, models
from odoo.tools import config

from ..xlsx_writer import sheet_name
from .sales_mgmt_xlsx_report import REPORTS

_logger = logging.getLogger(__name__)


class SalesMgmtXlsxSent(models.Model):
    """The monthly management reports already mailed: one per manager, company and month.

    The scheduled action looks here before building a pack, so running it twice
    in a month mails nobody twice.
    """

    _name = "sales.mgmt.xlsx.sent"
    _description = "Monthly Management Report Sent"
    _order = "month desc, id desc"
    _rec_name = "month"

    user_id = fields.Many2one(
        "res.users", string="Sales Manager", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    month = fields.Date(required=True, help="First day of the month the report covers.")
    mail_id = fields.Many2one("mail.mail", string="Email", ondelete="set null")

    _sql_constraints = [
        (
            "user_company_month_uniq",
            "unique(user_id, company_id, month)",
            "The monthly report of this month was already sent to this manager.",
        ),
    ]

    @api.model
    def _cron_send_monthly_report(self):
        """Mail last month's XLSX pack to every sales manager who has not had it."""
        today = self.env["sales.mgmt.measure"]._company_today()
        last_day = today.replace(day=1) - fields.date.resolution
        return self._send_monthly_reports(last_day.replace(day=1), last_day)

    @api.model
    def _send_monthly_reports(self, date_from, date_to):
        """Mail the pack of ``date_from`` to ``date_to`` to the managers still due.

        Returns the log records it made.
        """
        group = self.env.ref("sales_team.group_sale_manager")
        managers = group.users.filtered(lambda user: user.active and not user.share)
        companies = managers.company_ids
        done = {
            (sent.user_id.id, sent.company_id.id)
            for sent in self.search([("month", "=", date_from), ("user_id", "in", managers.ids)])
        }
        due = [
            (user, company)
            for company in companies
            for user in managers
            if company in user.company_ids and (user.id, company.id) not in done
        ]
        sent = self.browse()
        for index, (user, company) in enumerate(due):
            sent |= self._send_monthly_report(user, company, date_from, date_to)
            self.env["ir.cron"]._notify_progress(done=index + 1, remaining=len(due) - index - 1)
            if not config["test_enable"] and not self.env.registry.in_test_mode():
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return sent

    @api.model
    def _send_monthly_report(self, user, company, date_from, date_to):
        """Build the pack as ``user`` in ``company`` and their language, and mail it."""
        env = self.env(
            user=user,
            context=dict(self.env.context, lang=user.lang, allowed_company_ids=[company.id]),
        )
        title = env._(
            "Monthly sales management report %(month)s",
            month=date_from.strftime("%Y-%m"),
        )
        with tempfile.TemporaryFile() as out:
            env["sales.mgmt.xlsx.report"]._write_xlsx(
                out, [code for code, _label in REPORTS], date_from, date_to
            )
            out.seek(0)
            content = out.read()
        filename = f"{sheet_name(company.name, set())} {date_from:%Y-%m}.xlsx"
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": self._name,
            }
        )
        body = env._(
            "Hello %(name)s,<br/><br/>Attached is the sales management report of %(company)s "
            "for %(start)s to %(end)s: targets, funnel, commissions, tickets, feedback, "
            "customers, channels, competitors and costs, one sheet each.",
            name=user.name,
            company=company.name,
            start=fields.Date.to_string(date_from),
            end=fields.Date.to_string(date_to),
        )
        mail = self.env["mail.mail"].create(
            {
                "subject": f"{company.name}: {title}",
                "body_html": f"<p>{body}</p>",
                "email_from": company.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [(4, user.partner_id.id)],
                "attachment_ids": [(4, attachment.id)],
                "auto_delete": False,
            }
        )
        record = self.create(
            {"user_id": user.id, "company_id": company.id, "month": date_from, "mail_id": mail.id}
        )
        attachment.res_id = record.id
        _logger.info("Monthly sales report %s mailed to %s", date_from, user.login)
        return record
