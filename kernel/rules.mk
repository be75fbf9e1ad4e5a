# kernel/: the PF core. The user-space build (unit tests, fuzzers, tools)
# compiles the same files with compat/user.c; `make modules` builds them as an
# out-of-tree module against Debian's linux-headers (or KDIR=...).

# The source lists are Kbuild's (kernel/Kbuild), read from there: the
# module's objects, less its glue (pf_module.o, the self-test's module file),
# are what the user-space build compiles, compat/user.c standing in for the
# kernel.
include kernel/Kbuild
kernel_objs_to_srcs = $(patsubst %.o,kernel/%.c,$(filter-out %_module.o,$(1)))
KERNEL_CORE_SRCS := $(call kernel_objs_to_srcs,$(i915_sriov_pf-y))
KERNEL_SELFTEST_MODULE_SRCS := $(call kernel_objs_to_srcs,$(i915_sriov_pf_selftest-y))
undefine obj-m
undefine i915_sriov_pf-y
undefine i915_sriov_pf_selftest-y
undefine ccflags-y

KERNEL_GUC_SRCS := kernel/compat/user.c $(filter kernel/guc/%,$(KERNEL_CORE_SRCS))
KERNEL_IOV_SRCS := $(filter kernel/iov/%,$(KERNEL_CORE_SRCS))
KERNEL_SRCS := $(KERNEL_GUC_SRCS) $(KERNEL_IOV_SRCS)
# The GuC firmware model: used by the unit tests, the fuzzers, the
# benchmarks and the in-kernel self-test module alike.
KERNEL_MOCK_GUC_SRCS := $(filter %/mock_guc.c,$(KERNEL_SELFTEST_MODULE_SRCS))
KERNEL_PF_WORLD_SRCS := $(filter %/pf_world.c,$(KERNEL_SELFTEST_MODULE_SRCS)) $(KERNEL_MOCK_GUC_SRCS)
KERNEL_SELFTEST_SRCS := $(KERNEL_SELFTEST_MODULE_SRCS)

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

# tests/igt/meson.build compiles the same core inside an IGT tree; its list of
# kernel/ sources must be Kbuild's (as read above), or the IGT build drifts.
kernel-sources:
	$(Q)mkdir -p $(O)/results; \
	want='$(sort $(KERNEL_SRCS))'; \
	have=$$(sed -n "s|^[[:space:]]*'\.\./\.\./\(kernel/[^']*\.c\)',*[[:space:]]*$$|\1|p" \
		tests/igt/meson.build | LC_ALL=C sort | tr '\n' ' '); \
	if [ "$$want" = "$$(echo $$have)" ]; then \
		echo "kernel-sources: tests/igt/meson.build agrees with kernel/Kbuild"; \
		echo "1 0" >$(O)/results/kernel-sources.counts; \
	else \
		echo "kernel-sources: tests/igt/meson.build lists: $$have" >&2; \
		echo "kernel-sources: kernel/Kbuild builds:       $$want" >&2; \
		echo "0 1" >$(O)/results/kernel-sources.counts; exit 1; \
	fi
CHECKS += kernel-sources
.PHONY: kernel-sources

# The documentation comments of kernel/ and lib/ headers and of kernel/'s
# sources (where the functions other files call are documented), held to the
# kernel's own rules: kernel-doc -Wall from the headers' kbuild scripts
# (Debian ships it in linux-kbuild-*), any warning a failure. One count per
# file.
KERNEL_DOC ?= $(wildcard $(KDIR)/scripts/kernel-doc)
KERNEL_DOC_FILES = $(sort $(wildcard kernel/*.h kernel/*/*.h lib/*/*.h kernel/*.c kernel/*/*.c))
kernel-doc:
	@echo "== kernel-doc"
	$(Q)mkdir -p $(O)/results; r=$(O)/results/kernel-doc; rm -f $$r.skips; \
	why=; if [ -z "$(KERNEL_DOC)" ]; then \
		why="no scripts/kernel-doc in the kernel headers (linux-headers-amd64)"; \
	elif ! $(KERNEL_DOC) -none -Wall kernel/compat.h >/dev/null 2>&1; then \
		why="$(KERNEL_DOC) has no -Wall (the one of 6.1 has none)"; fi; \
	if [ -n "$$why" ]; then echo "headers: $$why" | tee $$r.skips; \
		echo "0 0 1" >$$r.counts; exit 0; fi; \
	p=0; f=0; for h in $(KERNEL_DOC_FILES); do \
		if $(KERNEL_DOC) -none -Wall $$h >$$r.log 2>&1 && ! [ -s $$r.log ]; then \
			p=$$((p + 1)); else f=$$((f + 1)); cat $$r.log; fi; \
	done; rm -f $$r.log; \
	echo "kernel-doc: $$p files clean, $$f with warnings"; \
	echo "$$p $$f" >$$r.counts; [ $$f = 0 ]
CHECKS += kernel-doc
.PHONY: kernel-doc

