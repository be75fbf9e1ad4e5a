# ci/lava: LAVA's dispatcher (Debian's lava-run, no server) runs the
# project's LAVA jobs on an emulated DUT (QEMU TCG, busybox initramfs from
# tests/vm, QEMU's igb as the SR-IOV PF): the module self-test and the
# SR-IOV lifecycle, each case asserted from the dispatcher's result stream,
# and a job with a failure injected that must fail the verdict.
# Writes $(O)/results/lava.counts and lava.skips; see ci/lava/README.md.
CHECKS += lava-check
.PHONY: lava-check
lava-check: $(O)/plain/bin/vm_ktest $(O)/plain/bin/vfctl $(O)/plain/bin/ci_results $(O)/vm/sriov-guest
	@echo "== lava (dispatcher, emulated DUT)"
	$(Q)ci/lava/lava-check.sh $(O) $(O)/results
