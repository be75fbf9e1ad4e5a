# bench/frames: LGMP/KVMFR transport benchmark, two host processes.
PROGRAMS += frames_bench
frames_bench_SRCS = bench/frames/frames_bench.c bench/frames/frames_pair.c \
	bench/frames/frames_limits.c \
	bench/report/bench_fragment.c $(LGMP_SRCS)
frames_bench_LDLIBS = $(shell pkg-config --libs json-c) -lm

BENCHES += bench-frames
.PHONY: bench-frames
bench-frames: $(O)/plain/bin/frames_bench
	$(Q)$(O)/plain/bin/frames_bench -o $(O)/bench
