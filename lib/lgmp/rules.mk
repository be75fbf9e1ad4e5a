# lib/lgmp: Looking-Glass-compatible frame transport (LGMP v6 + KVMFR v20).
LGMP_SRCS := lib/lgmp/lgmp_host.c lib/lgmp/lgmp_client.c \
	lib/lgmp/kvmfr_host.c lib/lgmp/kvmfr_client.c \
	lib/lgmp/lgmp_shm.c lib/lgmp/lgmp_poll.c \
	lib/lgmp/lgmp_version.c

UNIT_TESTS += test_lgmp_queue
test_lgmp_queue_SRCS := tests/unit/test_lgmp_queue.c $(LGMP_SRCS)
test_lgmp_queue_LDLIBS = -lcmocka

UNIT_TESTS += test_lgmp_hostile
test_lgmp_hostile_SRCS := tests/unit/test_lgmp_hostile.c $(LGMP_SRCS)
test_lgmp_hostile_LDLIBS = -lcmocka

UNIT_TESTS += test_lgmp_kvmfr
test_lgmp_kvmfr_SRCS := tests/unit/test_lgmp_kvmfr.c $(LGMP_SRCS)
test_lgmp_kvmfr_LDLIBS = -lcmocka

UNIT_TESTS += test_lgmp_b7
test_lgmp_b7_SRCS := tests/unit/test_lgmp_b7.c $(LGMP_SRCS)
test_lgmp_b7_LDLIBS = -lcmocka

UNIT_TESTS += test_kvmfr_b7_edges
test_kvmfr_b7_edges_SRCS := tests/unit/test_kvmfr_b7_edges.c $(LGMP_SRCS)
test_kvmfr_b7_edges_LDLIBS = -lcmocka

UNIT_TESTS += test_lgmp_poll
test_lgmp_poll_SRCS := tests/unit/test_lgmp_poll.c lib/lgmp/lgmp_poll.c
test_lgmp_poll_LDLIBS = -lcmocka

FUZZERS += fuzz_lgmp
fuzz_lgmp_SRCS := tests/fuzz/fuzz_lgmp.c $(LGMP_SRCS)
# the consumer side: what reads memory a guest writes
fuzz_lgmp_COVERS := lib/lgmp/lgmp_client.c lib/lgmp/kvmfr_client.c

# Three processes over one mapping: a scribbling guest against the real
# consumer, a hostile client against the real producer (bounded: ~10 s).
UNIT_TESTS += test_lgmp_concurrent
test_lgmp_concurrent_SRCS := tests/unit/test_lgmp_concurrent.c $(LGMP_SRCS)
test_lgmp_concurrent_LDLIBS = -lcmocka

UNIT_TESTS += test_kvmfr_plan
test_kvmfr_plan_SRCS := tests/unit/test_kvmfr_plan.c $(LGMP_SRCS)
test_kvmfr_plan_LDLIBS = -lcmocka

UNIT_TESTS += test_lgmp_wire
test_lgmp_wire_SRCS := tests/unit/test_lgmp_wire.c $(LGMP_SRCS)
test_lgmp_wire_LDLIBS = -lcmocka
