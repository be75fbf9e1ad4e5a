# tests/fuzz: libFuzzer targets of the GuC layer. Seeds live in
# tests/fuzz/corpus/<target>/; `make check` replays them, `make fuzz` explores.

FUZZERS += fuzz_guc_g2h fuzz_guc_klv
fuzz_guc_g2h_SRCS := tests/fuzz/fuzz_guc_g2h.c $(KERNEL_MOCK_GUC_SRCS) $(KERNEL_GUC_SRCS)
fuzz_guc_klv_SRCS := tests/fuzz/fuzz_guc_klv.c $(KERNEL_GUC_SRCS)
fuzz_guc_g2h_COVERS := kernel/guc/guc_ct.c kernel/guc/guc_hxg.c
fuzz_guc_klv_COVERS := kernel/guc/guc_klv.c

FUZZERS += fuzz_pf_relay
fuzz_pf_relay_SRCS := tests/fuzz/fuzz_pf_relay.c $(KERNEL_PF_WORLD_SRCS) $(KERNEL_SRCS)
fuzz_pf_relay_COVERS := kernel/iov/pf_relay.c
