#!/usr/bin/env python3
"""Reads the first sheet of an .xlsx file (standard library only) and prints
it as JSON for the API tests: {"rows": [[cell text or number, ...], ...],
"fills": {"A1": "FFC7CE", ...}, "formats": {"A1": "yyyy-mm-dd", ...},
"merged": ["A1:N1", ...], "frozen": "A4", "autofilter": "A3:N9",
"widths": {"1": 9.0, ...}}.  The path "-" reads the file from standard input.  Rows are as many as the sheet has, each as wide
as its last cell; a blank cell is null; a date cell is its serial number."""
import io
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def col_index(ref):
    letters = re.match(r'[A-Z]+', ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def main(path):
    z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()) if path == '-' else path)
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', NS):
            shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % NS['m'])))
    styles = ET.fromstring(z.read('xl/styles.xml'))
    numfmts = {n.get('numFmtId'): n.get('formatCode') for n in styles.findall('m:numFmts/m:numFmt', NS)}
    fills = []
    for f in styles.findall('m:fills/m:fill', NS):
        fg = f.find('m:patternFill/m:fgColor', NS)
        fills.append(fg.get('rgb')[-6:] if fg is not None and fg.get('rgb') else None)
    xfs = styles.findall('m:cellXfs/m:xf', NS)
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    rows, cell_fills, formats = [], {}, {}
    for row in sheet.findall('m:sheetData/m:row', NS):
        r = int(row.get('r')) - 1
        while len(rows) <= r:
            rows.append([])
        for c in row.findall('m:c', NS):
            ref, i = c.get('r'), col_index(c.get('r'))
            v = c.find('m:v', NS)
            value = None
            if v is not None:
                value = shared[int(v.text)] if c.get('t') == 's' else float(v.text)
            while len(rows[r]) <= i:
                rows[r].append(None)
            rows[r][i] = value
            xf = xfs[int(c.get('s', '0'))]
            fill = fills[int(xf.get('fillId', '0'))]
            if fill:
                cell_fills[ref] = fill
            if xf.get('numFmtId') in numfmts:
                formats[ref] = numfmts[xf.get('numFmtId')]
    for cells in rows:   # trailing blanks
        while cells and cells[-1] is None:
            cells.pop()
    pane = sheet.find('m:sheetViews/m:sheetView/m:pane', NS)
    af = sheet.find('m:autoFilter', NS)
    widths = {c.get('min'): float(c.get('width')) for c in sheet.findall('m:cols/m:col', NS)}
    print(json.dumps({
        'rows': rows, 'fills': cell_fills, 'formats': formats,
        'merged': [m.get('ref') for m in sheet.findall('m:mergeCells/m:mergeCell', NS)],
        'frozen': pane.get('topLeftCell') if pane is not None else None,
        'autofilter': af.get('ref') if af is not None else None,
        'widths': widths,
    }, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
