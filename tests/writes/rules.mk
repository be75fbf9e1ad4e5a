# SPDX-License-Identifier: MIT
#
# The files vfctl writes, against planted symlinks (OVMF_CODE comes from
# bench/gop/rules.mk): atomic, explicit mode, never through a link.
CHECKS += check-write-symlink
.PHONY: check-write-symlink
check-write-symlink: $(O)/plain/bin/vfctl
	@echo "== check write-symlink"
	$(Q)tests/writes/test_write_symlink.sh $(O)/plain/bin/vfctl "$(OVMF_CODE)" $(O)/results
