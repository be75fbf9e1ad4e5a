# bench/report: merges every $(O)/bench/<name>.json fragment into
# $(O)/bench/report.json and a self-contained report.html (headline against
# bench/goals, machine and noise, gnuplot charts). Run it after all
# $(BENCHES): make bench-report. Against an older run:
# make bench-compare BASE=path/to/old/report.json (exit 1 on a regression).
PROGRAMS += bench_report
bench_report_SRCS = bench/report/report.c bench/report/report_plot.c bench/report/report_host.c \
	bench/report/report_machine.c bench/report/bench_fragment.c \
	bench/report/report_util.c bench/report/report_goals.c bench/report/report_compare.c \
	bench/report/report_charts.c bench/report/report_page.c $(COMMON_SRCS)
bench_report_LDLIBS = $(shell pkg-config --libs json-c) -lm

BENCH_GOALS ?= bench/goals
BENCH_REPORT = $(O)/plain/bin/bench_report -g $(BENCH_GOALS) -v $(O)/vm

.PHONY: bench-report bench-compare
bench-report: $(O)/plain/bin/bench_report
	$(Q)$(BENCH_REPORT) $(O)/bench

bench-compare: $(O)/plain/bin/bench_report
	$(Q)[ -n "$(BASE)" ] || { echo "usage: make bench-compare BASE=path/to/old/report.json"; exit 2; }
	$(Q)$(BENCH_REPORT) -b "$(BASE)" $(O)/bench

# How noisy the machine is during the run (the report's machine section and
# the noise bench-compare holds changes against): $(O)/bench/host/noise.json.
PROGRAMS += bench_noise
bench_noise_SRCS = bench/report/bench_noise.c bench/report/bench_fragment.c
bench_noise_LDLIBS = $(shell pkg-config --libs json-c)

BENCHES += bench-noise
.PHONY: bench-noise
bench-noise: $(O)/plain/bin/bench_noise
	$(Q)$(O)/plain/bin/bench_noise $(O)/bench

# The host the figures come from, as vfctl doctor sees it (its exit status
# says what it found, not whether the bench ran: 3 on a machine without the
# iGPU, as here). The report shows it in a "Host" section.
BENCHES += bench-doctor
.PHONY: bench-doctor
bench-doctor: $(O)/plain/bin/vfctl
	@mkdir -p $(O)/bench/host
	$(Q)$(O)/plain/bin/vfctl doctor --json >$(O)/bench/host/doctor.json; \
	rc=$$?; [ $$rc -le 3 ] || { echo "bench-doctor: vfctl doctor crashed ($$rc)"; exit 1; }; \
	echo "doctor: exit $$rc, findings in $(O)/bench/host/doctor.json"

# `make check`: the report over a real run's fragments, goals, comparison,
# and the page in headless Chromium (every chart >= 300x150 CSS px, headline
# present); screenshot in $(O)/bench-report-check/report.png.
CHECKS += check-bench-report
.PHONY: check-bench-report
check-bench-report: $(O)/plain/bin/bench_report
	@echo "== check bench-report"
	$(Q)bench/report/report_check.sh $(O)/plain/bin/bench_report $(O)/bench-report-check $(O)/results

# A base report.json comes from another run or machine: its reader, the
# comparison, the goals and the page over arbitrary bytes.
FUZZERS += fuzz_report
fuzz_report_SRCS = tests/fuzz/fuzz_report.c bench/report/report_compare.c \
	bench/report/report_goals.c bench/report/report_page.c bench/report/report_util.c \
	bench/report/report_charts.c bench/report/report_plot.c bench/report/report_machine.c \
	bench/report/report_host.c $(COMMON_SRCS)
fuzz_report_LDLIBS = $(shell pkg-config --libs json-c) -lm
fuzz_report_COVERS := bench/report/report_compare.c bench/report/report_goals.c
