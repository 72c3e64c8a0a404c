"""The XLSX writer of the reports addon, without Odoo: workbooks read back with openpyxl."""

import ast
import io
import sys
import tempfile
import time
import tracemalloc
import types
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
ADDON = "sales_mgmt_system_reports"
if ADDON not in sys.modules:  # the addon's __init__ imports Odoo: load only the writer
    namespace = types.ModuleType(ADDON)
    namespace.__path__ = [str(REPO / ADDON)]
    sys.modules[ADDON] = namespace

from sales_mgmt_system_reports import xlsx_writer  # noqa: E402

COLUMNS = [
    {"label": "Salesperson", "kind": "text"},
    {"label": "Month", "kind": "date"},
    {"label": "Deals", "kind": "integer", "total": "sum"},
    {"label": "Revenue", "kind": "money", "total": "sum"},
    {"label": "Attainment", "kind": "percent", "total": "average", "rule": "attainment"},
    {"label": "SLA", "kind": "text", "rule": {"equals": "Breached", "style": "bad"}},
]
ROWS = [
    ("Li Wei", date(2026, 1, 1), 3, 1200.5, 1.05, "Met"),
    ("Zhang Min", date(2026, 1, 1), 1, 300.0, 0.85, "Breached"),
    ("Liu Yang", date(2026, 2, 1), 0, 0.0, 0.5, None),
]


def sheet(rows=ROWS, **extra):
    return {
        "name": "Targets",
        "title": "Sales Targets",
        "header_lines": ["Company: YourCompany", "Period: 2026-01-01 - 2026-02-28"],
        "columns": COLUMNS,
        "rows": rows,
        "total_label": "Total",
        "empty_message": "No data for this period and these filters",
        **extra,
    }


def build(*sheets, **options):
    out = io.BytesIO()
    info = xlsx_writer.write_workbook(out, sheets, **options)
    out.seek(0)
    return openpyxl.load_workbook(out), info


def test_writer_does_not_import_odoo():
    tree = ast.parse((REPO / ADDON / "xlsx_writer.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "odoo" not in imported


def test_header_table_totals_and_formats():
    book, info = build(sheet(), currency_symbol="¥")
    ws = book["Targets"]
    assert ws["A1"].value == "Sales Targets"
    assert ws["A2"].value == "Company: YourCompany"
    assert ws["A3"].value == "Period: 2026-01-01 - 2026-02-28"
    assert [c.value for c in ws[5]] == [c["label"] for c in COLUMNS]
    assert info == [{"name": "Targets", "rows": 3, "header_row": 4, "first_row": 5, "last_row": 7}]
    assert ws["A6"].value == "Li Wei"
    assert ws["B6"].value.date() == date(2026, 1, 1)
    assert ws["B6"].number_format == "yyyy-mm-dd"
    assert ws["C6"].value == 3 and ws["C6"].number_format == "#,##0"
    assert ws["D6"].value == 1200.5
    assert ws["D6"].number_format == '"¥"#,##0.00;-"¥"#,##0.00'
    assert ws["E7"].value == 0.85 and ws["E7"].number_format == "0.0%"
    assert ws["F8"].value is None
    # totals: formulas that follow the autofilter, formatted like their column
    assert ws["A9"].value == "Total"
    assert ws["C9"].value == "=SUBTOTAL(109,C6:C8)"
    assert ws["D9"].value == "=SUBTOTAL(109,D6:D8)"
    assert ws["D9"].number_format == ws["D6"].number_format
    assert ws["E9"].value == "=SUBTOTAL(101,E6:E8)"
    assert ws["B9"].value is None and ws["F9"].value is None
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:F8"


def test_conditional_formatting_and_chart():
    book, _info = build(
        sheet(chart={"type": "column", "title": "Attainment", "categories": 0, "values": [4]})
    )
    ws = book["Targets"]
    rules = {
        str(ranges.sqref): [(r.operator, r.formula) for r in ranges.rules]
        for ranges in ws.conditional_formatting
    }
    assert rules["E6:E8"] == [
        ("greaterThanOrEqual", ["1"]),
        ("between", ["0.8", "0.99999"]),
        ("lessThan", ["0.8"]),
    ]
    assert rules["F6:F8"] == [("equal", ['"Breached"'])]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "barChart" and chart.type == "col"
    assert chart.series[0].val.numRef.f == "'Targets'!$E$6:$E$8"
    category = chart.series[0].cat
    assert (category.strRef or category.numRef).f == "'Targets'!$A$6:$A$8"


def test_bar_chart_for_a_funnel():
    book, _info = build(
        sheet(chart={"type": "bar", "title": "Funnel", "categories": 0, "values": [2]})
    )
    chart = book["Targets"]._charts[0]
    assert chart.tagname == "barChart" and chart.type == "bar"


def test_empty_sheet_says_so_without_totals_or_chart():
    book, info = build(sheet(rows=[], chart={"type": "column", "categories": 0, "values": [4]}))
    ws = book["Targets"]
    assert info[0]["rows"] == 0 and info[0]["last_row"] is None
    assert [c.value for c in ws[5]] == [c["label"] for c in COLUMNS]
    assert ws["A6"].value == "No data for this period and these filters"
    assert ws.max_row == 6
    assert not ws._charts
    assert ws.freeze_panes == "A6"


def test_several_sheets_with_valid_unique_names():
    book, info = build(sheet(name="Costs: a/b"), sheet(name="Costs: a/b"), sheet(name="x" * 40))
    assert book.sheetnames == ["Costs  a b", "Costs  a b (2)", "x" * 31]
    assert [i["rows"] for i in info] == [3, 3, 3]


def test_chinese_headers_and_currency_after_amount():
    columns = [{"label": "销售人员", "kind": "text"}, {"label": "金额", "kind": "money"}]
    book, _ = build(
        {"name": "销售目标", "title": "销售目标", "columns": columns, "rows": [("李伟", 10.0)]},
        currency_symbol="€",
        currency_position="after",
    )
    ws = book["销售目标"]
    assert ws["A3"].value == "销售人员" and ws["A4"].value == "李伟"
    assert ws["B4"].number_format == '#,##0.00 "€";-#,##0.00 "€"'


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        build({"name": "x", "columns": [{"label": "a", "kind": "colour"}], "rows": []})


def test_money_format_and_column_letters():
    assert xlsx_writer.money_format() == "#,##0.00"
    assert xlsx_writer.money_format("$", digits=0) == '"$"#,##0;-"$"#,##0'
    assert [xlsx_writer.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_hundred_thousand_rows_in_constant_memory():
    """Peak Python memory stays far below the size of the rows written."""
    count = 100_000

    def rows():
        for index in range(count):
            yield (
                f"Salesperson number {index}",
                date(2026, 1 + index % 12, 1),
                index % 7,
                index * 1.5,
                (index % 150) / 100,
                "Breached" if index % 9 == 0 else "Met",
            )

    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        started = time.perf_counter()
        info = xlsx_writer.write_workbook(out, [sheet(rows=rows())])
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = out.tell()
        out.seek(0)
        book = openpyxl.load_workbook(out, read_only=True)
        ws = book["Targets"]
        last = info[0]["last_row"] + 1
        totals = next(ws.iter_rows(min_row=last + 1, max_row=last + 1, values_only=True))
    assert info[0]["rows"] == count
    assert totals[2] == f"=SUBTOTAL(109,C6:C{last})"
    # the uncompressed sheet is ~10 MB and the compressed file several MB;
    # a writer that kept the rows would peak well above both
    assert size > 2_000_000
    assert peak < 2_000_000, f"peak {peak} bytes for a {size}-byte file"
    print(f"100,000 rows: {elapsed:.1f} s, peak {peak / 1e6:.2f} MB, file {size / 1e6:.1f} MB")


def _parts(sheets, monkeypatch=None, through=False):
    """The workbook's sheet and style XML, written fast or through xlsxwriter."""
    out = io.BytesIO()
    if through:
        # Every data row through xlsxwriter's own write_* calls: the reference.
        monkeypatch.setattr(xlsx_writer._DataRows, "_cells", lambda self, row, values: None)
    info = xlsx_writer.write_workbook(out, sheets)
    if through:
        monkeypatch.undo()
    with zipfile.ZipFile(out) as archive:
        names = sorted(
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") or name in ("xl/styles.xml", "xl/workbook.xml")
        )
        return info, {name: archive.read(name) for name in names}


def test_fast_rows_are_the_xml_xlsxwriter_writes(monkeypatch):
    """The data rows written straight are byte for byte xlsxwriter's own."""
    tricky = [
        ("  leading and trailing  ", date(2026, 3, 1), 2, -1.25, 0.333333333333, "A & B <c>"),
        ("control \x01\x1f chars _x0041_ \ufffe", "not a date", True, 10**12, 2, "\tTab"),
        (None, None, None, None, None, None),
        ("", False, 0, 0.0, 0, ""),
        ("<r>looks rich</r>", datetime(2026, 3, 1, 13, 45), 7, 1e-9, 1.0, "Breached"),
        ("x" * 40000, date(2026, 3, 2), 1, 2.5, 0.9, "Met"),
        ("short row",),
        ("中文 客户", date(1999, 12, 31), 123456789, 98765.4321, -0.5, "Met"),
    ]
    many = [
        (f"Name {n}", date(2026, 1, 1 + n % 28), n, n * 0.1, n / 300, "Met") for n in range(300)
    ]
    for rows in (tricky, many, [], [(None, None, None, None, None, None)]):
        columns = [
            *COLUMNS,
            {"label": "When", "kind": "datetime"},
            {"label": "N", "kind": "number"},
        ]
        sheets = [
            sheet(
                rows=[(*row, None, 1.5) if len(row) == 6 else row for row in rows], columns=columns
            ),
            sheet(rows=list(rows), chart={"type": "column", "categories": 0, "values": [3]}),
        ]
        fast_info, fast = _parts(sheets)
        slow_info, slow = _parts(sheets, monkeypatch, through=True)
        assert fast_info == slow_info
        assert fast.keys() == slow.keys()
        for name in fast:
            assert fast[name] == slow[name], name
    book, info = build(sheet(rows=tricky))
    ws = book["Targets"]
    first = info[0]["first_row"] + 1
    assert ws.cell(first, 1).value == "  leading and trailing  "
    assert ws.cell(first, 6).value == "A & B <c>"
    # Excel's escapes of control characters (openpyxl leaves them as stored)
    assert ws.cell(first + 1, 1).value == "control _x0001__x001F_ chars _x005F_x0041_ _xFFFE_"
    assert ws.cell(first + 1, 2).value == "not a date"
    assert ws.cell(first + 5, 1).value == "x" * 32767
    assert ws.cell(first + 7, 1).value == "中文 客户"
    assert ws.cell(first + 7, 4).value == 98765.4321
    # the sums of the totals row count every number once, fast or not
    assert info[0]["rows"] == len(tricky)
