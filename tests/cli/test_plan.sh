#!/usr/bin/env bash
# weibao plan parse FILE: JSON on stdout, exit codes, encodings, bad files.
source "$(dirname "$0")/lib.sh"
SRC=${WEIBAO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
N=$SRC/tests/data/notices
unset WEIBAO_DB
export WEIBAO_DATA=$TMP/data   # must stay untouched: parse needs no database
cd "$TMP" || exit 1

# json FILE PYTHON-EXPRESSION — true when the expression (over d, the JSON) holds
json() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

expect_exit 0 "the 2022 plan parses" "$WEIBAO" plan parse "$N/tongxiang-2022-workplan.txt"
cp "$OUT" "$TMP/2022.json"
assert "the output is JSON with the header" json "$OUT" \
  'd["doc_number"] == "桐未工委办〔2022〕2号" and d["date"] == "2022-05-24" and d["year"] == 2022 and d["issuer"] == "桐乡市未成年人保护工作委员会办公室"'
assert "27 items in 3 sections" json "$OUT" \
  'len(d["items"]) == 27 and [s["number"] for s in d["sections"]] == [1, 2, 3] and [i["number"] for i in d["items"]] == list(range(1, 28))'
assert "21 distinct units, no warnings" json "$OUT" \
  'len({u for i in d["items"] for u in i["units"]}) == 21 and d["warnings"] == []'
assert "item 22 (责任单位) names its four units" json "$OUT" \
  'd["items"][21]["units"] == ["市未保办", "市市场监管局", "市卫生健康局", "市检察院"]'
assert "item 3 adds the 市 prefix" json "$OUT" \
  'd["items"][2]["units"] == ["市教育局", "市财政局", "市建设局", "市发改局", "市公安局"]'
assert "item 17 expands 各成员单位" json "$OUT" \
  'len(d["items"][16]["units"]) == 21 and d["items"][16]["units"][0] == "市未保办"'
assert "item 6: at least 25,000 元, as an integer" json "$OUT" \
  'd["items"][5]["targets"] == [{"op": ">=", "value": 25000, "unit": "元", "scope": "county", "text": "集中供养孤儿最低人均年养育标准达到 2.5 万元"}]'
assert "item 8: 3.1 places per 1,000 residents" json "$OUT" \
  '[(t["op"], t["value"], t["unit"]) for t in d["items"][7]["targets"]] == [(">=", 3.1, "个/千人")]'
assert "reals are printed with 15 digits" grep -q '"value": 3.1,' "$OUT"
assert "item 15: 30% and a 5%-10% range" json "$OUT" \
  '[(t["op"], t["value"], t.get("value2")) for t in d["items"][14]["targets"]] == [("=", 30, None), ("range", 5, 10)]'
assert "item 4: each town at least 15%" json "$OUT" \
  'd["items"][3]["targets"][2]["scope"] == "each_town" and d["items"][3]["targets"][2]["value"] == 15'
assert "item 20: 全覆盖 is 100%" json "$OUT" \
  '[(t["op"], t["value"], t["unit"]) for t in d["items"][19]["targets"]] == [("=", 100, "%")]'
assert "every item has lead units and text" json "$OUT" \
  'all(i["lead_units"] and i["text"] and i["section"] in (1, 2, 3) for i in d["items"])'
assert "one item a line" test "$(grep -c '^    {"number": [0-9]*, "section"' "$OUT")" -eq 27
assert "no database was created" test ! -e "$TMP/data"

expect_exit 0 "a GB18030 notice parses" "$WEIBAO" plan parse "$N/gb18030-fullwidth-arabic.txt"
cp "$OUT" "$TMP/gb.json"
expect_exit 0 "its UTF-8 original parses" "$WEIBAO" plan parse "$N/fullwidth-arabic.txt"
assert "both give the same JSON" cmp -s "$OUT" "$TMP/gb.json"
assert "full-width punctuation is normalised" json "$OUT" \
  'd["items"][1]["text"].startswith("推进镇(街道)") and d["items"][4]["units"] == ["市教育局", "市市场监管局"]'

expect_exit 0 "a notice flattened on one line parses" "$WEIBAO" plan parse "$N/flat-mixed.txt"
assert "3 items, decimals inside items are not items" json "$OUT" 'len(d["items"]) == 3'
expect_exit 0 "(一) items with 牵头/配合 parse" "$WEIBAO" plan parse "$N/paren-lead-coop.txt"
assert "lead units come first" json "$OUT" \
  'd["items"][0]["lead_units"] == ["市未保办"] and d["items"][0]["units"] == ["市未保办", "市委政法委", "市民政局"]'
expect_exit 0 "unlabelled markers parse" "$WEIBAO" plan parse "$N/dun-unlabelled.txt"
assert "an unknown unit is kept and flagged" json "$OUT" \
  '"市交通委(市道运局)" in d["items"][1]["units"] and any(w["code"] == "unknown_unit" and w["item"] == 2 for w in d["warnings"])'
expect_exit 0 "a notice without markers parses" "$WEIBAO" plan parse "$N/no-markers.txt"
assert "with a warning per item" json "$OUT" \
  '[w["code"] for w in d["warnings"]] == ["no_marker"] * 3 and all(i["units"] == [] for i in d["items"])'

# bad files
: >"$TMP/empty.txt"
expect_exit 1 "an empty file fails" "$WEIBAO" plan parse "$TMP/empty.txt"
assert "saying it is empty" contains "$ERR" "empty"
assert "on one line" test "$(wc -l <"$ERR")" -eq 1
printf ' \n\t\n' >"$TMP/blank.txt"
expect_exit 1 "a blank file fails" "$WEIBAO" plan parse "$TMP/blank.txt"
head -c 4096 /dev/urandom >"$TMP/random.bin"
printf '\0' >>"$TMP/random.bin"
expect_exit 1 "a binary file fails" "$WEIBAO" plan parse "$TMP/random.bin"
assert "saying it is binary" contains "$ERR" "binary"
printf '\xff\xfe\xfd\x80\x81' >"$TMP/latin.txt"
expect_exit 1 "text in no known encoding fails" "$WEIBAO" plan parse "$TMP/latin.txt"
printf '关于做好工作的通知\n请认真贯彻落实。\n' >"$TMP/noitems.txt"
expect_exit 1 "a text without items fails" "$WEIBAO" plan parse "$TMP/noitems.txt"
assert "saying so" contains "$ERR" "no numbered items"
assert "and prints nothing on stdout" test ! -s "$OUT"
expect_exit 1 "a missing file fails" "$WEIBAO" plan parse "$TMP/nonexistent.txt"
expect_exit 1 "a directory fails" "$WEIBAO" plan parse "$TMP"

# usage
expect_exit 2 "plan without a subcommand is a usage error" "$WEIBAO" plan
expect_exit 2 "plan parse without a file is a usage error" "$WEIBAO" plan parse
expect_exit 2 "plan parse with two files is a usage error" "$WEIBAO" plan parse a b
expect_exit 2 "an unknown option is a usage error" "$WEIBAO" plan parse --frobnicate
expect_exit 2 "an unknown subcommand is a usage error" "$WEIBAO" plan frobnicate x
expect_exit 0 "help plan describes it" "$WEIBAO" help plan
assert "help names plan parse" contains "$OUT" "weibao plan parse FILE"

finish
