#!/bin/sh
# gen.sh builds the fonts embedded in package chart: Noto Sans CJK SC
# (Regular and Bold) cut down to GB2312 (all 7,445 characters, the 6,763
# hanzi among them) plus ASCII, Latin-1, the punctuation, arrows, circled
# numbers, shapes and check marks the charts draw, CJK punctuation and the
# fullwidth forms. The outlines stay CFF (x/image/font/sfnt reads CID-keyed
# CFF); hinting, layout features and the vertical metrics are dropped, since
# the Go font stack uses none of them.
#
# Needs Debian's fonts-noto-cjk and python3-fonttools:
#
#	apt-get install fonts-noto-cjk python3-fonttools
#	sh chart/font/gen.sh
#
# It writes NotoSansSC-Regular.subset.otf, NotoSansSC-Bold.subset.otf,
# gb2312.txt (the characters of GB2312, which the coverage test checks) and
# OFL.txt (the font's copyright line and the SIL Open Font License, taken
# from the package) beside itself.
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
src=${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}
py=${PYTHON:-/usr/bin/python3}

# Every character GB2312 encodes, enumerated with Python's gb2312 codec.
"$py" - "$dir/gb2312.txt" <<'PY'
import sys
chars = []
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.append(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
hanzi = sum(1 for c in chars if "\u4e00" <= c <= "\u9fff")
if len(chars) != 7445 or hanzi != 6763:
    sys.exit("gb2312 codec gave %d characters, %d hanzi" % (len(chars), hanzi))
open(sys.argv[1], "w", encoding="utf-8").write("".join(chars))
PY

# Beyond GB2312: ASCII and Latin-1, general punctuation (… — ‰ ※), arrows,
# circled numbers ①–⑳, geometric shapes (■□▲▼●○), check marks (of ✓✔✗✘
# Noto Sans CJK has ✓ only),
# CJK symbols and punctuation (〇 「」 〔〕), fullwidth forms (（），％), and
# the fullwidth signs (￥).
unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203B,U+2190-2193,U+2460-2473,U+25A0-25CF,U+2713-2718,U+3000-303F,U+FF01-FF5E,U+FFE0-FFE6"

for weight in Regular Bold; do
	"$py" -m fontTools.subset "$src/NotoSansCJK-$weight.ttc" \
		--font-number=2 \
		--text-file="$dir/gb2312.txt" \
		--unicodes="$unicodes" \
		--layout-features='' \
		--drop-tables+=GSUB,GPOS,VORG,vhea,vmtx \
		--no-hinting \
		--notdef-outline \
		--output-file="$dir/NotoSansSC-$weight.subset.otf"
done

# The licence: the font's own copyright line, then the OFL text from the
# Debian package's copyright file (its "License: SIL-1.1" paragraph).
{
	"$py" -c 'import sys; from fontTools.ttLib import TTFont; print(TTFont(sys.argv[1])["name"].getDebugName(0))' "$dir/NotoSansSC-Regular.subset.otf"
	echo
	echo "This Font Software is licensed under the SIL Open Font License, Version 1.1."
	echo "The fonts here are a subset of Noto Sans CJK SC (https://github.com/googlefonts/noto-cjk),"
	echo "made by gen.sh beside this file."
	echo
	zcat -f /usr/share/doc/fonts-noto-cjk/copyright |
		awk '/^License: SIL-1.1$/ { on = 1; next } /^$/ || /^[^ ]/ { on = 0 } on' |
		sed -e 's/^ \.$//' -e 's/^ //'
} >"$dir/OFL.txt"

ls -l "$dir"
