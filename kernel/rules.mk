# kernel/: the PF core. The user-space build (unit tests, fuzzers, tools)
# compiles the same files with compat/user.c; `make modules` builds them as an
# out-of-tree module against Debian's linux-headers (or KDIR=...).

KERNEL_GUC_SRCS := kernel/compat/user.c kernel/guc/guc_hxg.c \
	kernel/guc/guc_klv.c kernel/guc/guc_ct.c
KERNEL_IOV_SRCS := kernel/iov/pf_platform.c kernel/iov/pf_resources.c kernel/iov/pf_provision.c \
	kernel/iov/pf_push.c kernel/iov/pf_control.c kernel/iov/pf_relay.c \
	kernel/iov/pf_sriov.c
KERNEL_SRCS := $(KERNEL_GUC_SRCS) $(KERNEL_IOV_SRCS)
# The GuC firmware model: used by the unit tests, the fuzzers, the
# benchmarks and the in-kernel self-test module alike.
KERNEL_MOCK_GUC_SRCS := kernel/selftest/mock_guc.c
KERNEL_PF_WORLD_SRCS := kernel/selftest/pf_world.c $(KERNEL_MOCK_GUC_SRCS)
KERNEL_SELFTEST_SRCS := kernel/selftest/pf_scenarios.c $(KERNEL_PF_WORLD_SRCS)

# The newest installed Debian headers unless KDIR is given.
KDIR ?= $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64)))

modules:
	@if [ -z "$(KDIR)" ] || [ ! -e "$(KDIR)/Makefile" ]; then \
		echo "modules: no kernel headers (install linux-headers-amd64 or pass KDIR=)" >&2; \
		exit 3; fi
	@rm -rf $(O)/kmod && mkdir -p $(O)/kmod
	@cp -r kernel/Kbuild kernel/Makefile kernel/*.c kernel/*.h kernel/abi kernel/guc kernel/iov kernel/selftest $(O)/kmod/
	@echo "  KBUILD $(KDIR)"
	$(Q)$(MAKE) --no-print-directory -C $(KDIR) M=$(abspath $(O)/kmod) modules >$(O)/kmod/build.log 2>&1 || \
		{ cat $(O)/kmod/build.log; echo "0 1" >$(O)/results/modules.counts 2>/dev/null; exit 1; }
	$(Q)for m in i915_sriov_pf i915_sriov_pf_selftest; do \
		modinfo $(O)/kmod/$$m.ko | grep -E '^(filename|license|depends|vermagic):' && \
		modinfo -F license $(O)/kmod/$$m.ko | grep -qx 'Dual MIT/GPL' || exit 1; done
	$(Q)modinfo -F depends $(O)/kmod/i915_sriov_pf_selftest.ko | grep -qx i915_sriov_pf
	$(Q)mkdir -p $(O)/results && echo "1 0" >$(O)/results/modules.counts
