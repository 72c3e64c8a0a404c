from odoo.tests import TransactionCase, tagged

from .common import assert_module_translations, load_chinese


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_template_and_chinese_translation_are_complete(self):
        assert_module_translations(self, "sales_mgmt_system")

    def test_chinese_users_see_the_app_in_chinese(self):
        load_chinese(self.env)
        root = self.env.ref("sales_mgmt_system.menu_root").with_context(lang="zh_CN")
        self.assertEqual(root.name, "销售管理")
        process = self.env.ref("sales_mgmt_system.menu_sales_process").with_context(lang="zh_CN")
        self.assertEqual(process.name, "销售流程")
