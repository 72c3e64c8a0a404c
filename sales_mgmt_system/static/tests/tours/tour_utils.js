import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** Steps that open the Sales Management app from the web client's home. */
export function openSalesManagementApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Sales Management app",
            trigger: ".o_app[data-menu-xmlid='sales_mgmt_system.menu_root']",
            run: "click",
        },
    ];
}

/** Steps that open ``itemXmlid`` from the navbar menu ``sectionXmlid`` of the app. */
export function openAppMenu(sectionXmlid, itemXmlid) {
    return [
        {
            content: `Open the menu ${sectionXmlid}`,
            trigger: `.o_main_navbar button[data-menu-xmlid='${sectionXmlid}']`,
            run: "click",
        },
        {
            content: `Open ${itemXmlid}`,
            trigger: `.dropdown-item[data-menu-xmlid='${itemXmlid}']`,
            run: "click",
        },
    ];
}
