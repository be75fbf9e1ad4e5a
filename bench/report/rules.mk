# bench/report: merges every $(O)/bench/<name>.json fragment into
# $(O)/bench/report.json and a self-contained report.html (gnuplot charts).
# Run it after all $(BENCHES): make bench-report.
PROGRAMS += bench_report
bench_report_SRCS = bench/report/report.c bench/report/report_plot.c bench/report/report_host.c \
	bench/report/report_machine.c bench/report/bench_fragment.c
bench_report_LDLIBS = $(shell pkg-config --libs json-c)

.PHONY: bench-report
bench-report: $(O)/plain/bin/bench_report
	$(Q)$(O)/plain/bin/bench_report $(O)/bench

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
