# bench/report: merges every $(O)/bench/<name>.json fragment into
# $(O)/bench/report.json and a self-contained report.html (gnuplot charts).
# Run it after all $(BENCHES): make bench-report.
PROGRAMS += bench_report
bench_report_SRCS = bench/report/report.c bench/report/report_plot.c \
	bench/report/report_machine.c bench/report/bench_fragment.c
bench_report_LDLIBS = $(shell pkg-config --libs json-c)

.PHONY: bench-report
bench-report: $(O)/plain/bin/bench_report
	$(Q)$(O)/plain/bin/bench_report $(O)/bench
