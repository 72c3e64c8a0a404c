"""The download route of the XLSX reports, as different users, and the download tour."""

import io
from datetime import date

import openpyxl

from odoo.tests import new_test_user, tagged

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtHttpCase
from odoo.addons.sales_mgmt_system_reports.controllers.main import SalesMgmtXlsxController

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestXlsxRoute(SalesMgmtHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def salesperson(login):
            return new_test_user(
                cls.env, login, groups="sales_team.group_sale_salesman", name=login.title()
            )

        cls.owner = salesperson("xlsx_owner")
        cls.other = salesperson("xlsx_other")
        travel = cls.env.ref("sales_mgmt_system.cost_category_travel")
        cls.env["sales.cost.entry"].create(
            [
                {
                    "user_id": user.id,
                    "category_id": travel.id,
                    "amount": 75.0,
                    "date": date(2019, 3, 10),
                    "description": f"Trip of {user.name}",
                }
                for user in (cls.owner, cls.other)
            ]
        )
        cls.wizard = (
            cls.env["sales.mgmt.xlsx.wizard"]
            .with_user(cls.owner)
            .create({"report": "costs", "date_from": "2019-03-01", "date_to": "2019-03-31"})
        )
        cls.url = cls.wizard.action_download()["url"]

    def test_route_is_readonly_and_for_logged_in_users(self):
        routing = SalesMgmtXlsxController.download_xlsx.original_routing
        self.assertIs(routing["readonly"], True)
        self.assertEqual(routing["auth"], "user")
        response = self.url_open(self.url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_owner_downloads_their_rows(self):
        self.authenticate("xlsx_owner", "xlsx_owner")
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX)
        self.assertEqual(
            response.headers["Content-Disposition"],
            "attachment; filename*=UTF-8''Sales%20Costs%202019-03-01%202019-03-31.xlsx",
        )
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book["Cost Entries"]
        self.assertEqual(sheet["B9"].value, "Trip of Xlsx_Owner")
        self.assertEqual(sheet["A10"].value, "Total")
        self.assertEqual(sheet["F10"].value, "=SUBTOTAL(109,F9:F9)")

    def test_another_user_gets_not_found(self):
        self.authenticate("xlsx_other", "xlsx_other")
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(XLSX, response.headers.get("Content-Type", ""))
        response = self.url_open("/sales_mgmt/xlsx/999999999")
        self.assertEqual(response.status_code, 404)


@tagged("post_install", "-at_install")
class TestXlsxTour(SalesMgmtHttpCase):
    # wide enough for the app's navbar to show Reporting instead of folding it
    browser_size = "1920x1080"

    def test_download_from_the_wizard(self):
        salesperson = new_test_user(
            self.env,
            "xlsx_tour",
            groups="sales_team.group_sale_salesman",
            name="Xlsx Tour",
        )
        self.warm_up_assets(salesperson.login)
        self.start_tour("/odoo", "sales_mgmt_system_reports_xlsx_download", login=salesperson.login)
        wizard = self.env["sales.mgmt.xlsx.wizard"].search([("create_uid", "=", salesperson.id)])
        self.assertEqual(len(wizard), 1)
        self.assertEqual(
            (wizard.report, wizard.date_from, wizard.date_to),
            ("funnel", date(2026, 1, 1), date(2026, 12, 31)),
        )
