# bench/frames: LGMP/KVMFR transport benchmark, two host processes.
PROGRAMS += frames_bench
frames_bench_SRCS = bench/frames/frames_bench.c bench/frames/frames_pair.c \
	bench/frames/frames_limits.c bench/frames/frames_backing.c \
	bench/report/bench_fragment.c $(LGMP_SRCS)
frames_bench_LDLIBS = $(shell pkg-config --libs json-c) -lm

BENCHES += bench-frames
.PHONY: bench-frames
bench-frames: $(O)/plain/bin/frames_bench
	$(Q)$(O)/plain/bin/frames_bench -o $(O)/bench

# Killed mid-run (SIGINT, SIGTERM, SIGKILL) it leaves no /dev/shm file and no
# process; a stale file of a killed run does not fool the next (~10 s).
CHECKS += check-frames-cleanup
.PHONY: check-frames-cleanup
check-frames-cleanup: $(O)/plain/bin/frames_bench
	@echo "== check frames-cleanup"
	$(Q)bench/frames/test_frames_cleanup.sh $(O)/plain/bin/frames_bench $(O)/results
