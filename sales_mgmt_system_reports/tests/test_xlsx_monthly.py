"""The monthly management report: one mail per manager and month, in the manager's language."""

import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtCase, load_chinese


@tagged("post_install", "-at_install")
class TestMonthlyReport(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only this test's managers: the demo's are left out of the group.
        group = cls.env.ref("sales_team.group_sale_manager")
        group.users = cls.manager
        cls.second_manager = new_test_user(
            cls.env,
            "sms_manager_zh",
            groups="sales_team.group_sale_manager",
            name="Second Manager",
            email="second.manager@example.com",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.manager.email = "manager@example.com"
        cls.Sent = cls.env["sales.mgmt.xlsx.sent"]

    def mails_to(self, user):
        return self.env["mail.mail"].search([("recipient_ids", "in", user.partner_id.ids)])

    def open_attachment(self, mail):
        self.assertEqual(len(mail.attachment_ids), 1)
        return openpyxl.load_workbook(io.BytesIO(mail.attachment_ids.raw))

    @freeze_time("2019-04-02 06:00:00")
    def test_run_twice_mails_each_manager_once(self):
        cron = self.env.ref("sales_mgmt_system_reports.ir_cron_monthly_report")
        self.assertEqual(cron.code, "model._cron_send_monthly_report()")
        first = self.Sent._cron_send_monthly_report()
        self.assertEqual(first.user_id, self.manager | self.second_manager)
        self.assertEqual(set(first.mapped("month")), {date(2019, 3, 1)})
        again = self.Sent._cron_send_monthly_report()
        self.assertFalse(again)
        for user in (self.manager, self.second_manager):
            mail = self.mails_to(user)
            self.assertEqual(len(mail), 1, user.login)
            self.assertIn("2019-03", mail.subject)
            book = self.open_attachment(mail)
            self.assertEqual(
                book.sheetnames,
                [
                    "Sales Targets",
                    "Attainment by Month",
                    "Sales Funnel",
                    "Commissions",
                    "After-Sales Tickets",
                    "Customer Feedback",
                    "Customers",
                    "Sales Channels",
                    "Competitors",
                    "Cost Entries",
                    "Cost Budgets",
                ],
            )
            self.assertEqual(book["Commissions"]["A3"].value, "Period: 2019-03-01 to 2019-03-31")
            self.assertIn(user.name, book["Commissions"]["A6"].value)
        # a new month is a new report
        with freeze_time("2019-05-01 06:00:00"):
            self.assertEqual(len(self.Sent._cron_send_monthly_report()), 2)
        self.assertEqual(len(self.mails_to(self.manager)), 2)

    def test_the_log_refuses_a_second_entry_for_a_month(self):
        self.Sent._send_monthly_reports(date(2019, 3, 1), date(2019, 3, 31))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Sent.create(
                {"user_id": self.manager.id, "company_id": self.company.id, "month": "2019-03-01"}
            )

    def test_pack_is_in_the_managers_language(self):
        load_chinese(self.env, ("sales_mgmt_system", "sales_mgmt_system_reports"))
        self.second_manager.lang = "zh_CN"
        self.Sent._send_monthly_reports(date(2019, 3, 1), date(2019, 3, 31))
        mail = self.mails_to(self.second_manager)
        self.assertIn("销售管理月报 2019-03", mail.subject)
        book = self.open_attachment(mail)
        # (report names are selection labels: their Chinese comes with the i18n export)
        self.assertEqual(book.sheetnames[1], "月度达成率")
        english = self.open_attachment(self.mails_to(self.manager))
        self.assertEqual(english.sheetnames[:2], ["Sales Targets", "Attainment by Month"])

    def test_log_is_for_managers_only(self):
        self.Sent._send_monthly_reports(date(2019, 3, 1), date(2019, 3, 31))
        self.assertEqual(len(self.Sent.with_user(self.manager).search([])), 2)
        with self.assertRaises(AccessError):
            self.Sent.with_user(self.all_docs).search([])
