from odoo.tests import TransactionCase, tagged

from odoo.addons.sales_mgmt_system.tests.common import assert_module_translations


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_template_and_chinese_translation_are_complete(self):
        assert_module_translations(self, "sales_mgmt_system_reports")
