{
    "name": "Sales Management System - Reports",
    "summary": "Analysis views and reports of the Sales Management System",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Sales Management System Team",
    "depends": ["sales_mgmt_system", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_mgmt_reports_security.xml",
        "views/sales_analysis_ticket_views.xml",
        "views/sales_analysis_feedback_views.xml",
        "views/sales_analysis_competitor_views.xml",
        "views/sales_analysis_channel_views.xml",
        "views/sales_analysis_customer_views.xml",
        "views/sales_analysis_cost_views.xml",
        "views/sales_analysis_marketing_views.xml",
        "data/sales_mgmt_dashboards.xml",
        "views/sales_mgmt_reports_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_mgmt_system_reports/static/tests/tours/*dashboard*.js",
        ],
    },
}
