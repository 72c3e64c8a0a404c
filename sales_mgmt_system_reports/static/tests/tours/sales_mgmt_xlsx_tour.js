import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A salesperson opens XLSX Reports from the Reporting menu, chooses the funnel
// and downloads it. The browser's download is caught: the URL the wizard sent
// is fetched instead, and the tour checks that an XLSX file came back.
registry.category("web_tour.tours").add("sales_mgmt_system_reports_xlsx_download", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu(
            "sales_mgmt_system_reports.menu_reporting",
            "sales_mgmt_system_reports.menu_xlsx_reports"
        ),
        {
            content: "Choose the funnel report",
            trigger: ".modal .o_field_widget[name=report] select",
            run: "selectByLabel Sales Funnel",
        },
        {
            content: "Start the period at the beginning of 2026",
            trigger: ".modal .o_field_widget[name=date_from] input",
            run: "edit 01/01/2026",
        },
        {
            content: "End it at the end of 2026",
            trigger: ".modal .o_field_widget[name=date_to] input",
            run: "edit 12/31/2026",
        },
        {
            content: "Download the workbook",
            trigger: ".modal footer button[name=action_download]",
            async run(actions) {
                const descriptor = Object.getOwnPropertyDescriptor(browser, "location");
                const real = window.location;
                // The real location, but for assign(): a stand-in (a Proxy of
                // Location may not replace its own non-configurable methods).
                const location = {
                    async assign(url) {
                        Object.defineProperty(browser, "location", descriptor);
                        const response = await fetch(url);
                        const type = response.headers.get("Content-Type");
                        const size = (await response.arrayBuffer()).byteLength;
                        document.body.dataset.xlsxDownload = `${response.status} ${type}`;
                        document.body.dataset.xlsxUrl = new URL(url, real.href).pathname;
                        document.body.dataset.xlsxSize = size > 0 ? "some" : "none";
                    },
                    replace: (url) => real.replace(url),
                    reload: () => real.reload(),
                    toString: () => real.toString(),
                };
                const keys = ["href", "origin", "protocol", "host", "hostname", "port"];
                for (const key of [...keys, "pathname", "search", "hash"]) {
                    Object.defineProperty(location, key, { get: () => real[key] });
                }
                Object.defineProperty(browser, "location", {
                    get: () => location,
                    configurable: true,
                });
                await actions.click();
            },
        },
        {
            content: "The route answered with an XLSX file",
            trigger: `body[data-xlsx-download='200 ${XLSX}'][data-xlsx-size=some][data-xlsx-url^='/sales_mgmt/xlsx/']`,
        },
        {
            content: "No error dialog opened",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
