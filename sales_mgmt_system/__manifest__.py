{
    "name": "Sales Management System",
    "summary": "Targets, sales process, incentives, after-sales and customer care "
    "for small sales teams",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Sales Management System Team",
    "depends": ["crm", "sale_crm", "gamification", "rating"],
    "data": [
        "security/sales_mgmt_security.xml",
        "security/sales_target_security.xml",
        "security/sales_commission_security.xml",
        "security/sales_review_security.xml",
        "security/ir.model.access.csv",
        "security/sales_ux_security.xml",
        "data/sales_target_cron.xml",
        "data/sales_commission_cron.xml",
        "data/sales_review_data.xml",
        "views/res_config_settings_views.xml",
        "views/sales_target_views.xml",
        "views/sales_commission_plan_views.xml",
        "views/sales_commission_statement_views.xml",
        "views/sales_review_template_views.xml",
        "views/sales_review_views.xml",
        "views/sales_award_views.xml",
        "wizards/sales_commission_generate_views.xml",
        "wizards/sales_review_batch_wizard_views.xml",
        "wizards/sales_award_generate_wizard_views.xml",
        "views/sales_mgmt_menus.xml",
    ],
    "demo": [
        "demo/sales_mgmt_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sales_mgmt_system/static/src/**/*",
        ],
        "web.assets_tests": [
            "sales_mgmt_system/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
