# bench/guc_ct: CT channel round trips and ring throughput against memcpy.

PROGRAMS += bench_guc_ct
bench_guc_ct_SRCS = bench/guc_ct/bench_guc_ct.c bench/report/bench_fragment.c $(KERNEL_MOCK_GUC_SRCS) $(KERNEL_GUC_SRCS)
bench_guc_ct_LDLIBS = $(shell pkg-config --libs json-c)

BENCHES += bench-guc-ct
bench-guc-ct: $(O)/plain/bin/bench_guc_ct
	@mkdir -p $(O)/bench
	$(Q)$(O)/plain/bin/bench_guc_ct $(O)/bench
