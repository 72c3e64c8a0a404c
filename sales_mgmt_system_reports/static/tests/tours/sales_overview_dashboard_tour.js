import { registry } from "@web/core/registry";
import { openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// Reporting > Overview opens the Sales Overview dashboard: its scorecards
// render, its pivot and list cells load and a figure drills into its records.
registry.category("web_tour.tours").add("sales_mgmt_system_reports_overview_dashboard", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        {
            // On a narrow screen the navbar moves Reporting into its "+" menu.
            content: "Open Reporting",
            trigger: [
                ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system_reports.menu_reporting']",
                ".o_main_navbar .o_menu_sections_more > button",
            ].join(", "),
            run: "click",
        },
        {
            content: "Open Overview, the first entry of Reporting",
            trigger: ".dropdown-item[data-menu-xmlid='sales_mgmt_system_reports.menu_overview_dashboard']",
            run: "click",
        },
        {
            content: "The Sales Overview dashboard is the one shown",
            trigger:
                ".o_spreadsheet_dashboard_action .o_search_panel_category_value.active:contains('Sales Overview')",
        },
        {
            content: "The global filters are there: period, sales team and salesperson",
            trigger:
                ".o_control_panel:has(input[placeholder*='Sales Team']):has(input[placeholder*='Salesperson'])",
        },
        {
            content: "The six scorecards render",
            trigger: ".o_spreadsheet_dashboard_action .o-scorecard:eq(5)",
        },
        {
            content: "The data sources have loaded: their cells can be clicked",
            trigger: ".o_spreadsheet_dashboard_action .o-dashboard-clickable-cell",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
        {
            content: "Click a figure to see its records",
            trigger: ".o_spreadsheet_dashboard_action .o-dashboard-clickable-cell",
            run: "click",
        },
        {
            content: "The records of the figure open on top of the dashboard",
            trigger: ".o_breadcrumb .o_back_button:contains('Sales Overview'), .o_breadcrumb a:contains('Sales Overview')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains('Sales Overview')",
            run: "click",
        },
        {
            content: "The dashboard shows again",
            trigger: ".o_spreadsheet_dashboard_action .o-dashboard-clickable-cell",
        },
    ],
});
