# The search key: the browser's fold (NFC, then the table fold_table_json
# writes) gives the keys that fold_key gives in C (doc/search.md).
echo "# search: the fold table in the browser"
fold_tool="$root/build/san/test_fold"
fold_words=(Flyktingar ÖSTERSUND förskolan Straße STRAẞE ＳＦＩ ﬁnland Ærø Œuvre
	Łódź Đakovo Việt Ǣ café "ко́мната" Ёлка Їжак район "сім’я" "сімʼя"
	"مَدْرَسَةٌ" "مـــدرسة" أحمد إسلام آمن ٱلله ﻻ ﺃ "پناه‌جو" "a‍b" "för­skola"
	مستشفى کودکی ۀ ہ ھەموو ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ትግርኛ "it's" Σίσυφος 中文)
if [ ! -x "$fold_tool" ]; then
	fail "fold table: $fold_tool is missing" "make build/san/test_fold"
elif ! fold_c=$("$fold_tool" key "${fold_words[@]}" 2>&1); then
	fail "fold table: fold_key" "$fold_c"
elif ! fold_js=$("$fold_tool" table | node "$root/tests/fold-js.mjs" "${fold_words[@]}" 2>&1); then
	fail "fold table: the browser's fold" "$fold_js"
elif [ "$fold_c" != "$fold_js" ]; then
	fail "fold table: the browser's keys are fold_key's" "$(diff <(echo "$fold_c") <(echo "$fold_js"))"
elif ! printf '%s\n' "$fold_c" | grep -qx ostersund || ! printf '%s\n' "$fold_c" | grep -qx 'پناهجو'; then
	fail "fold table: keys" "$fold_c"
else
	ok "fold table: NFC and the table in the browser give fold_key's keys (${#fold_words[@]} words)"
fi
fold_size=$("$fold_tool" table | wc -c)
fold_gz=$("$fold_tool" table | gzip -9 | wc -c)
if [ "$fold_size" -gt 40000 ] || [ "$fold_gz" -gt 10000 ]; then
	fail "fold table: small" "$fold_size bytes, $fold_gz gzipped"
else
	ok "fold table: $fold_size bytes, $fold_gz gzipped"
fi
