"""Write report workbooks with xlsxwriter, as a pure function over rows.

No Odoo here: the addon's row providers describe each sheet (title, header
lines, columns, rules, chart) and hand over an iterable of rows; this module
streams them into the workbook in xlsxwriter's constant-memory mode, so a
sheet of 100,000 rows costs no more memory than a sheet of ten.

Constant memory means each worksheet keeps only the row being written: rows
go out strictly in order (title, header lines, column headers, data, totals)
and strings are written inline instead of into a shared string table.

A sheet is a mapping:

* ``name``: the sheet tab (cut to Excel's 31 characters, made unique);
* ``title`` and ``header_lines``: the lines above the table (company,
  period, filters...);
* ``columns``: mappings with ``label``, ``kind`` (``text``, ``integer``,
  ``number``, ``money``, ``percent``, ``date``, ``datetime``), optional
  ``width``, ``total`` (``sum`` or ``average``: a ``SUBTOTAL`` formula under
  the column, so it follows the autofilter) and ``rule`` (``attainment``:
  green from 100 %, amber from ``amber_from``, red below; or a mapping
  ``{"equals": text, "style": "bad"|"good"|"warn"}``); percents are
  fractions (0.85 is 85 %);
* ``rows``: an iterable of sequences, one value per column;
* ``chart`` (optional): ``{"type": "column"|"bar", "title", "categories":
  column index, "values": [column indexes], "percent": bool}`` drawn from the
  sheet's own data range;
* ``empty_message``: the line written when there are no rows;
* ``total_label``: the label of the totals row.
"""

import re
from datetime import date, datetime
from math import isfinite

import xlsxwriter
from xlsxwriter.utility import datetime_to_excel_datetime, xl_col_to_name

KINDS = ("text", "integer", "number", "money", "percent", "date", "datetime")
SUBTOTAL_FUNCTIONS = {"sum": 109, "average": 101}
STYLES = {
    "good": {"bg_color": "#C6EFCE", "font_color": "#006100"},
    "warn": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "bad": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
}
DEFAULT_EMPTY_MESSAGE = "No data for this period and these filters"
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


def money_format(symbol="", position="before", digits=2):
    """The Excel number format of an amount in a currency with ``symbol``."""
    number = "#,##0" + ("." + "0" * digits if digits else "")
    if not symbol:
        return number
    quoted = '"' + symbol.replace('"', "") + '"'
    if position == "after":
        return f"{number} {quoted};-{number} {quoted}"
    return f"{quoted}{number};-{quoted}{number}"


NUMBER_FORMATS = {
    "integer": "#,##0",
    "number": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


def sheet_name(name, taken):
    """``name`` as a valid and unused worksheet name; adds it to ``taken``."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", name or "Sheet").strip("' ") or "Sheet"
    base = base[:MAX_SHEET_NAME]
    candidate, counter = base, 2
    while candidate.lower() in taken:
        suffix = f" ({counter})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        counter += 1
    taken.add(candidate.lower())
    return candidate


def column_letter(index):
    """The Excel letters of the zero-based column ``index`` (0 is A)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_workbook(out, sheets, currency_symbol="", currency_position="before"):
    """Write ``sheets`` into a new workbook on the binary stream ``out``.

    Returns, per sheet, ``{"name", "rows", "header_row", "first_row",
    "last_row"}`` (zero-based rows; ``last_row`` is ``None`` without data).
    """
    workbook = xlsxwriter.Workbook(
        out,
        {"constant_memory": True, "in_memory": False, "strings_to_numbers": False},
    )
    formats = _Formats(workbook, money_format(currency_symbol, currency_position))
    taken = set()
    written = []
    try:
        for sheet in sheets:
            written.append(_write_sheet(workbook, formats, sheet, taken))
    finally:
        workbook.close()
    return written


class _Formats:
    def __init__(self, workbook, money):
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header_line = workbook.add_format({"italic": True, "font_color": "#444444"})
        self.column_header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.empty = workbook.add_format({"italic": True, "font_color": "#9C0006"})
        self.styles = {name: workbook.add_format(props) for name, props in STYLES.items()}
        self.cells = {"text": None}
        self.totals = {"text": workbook.add_format({"bold": True, "top": 1})}
        for kind in KINDS[1:]:
            num_format = money if kind == "money" else NUMBER_FORMATS[kind]
            self.cells[kind] = workbook.add_format({"num_format": num_format})
            self.totals[kind] = workbook.add_format(
                {"num_format": num_format, "bold": True, "top": 1}
            )


def _write_sheet(workbook, formats, sheet, taken):
    columns = sheet["columns"]
    for column in columns:
        if column.get("kind", "text") not in KINDS:
            raise ValueError(f"Unknown column kind {column.get('kind')!r}")
    name = sheet_name(sheet.get("name") or sheet.get("title"), taken)
    worksheet = workbook.add_worksheet(name)
    last_col = max(len(columns) - 1, 0)
    for index, column in enumerate(columns):
        worksheet.set_column(index, index, column.get("width") or _default_width(column))

    row = 0
    worksheet.write_string(row, 0, sheet.get("title") or name, formats.title)
    for line in sheet.get("header_lines") or ():
        row += 1
        worksheet.write_string(row, 0, line, formats.header_line)
    header_row = row + 2
    for index, column in enumerate(columns):
        worksheet.write_string(header_row, index, column["label"], formats.column_header)
    worksheet.freeze_panes(header_row + 1, 0)

    kinds = [column.get("kind", "text") for column in columns]
    first_row = header_row + 1
    data = _DataRows(worksheet, formats, kinds, first_row)
    data.write_rows(sheet.get("rows") or ())
    sums, counts = data.sums, data.counts
    row = header_row + data.count
    rows = data.count
    info = {"name": name, "rows": rows, "header_row": header_row, "first_row": first_row}

    if not rows:
        worksheet.autofilter(header_row, 0, header_row, last_col)
        worksheet.write_string(
            header_row + 1, 0, sheet.get("empty_message") or DEFAULT_EMPTY_MESSAGE, formats.empty
        )
        info["last_row"] = None
        return info

    last_row = row
    info["last_row"] = last_row
    worksheet.autofilter(header_row, 0, last_row, last_col)
    if any(column.get("total") for column in columns):
        _write_totals(worksheet, formats, sheet, kinds, sums, counts, first_row, last_row)
    for index, column in enumerate(columns):
        if column.get("rule"):
            _add_rule(worksheet, formats, column, index, first_row, last_row)
    if sheet.get("chart"):
        _add_chart(workbook, worksheet, name, sheet, header_row, first_row, last_row)
    return info


def _default_width(column):
    kind = column.get("kind", "text")
    width = {"text": 24, "date": 12, "datetime": 17, "integer": 11, "percent": 11}.get(kind, 15)
    return max(width, min(len(column["label"]) + 2, 40))


# What xlsxwriter escapes in an inline string (worksheet.py, xmlwriter.py).
_CONTROL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHARS = re.compile(r"([\x00-\x08\x0b-\x1f])")
MEMO_SIZE = 4096
_NEEDS_CARE = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")


class _DataRows:
    """The data rows of a sheet, written straight into the worksheet's row
    stream as the XML that xlsxwriter's constant-memory mode writes for the
    same ``write_string`` / ``write_number`` / ``write_datetime`` /
    ``write_blank`` calls (same cells, styles and escaping: the tests compare
    the two), without its per-cell bookkeeping, which cost most of the time
    of a large sheet. A cell xlsxwriter would treat specially (a string over
    Excel's limit, a rich-text string, a number that is not finite) sends its
    row through xlsxwriter's own calls.
    """

    def __init__(self, worksheet, formats, kinds, first_row):
        self.worksheet = worksheet
        self.kinds = kinds
        self.formats = [formats.cells[kind] for kind in kinds]
        self.first_row = first_row
        self.count = 0
        self.sums = [0.0] * len(kinds)
        self.counts = [0] * len(kinds)
        self.letters = [xl_col_to_name(index) for index in range(len(kinds))]
        # A cell without a format of its own takes its column's, as in xlsxwriter.
        self.styles = [
            worksheet.col_formats.get(index) if cell_format is None else cell_format
            for index, cell_format in enumerate(self.formats)
        ]
        self.date_1904 = worksheet.date_1904
        self.remove_timezone = worksheet.remove_timezone

    def write_rows(self, rows):
        worksheet = self.worksheet
        # Flush the rows above (title, header lines, column headers).
        worksheet._write_single_row(self.first_row)
        # xlsxwriter numbers the formats in the order cells first use them:
        # the first data row uses every non-text column's format in order.
        styles = []
        for style in self.styles:
            styles.append("" if style is None else f' s="{style._get_xf_index()}"')
        # Per column: index, kind (text, date or number), letter, style attribute.
        self.plan = [
            (
                index,
                "date" if kind in ("date", "datetime") else kind if kind == "text" else "number",
                self.letters[index],
                styles[index],
            )
            for index, kind in enumerate(self.kinds)
        ]
        # Names, labels and days repeat: their XML is worked out once.
        self.texts, self.dates = {}, {}
        fh = worksheet.fh
        width = len(self.kinds)
        row = self.first_row - 1
        last_written = None
        for values in rows:
            row += 1
            if len(values) < width:
                values = (*values, *([None] * (width - len(values))))
            cells = self._cells(row, values)
            if cells is None:
                self._write_through(row, values)
                last_written = row
            elif cells:
                fh.write(f'<row r="{row + 1}">{cells}</row>')
                last_written = row
        self.count = row - self.first_row + 1
        if last_written is not None and last_written < worksheet.xls_rowmax:
            worksheet._check_dimensions(last_written, 0)
        worksheet.previous_row = max(row, worksheet.previous_row)

    def _cells(self, row, values):
        """The XML of the row's cells, or ``None`` for xlsxwriter's own calls."""
        if row >= self.worksheet.xls_rowmax:
            return None  # past Excel's last row: xlsxwriter's calls ignore it
        parts = []
        number = str(row + 1)
        sums, counts = self.sums, self.counts
        for index, kind, letter, style in self.plan:
            value = values[index]
            if value is None or value is False or value == "":
                if style:
                    parts.append(f'<c r="{letter}{number}"{style}/>')
                continue
            value_type = type(value)
            if isinstance(value, (int, float)) and value_type is not bool:
                sums[index] += value
                counts[index] += 1
            if kind == "text" or (kind == "date" and not isinstance(value, date)):
                text = self.texts.get(value) if value_type is str else None
                if text is None:
                    text = self._inline(str(value))
                    if text is None:
                        self._undo(values, index)
                        return None
                    if value_type is str and len(self.texts) < MEMO_SIZE:
                        self.texts[value] = text
                parts.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is>{text}</is></c>')
                continue
            if kind == "date":
                serial = self.dates.get(value)
                if serial is None:
                    serial = datetime_to_excel_datetime(value, self.date_1904, self.remove_timezone)
                    serial = f"{serial:.16G}"
                    if len(self.dates) < MEMO_SIZE:
                        self.dates[value] = serial
                parts.append(f'<c r="{letter}{number}"{style}><v>{serial}</v></c>')
                continue
            if not isfinite(value):
                self._undo(values, index)
                return None
            parts.append(f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
        return "".join(parts)

    def _undo(self, values, upto):
        """Take back the sums of a row handed to xlsxwriter's own calls."""
        for index in range(upto + 1):
            value = values[index]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sums[index] -= value
                self.counts[index] -= 1

    def _inline(self, text):
        """The ``<t>`` element of an inline string, or ``None`` if it needs xlsxwriter."""
        if len(text) > self.worksheet.xls_strmax or (
            text.startswith("<r>") and text.endswith("</r>")
        ):
            return None
        if not _NEEDS_CARE.search(text):
            return f"<t>{text}</t>"
        text = _CONTROL_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL_CHARS.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        preserve = ' xml:space="preserve"' if re.search(r"^\s|\s$", text) else ""
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f"<t{preserve}>{text}</t>"

    def _write_through(self, row, values):
        """One row through xlsxwriter's own calls, flushed at once."""
        worksheet = self.worksheet
        worksheet.previous_row = row
        for index, kind in enumerate(self.kinds):
            value = values[index]
            _write_cell(worksheet, row, index, kind, value, self.formats[index])
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sums[index] += value
                self.counts[index] += 1
        worksheet._write_single_row(row + 1)


def _write_cell(worksheet, row, col, kind, value, cell_format):
    if value is None or value is False or value == "":
        worksheet.write_blank(row, col, None, cell_format)
    elif kind in ("date", "datetime"):
        if isinstance(value, (date, datetime)):
            worksheet.write_datetime(row, col, value, cell_format)
        else:
            worksheet.write_string(row, col, str(value), cell_format)
    elif kind == "text":
        worksheet.write_string(row, col, str(value))
    else:
        worksheet.write_number(row, col, value, cell_format)


def _write_totals(worksheet, formats, sheet, kinds, sums, counts, first_row, last_row):
    total_row = last_row + 1
    worksheet.write_string(
        total_row, 0, sheet.get("total_label") or "Total", formats.totals["text"]
    )
    for index, column in enumerate(sheet["columns"]):
        function = column.get("total")
        if not function or index == 0:
            continue
        letter = column_letter(index)
        formula = (
            f"=SUBTOTAL({SUBTOTAL_FUNCTIONS[function]},"
            f"{letter}{first_row + 1}:{letter}{last_row + 1})"
        )
        if function == "sum":
            value = sums[index]
        else:
            value = sums[index] / counts[index] if counts[index] else 0
        worksheet.write_formula(total_row, index, formula, formats.totals[kinds[index]], value)


def _add_rule(worksheet, formats, column, index, first_row, last_row):
    rule = column["rule"]
    area = (first_row, index, last_row, index)
    if rule == "attainment":
        amber_from = column.get("amber_from", 0.8)
        worksheet.conditional_format(
            *area,
            {"type": "cell", "criteria": ">=", "value": 1, "format": formats.styles["good"]},
        )
        worksheet.conditional_format(
            *area,
            {
                "type": "cell",
                "criteria": "between",
                "minimum": amber_from,
                "maximum": 0.99999,
                "format": formats.styles["warn"],
            },
        )
        worksheet.conditional_format(
            *area,
            {"type": "cell", "criteria": "<", "value": amber_from, "format": formats.styles["bad"]},
        )
        return
    text = str(rule["equals"]).replace('"', '""')
    worksheet.conditional_format(
        *area,
        {
            "type": "cell",
            "criteria": "==",
            "value": f'"{text}"',
            "format": formats.styles[rule.get("style", "bad")],
        },
    )


def _add_chart(workbook, worksheet, name, sheet, header_row, first_row, last_row):
    spec = sheet["chart"]
    chart = workbook.add_chart({"type": spec.get("type", "column")})
    quoted = "'" + name.replace("'", "''") + "'"
    categories = [quoted, first_row, spec["categories"], last_row, spec["categories"]]
    for value_col in spec["values"]:
        chart.add_series(
            {
                "name": [quoted, header_row, value_col],
                "categories": categories,
                "values": [quoted, first_row, value_col, last_row, value_col],
                "data_labels": {"value": last_row - first_row < 24},
            }
        )
    chart.set_title({"name": spec.get("title") or sheet.get("title") or name})
    axis = {"num_format": "0%"} if spec.get("percent") else {}
    if spec.get("type") == "bar":
        chart.set_x_axis(axis)
        chart.set_y_axis({"reverse": True})
    else:
        chart.set_y_axis(axis)
    chart.set_legend({"none": len(spec["values"]) == 1})
    chart.set_size({"width": 720, "height": 360})
    anchor_col = len(sheet["columns"]) + 1
    worksheet.insert_chart(header_row, anchor_col, chart)
