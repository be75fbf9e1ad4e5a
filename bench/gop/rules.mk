# SPDX-License-Identifier: MIT
#
# bench/gop: vfctl gop extract against UEFIExtract on Debian's OVMF image and
# two layouts built from it (an EFI capsule around the uncompressed DXE
# volume, a flash-descriptor image with the LZMA volume); writes
# $(O)/bench/gop.json. OVMF_CODE may be set to another image path.

OVMF_CODE ?= $(shell dpkg -L ovmf 2>/dev/null | grep '/OVMF_CODE_4M\.fd$$' | head -n1)
GOP_BENCH_RUNS ?= 7

PROGRAMS += bench_gop
# Recursive: lib/uefi/rules.mk (UEFI_SRCS) and lib/common/rules.mk are read
# after this file.
bench_gop_SRCS = bench/gop/bench_gop.c $(UEFI_SRCS) $(COMMON_SRCS)
bench_gop_LDLIBS = $(shell pkg-config --libs json-c) $(UEFI_LDLIBS)

BENCHES += bench-gop
.PHONY: bench-gop
bench-gop: $(O)/plain/bin/bench_gop $(O)/plain/bin/vfctl
	@mkdir -p $(O)/bench
	@echo "== bench gop"
	$(Q)$(O)/plain/bin/bench_gop $(O)/plain/bin/vfctl "$(OVMF_CODE)" \
		$(O)/bench/gop.json $(GOP_BENCH_RUNS)
