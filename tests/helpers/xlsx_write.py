#!/usr/bin/env python3
"""Writes a small .xlsx workbook as Excel lays it out, for the CLI and API
tests of the .xlsx import (standard library only).

    xlsx_write.py OUT.xlsx < spec.json

spec: {"sheets": [{"name": "表1", "rows": [[ROW, [CELL, ...]], ...]}, ...]}
ROW is the sheet's 1-based row number (rows may skip); a CELL is a string
(a shared string), a number, {"date": "YYYY-MM-DD"} (a serial number with a
yyyy-mm-dd format) or null (no cell: an empty one in the middle)."""
import datetime
import json
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    spec = json.load(sys.stdin)
    strings, index = [], {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    sheets = []
    for sheet in spec['sheets']:
        rows = []
        for num, cells in sheet['rows']:
            out = []
            for i, v in enumerate(cells):
                ref = f'{col_name(i)}{num}'
                if v is None:
                    continue
                if isinstance(v, dict):
                    d = datetime.date.fromisoformat(v['date'])
                    serial = (d - datetime.date(1899, 12, 30)).days
                    out.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                elif isinstance(v, (int, float)):
                    out.append(f'<c r="{ref}"><v>{v!r}</v></c>')
                else:
                    out.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            rows.append(f'<row r="{num}">{"".join(out)}</row>')
        sheets.append(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      f'<worksheet xmlns="{NS}"><sheetData>{"".join(rows)}</sheetData></worksheet>')

    with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + ''.join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                             for i in range(len(sheets)))
                   + '</Types>')
        z.writestr('_rels/.rels',
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr('xl/workbook.xml',
                   f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
                   + ''.join(f'<sheet name="{escape(s["name"])}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                             for i, s in enumerate(spec['sheets']))
                   + '</sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + ''.join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                             for i in range(len(sheets)))
                   + f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                   f'<Relationship Id="rId{len(sheets) + 2}" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
        z.writestr('xl/styles.xml',
                   f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}">'
                   '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
                   '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')
        z.writestr('xl/sharedStrings.xml',
                   f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                   + ''.join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
                   + '</sst>')
        for i, s in enumerate(sheets):
            z.writestr(f'xl/worksheets/sheet{i + 1}.xml', s)


main()
