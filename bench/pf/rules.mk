# bench/pf: enable/disable cycles of 7 VFs through the CT channel and the
# GuC model; time and messages per cycle against bare round trips.

PROGRAMS += bench_pf
bench_pf_SRCS = bench/pf/bench_pf.c bench/report/bench_fragment.c $(KERNEL_SRCS) $(KERNEL_PF_WORLD_SRCS)
bench_pf_LDLIBS = $(shell pkg-config --libs json-c)

BENCHES += bench-pf
.PHONY: bench-pf
bench-pf: $(O)/plain/bin/bench_pf
	@mkdir -p $(O)/bench
	$(Q)$(O)/plain/bin/bench_pf $(O)/bench
