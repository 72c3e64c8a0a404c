import tempfile

from werkzeug.wsgi import wrap_file

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SalesMgmtXlsxController(http.Controller):
    @http.route(
        "/sales_mgmt/xlsx/<int:wizard_id>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def download_xlsx(self, wizard_id):
        """The workbook of a report wizard of the logged-in user, built as that user.

        Wizards are private to their creator: another user's wizard is not found.
        Only reads: Odoo sends the request to a read replica when one is set up.
        """
        wizard = request.env["sales.mgmt.xlsx.wizard"].browse(wizard_id)
        try:
            wizard.check_access("read")
            filename = wizard._xlsx_filename()
        except (AccessError, MissingError):
            raise request.not_found() from None
        out = tempfile.TemporaryFile()  # noqa: SIM115  # pylint: disable=consider-using-with
        try:
            wizard._write_xlsx(out)
            size = out.tell()
            out.seek(0)
        except Exception:
            out.close()
            raise
        return request.make_response(
            wrap_file(request.httprequest.environ, out),
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", str(size)),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
