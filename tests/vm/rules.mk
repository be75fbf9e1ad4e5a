# tests/vm: VM runner (host, C) and the static guest program.
#
# The guest program is linked statically for the initramfs; the kernel is
# Debian's linux-image-amd64, found at run time by package query.
LG_GUEST := $(O)/vm/lg-guest
LG_GUEST_SRCS = tests/vm/lg_guest.c lib/lgmp/lgmp_host.c \
	lib/lgmp/kvmfr_host.c lib/lgmp/lgmp_shm.c

$(LG_GUEST): $(patsubst %.c,$(O)/plain/%.o,$(LG_GUEST_SRCS))
	@mkdir -p $(@D)
	@echo "  LD [static] $@"
	$(Q)$(CC) -static -o $@ $^

PROGRAMS += vm_run
vm_run_SRCS = tests/vm/vm_run.c tests/vm/vm_image.c tests/vm/vm_kernels.c tests/vm/vm_qemu.c \
	tests/vm/qmp.c tests/vm/ktap.c tests/vm/vm_cpio.c \
	bench/report/bench_fragment.c \
	$(LGMP_SRCS) $(COMMON_SRCS)
vm_run_LDLIBS = $(shell pkg-config --libs json-c)

# `make check`: boot, map the BAR, move frames, one QMP key round trip,
# clean shutdown. Writes $(O)/results/vm-smoke.counts.
CHECKS += vm-smoke
.PHONY: vm-smoke
vm-smoke: $(O)/plain/bin/vm_run $(LG_GUEST)
	$(Q)echo "== vm smoke"
	$(Q)$(O)/plain/bin/vm_run smoke -w $(O)/vm -g $(LG_GUEST) \
		-r $(O)/results

# `make bench`: input-to-frame, guest throughput, boot-to-first-frame.
BENCHES += bench-vm
.PHONY: bench-vm
bench-vm: $(O)/plain/bin/vm_run $(LG_GUEST)
	$(Q)$(O)/plain/bin/vm_run bench -w $(O)/vm -g $(LG_GUEST) -o $(O)/bench

# The PF core's modules in a booted Debian kernel (tests/vm/vm_ktest.c):
# built against the headers of the kernel that is booted, loaded, self-test
# KTAP read from the console, unloaded; oops, warning, taint and leaked
# references fail it.
PROGRAMS += vm_ktest
vm_ktest_SRCS = tests/vm/vm_ktest.c tests/vm/vm_kguest.c \
	tests/vm/vm_kbuild.c tests/vm/vm_kernels.c tests/vm/vm_image.c \
	tests/vm/vm_cpio.c tests/vm/vm_qemu.c tests/vm/qmp.c tests/vm/ktap.c $(COMMON_SRCS)
vm_ktest_LDLIBS = $(shell pkg-config --libs json-c)

# The SR-IOV guest program (KTAP): static, runs vfctl in the guest.
SRIOV_GUEST := $(O)/vm/sriov-guest
SRIOV_GUEST_SRCS = tests/vm/sriov_guest.c tests/vm/ksft.c

$(SRIOV_GUEST): $(patsubst %.c,$(O)/plain/%.o,$(SRIOV_GUEST_SRCS))
	@mkdir -p $(@D)
	@echo "  LD [static] $@"
	$(Q)$(CC) -static -o $@ $^ $(shell pkg-config --static --libs json-c)

# One boot for both: the module checks (vm-module.counts), then vfctl over
# an igb PF's real VFs (vm-sriov.counts; skipped when QEMU has no igb).
CHECKS += vm-module
.PHONY: vm-module kbuild-matrix
vm-module: $(O)/plain/bin/vm_ktest $(SRIOV_GUEST) $(O)/plain/bin/vfctl
	$(Q)echo "== vm module + sriov"
	$(Q)$(O)/plain/bin/vm_ktest module -s kernel -w $(O)/vm-module \
		-c $(O)/vm -r $(O)/results -g $(SRIOV_GUEST) \
		-V $(O)/plain/bin/vfctl

# Every installed linux-headers tree; each with its linux-image is booted.
kbuild-matrix: $(O)/plain/bin/vm_ktest
	$(Q)$(O)/plain/bin/vm_ktest matrix -s kernel -w $(O)/vm-module \
		-c $(O)/vm -r $(O)/results
