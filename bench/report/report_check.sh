#!/bin/sh
# SPDX-License-Identifier: MIT
# The bench report as a person sees it, end to end: bench_report over a real
# run's fragments (tests/fixtures/bench/run, taken from `make bench`), the
# goals file and its tolerance of a figure no run has, the comparison with a
# base run and its exit codes, then the page in headless Chromium (Debian's
# chromium): every chart at least 300x150 CSS pixels, the headline there,
# the regressions highlighted, nothing loaded from outside the file. The
# screenshot stays in WORK/report.png for people to look at.
#
# usage: report_check.sh BENCH_REPORT WORK RESULTS_DIR
# Writes RESULTS_DIR/bench-report.counts ("passed failed skipped") and, for a
# skip, its reason in RESULTS_DIR/bench-report.skips.
set -u
report=$1
work=$2
results=$3
fix=tests/fixtures/bench
. tests/unit/cli_check.sh
skipped=0
rm -f "$results/bench-report.skips"

skip() { # NAME: REASON, also into RESULTS_DIR/bench-report.skips (scripts/summary.sh)
	skipped=$((skipped + 1))
	echo "skip $1"
	mkdir -p "$results"
	echo "$1" >>"$results/bench-report.skips"
}

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $2, d.get('verdict')" "$1"; }

rm -rf "$work"
mkdir -p "$work"
cp -r "$fix/run" "$work/bench"
cp -r "$fix/vm" "$work/vm"

# --- the report of a real run against bench/goals
expect "report of a real run" 0 "$report" -v "$work/vm" -g bench/goals "$work/bench"
r=$work/bench/report.json
check "report.json and report.html written" test -s "$r" -a -s "$work/bench/report.html"
check "every goal of bench/goals evaluated" json "$r" \
	'len(d["goals"]) == len([l for l in open("bench/goals") if l.split("#")[0].strip()])'
check "verdict names the missed goals" json "$r" \
	'all(g["goal"] in d["verdict"]["text"] for g in [g for g in d["goals"] if g["status"] == "miss"][:4])'
check "machine: VM figures under TCG and why" json "$r" \
	'd["machine"]["vm_accel"] == "TCG" and d["machine"]["vm_accel_why"]'
check "machine: noise figure from the run" json "$r" \
	'd["machine"]["noise_spread"] > 0 and isinstance(d["machine"]["noise_warning"], bool)'
check "page is self-contained (no script, no external reference)" \
	sh -c "! grep -Eiq '<script|<link|<img|<iframe|(src|href)=[\"'\'']?(https?:|//)' '$work/bench/report.html'"
cp "$r" "$work/run.report.json"

# --- goals: a figure no run has is "not measured", a bad line is skipped
cat >"$work/goals" <<'EOF'
# a figure no benchmark writes yet, a figure without a ratio, a bad line
frames/two_copy_limit_1080p >= 0.9 a figure of a benchmark still to come
pf/h2g_messages_per_cycle <= 30 a count, not a ratio
frames/throughput_1080p 0.9 no comparison
gop/gop ovmf: vfctl peak memory <= 1 spaces in the figure's name
EOF
expect "goals: missing figure and bad line do not fail the report" 0 \
	"$report" -v "$work/vm" -g "$work/goals" "$work/bench"
check "goals: the bad line is named" grep -q "goals:4: no >= or <=" "$tmp/err"
check "goals: missing figure is not measured" json "$r" \
	'[g["status"] for g in d["goals"]] == ["not measured", "not measured", "pass"] and d["verdict"]["not_measured"] == 2'
expect "goals: no goals file is not fatal" 0 "$report" -v "$work/vm" -g "$work/no-such-goals" "$work/bench"
check "goals: no goals file gives no answer" json "$r" 'd["verdict"]["text"].startswith("NO ANSWER")'

# --- comparison with a base run
expect "compare: a run against itself" 0 "$report" -v "$work/vm" -g bench/goals -b "$work/run.report.json" "$work/bench"
check "compare: nothing regressed against itself" json "$r" \
	'd["comparison"]["regressions"] == 0 and all(e["status"] == "within noise" for e in d["comparison"]["figures"])'
expect "compare: a base written before noise and goals existed" 0 \
	"$report" -v "$work/vm" -g bench/goals -b "$fix/old-format.report.json" "$work/bench"
check "compare: old base, its missing noise noted" json "$r" \
	'any("no noise figure" in n for n in d["comparison"]["notes"]) and d["comparison"]["regressions"] == 0'
python3 - "$work/run.report.json" "$work/base.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["machine"]["noise_spread"] = 0.02
for f in d["figures"]:
    # a base whose throughput was ten times this run's and whose 4K latency was
    # ten times worse: one regression and one improvement far beyond any noise
    # (its ratio to the same run's memcpy too: that is what is compared)
    if (f["bench"], f["name"]) in (("frames", "throughput_1080p"), ("frames", "publish_to_visible_4k")):
        f["value"] *= 10
        f["ratio"] *= 10
    # a figure without a reference, compared by value: ten times faster before
    if (f["bench"], f["name"]) == ("frames", "detect_4k"):
        f["value"] /= 10
d["figures"] = [f for f in d["figures"] if f["name"] != "torn_4k"]
json.dump(d, open(sys.argv[2], "w"))
EOF
expect "compare: a regression beyond noise exits 1" 1 "$report" -v "$work/vm" -g bench/goals -b "$work/base.json" "$work/bench"
check "compare: the regressions are named on stdout" grep -q "2 figure(s) regressed" "$tmp/out"
check "compare: statuses" json "$r" \
	'{(e["name"], e["status"]) for e in d["comparison"]["figures"]} >= {("throughput_1080p", "regression"), ("detect_4k", "regression"), ("publish_to_visible_4k", "improvement"), ("torn_4k", "new")}'
cp "$work/bench/report.html" "$work/compare.html"
expect "compare: a missing base is a usage error" 2 "$report" -v "$work/vm" -b "$work/nope.json" "$work/bench"
echo '{"figures": 3}' >"$work/not-a-report.json"
expect "compare: a base that is not a report" 2 "$report" -v "$work/vm" -b "$work/not-a-report.json" "$work/bench"
check "compare: says why" grep -q "is not a bench report" "$tmp/err"
printf '{"figures": [{"name": 1}, 7, {"bench": "frames", "name": "throughput_1080p", "value": "x"}], "machine": []}' \
	>"$work/odd.json"
expect "compare: a base with odd figures does not crash" 0 "$report" -v "$work/vm" -b "$work/odd.json" "$work/bench"

# --- frames charts: each bar beside the reference its figure names (today's
# frames_bench holds throughput against the two-copy limit, not one memcpy),
# and the two-copy and zero-copy figures in charts of their own, not in one
# catch-all chart of unrelated references with labels written over each other
mkdir -p "$work/charts"
python3 - "$work/charts/frames.json" <<'EOF2'
import json, sys
figs = []
for res, fps in (("1080p", 1100), ("1440p", 440), ("4k", 230)):
    figs += [
        {"name": "two_copy_limit_" + res, "unit": "frames/s", "value": fps * 1.7,
         "reference": "memcpy rate of the same frame, alone", "reference_value": fps * 5},
        {"name": "throughput_" + res, "unit": "frames/s", "value": fps,
         "reference": "two-copy limit of the same frame (same run)", "reference_value": fps * 1.7},
        {"name": "zero_copy_throughput_" + res, "unit": "frames/s", "value": fps * 1.3,
         "reference": "copying consumer's throughput (same run)", "reference_value": fps},
    ]
json.dump(figs, open(sys.argv[1], "w"))
EOF2
# a figure between 1e4 and 1e6 is written out, not as 2.894e+04
echo '[{"name": "publish_to_visible_p99", "unit": "us", "value": 28940.4}]' >"$work/charts/wide.json"
expect "frames charts: a report of today's frames figures" 0 \
	"$report" -v "$work/vm" -g "$work/no-such-goals" "$work/charts"
check "page: 28940.4 us reads 28940, not in exponent form" \
	sh -c "grep -q '>28940<' '$work/charts/report.html' && ! grep -q '2.894e+04' '$work/charts/report.html'"
chart_has() { # ID TEXT: the chart's figure element in the page shows TEXT
	python3 -c 'import html, re, sys
m = re.search(r"<figure class=plot id=\"plot-%s\">(.*?)</figure>" % sys.argv[2], open(sys.argv[1]).read(), re.S)
sys.exit(not (m and sys.argv[3] in html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))))' \
		"$work/charts/report.html" "$1" "$2"
}
if ! grep -q '<svg' "$work/charts/report.html"; then
	skip "frames charts: no chart drawn (gnuplot is not installed)"
else
	check "frames charts: throughput beside the two-copy limit its figures name" \
		chart_has throughput-bars "two-copy limit of the same frame (same run)"
	check "frames charts: throughput not said to be beside one memcpy" \
		sh -c "! grep -q 'one copy of the frame' '$work/charts/report.html'"
	check "frames charts: the two-copy limit beside one memcpy" \
		chart_has two-copy-bars "memcpy rate of the same frame, alone"
	check "frames charts: the zero-copy view beside the copying consumer" \
		chart_has zero-copy-bars "copying consumer's throughput"
	check "frames charts: no catch-all chart of unrelated references" \
		sh -c "! grep -q 'id=\"plot-frames-rates\"' '$work/charts/report.html'"
fi

# --- the page in a real browser
chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
	skip "browser test: Debian's chromium is not installed (scripts/deps/bench-report.txt)"
else
	browse() { # URL-FILE ARGS...: a headless Chromium, fresh profile, no network
		profile=$(mktemp -d)
		file=$1
		shift
		timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
			--no-first-run --disable-background-networking --disable-component-update \
			--disable-sync --hide-scrollbars --user-data-dir="$profile" "$@" \
			"file://$(realpath "$file")" 2>"$work/chromium.log"
		rc=$?
		rm -rf "$profile"
		return $rc
	}
	# the report with the probe at the end of its body
	awk -v probe=bench/report/report_probe.js '
		/<\/body>/ { print "<script id=report-probe>"; while ((getline l < probe) > 0) print l; print "</script>" }
		{ print }' "$work/compare.html" >"$work/probed.html"
	browse "$work/probed.html" --dump-dom >"$work/dom.html"
	sed -n '/<pre id="probe">/,/<\/pre>/p' "$work/dom.html" | sed 's/<[^>]*>//g' >"$work/probe.txt"
	check "browser: the probe ran" grep -q '^height ' "$work/probe.txt"
	plots=$(grep -c '^plot ' "$work/probe.txt")
	check "browser: every chart of the report was drawn ($plots)" test "$plots" -ge 12
	for id in detect-cdf throughput-bars vm-input-cdf machine-noise; do
		check "browser: chart $id present" grep -q "^plot plot-$id " "$work/probe.txt"
	done
	small=$(awk '$1 == "plot" { split($3, s, "x"); if (s[1] < 300 || s[2] < 150) print $2, $3 }' "$work/probe.txt")
	check "browser: every chart at least 300x150 CSS px" test -z "$small"
	[ -z "$small" ] || echo "  too small: $small"
	check "browser: headline with goals and a verdict" \
		grep -Eq '^headline [1-9][0-9]* (GOOD|NOT GOOD|NO ANSWER):' "$work/probe.txt"
	check "browser: the regression is highlighted" grep -q '^regressions [1-9]' "$work/probe.txt"
	check "browser: nothing loaded from outside the file" grep -q '^external 0$' "$work/probe.txt"
	check "browser: the report has no script of its own" grep -q '^scripts 0$' "$work/probe.txt"
	height=$(sed -n 's/^height //p' "$work/probe.txt")
	[ "${height:-0}" -gt 0 ] 2>/dev/null || height=4000
	[ "$height" -le 16000 ] || height=16000
	browse "$work/compare.html" --window-size=1400,"$height" --screenshot="$work/report.png" >/dev/null
	check "browser: screenshot kept in $work/report.png" test -s "$work/report.png"
fi

echo "bench-report: $passed passed, $failed failed, $skipped skipped"
mkdir -p "$results"
echo "$passed $failed $skipped" >"$results/bench-report.counts"
[ "$failed" = 0 ]
