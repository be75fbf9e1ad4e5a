# tests/gop: firmware really runs what `vfctl gop rom` writes (QEMU + OVMF).
CHECKS += check-gop-rom-boot
.PHONY: check-gop-rom-boot
check-gop-rom-boot: $(O)/plain/bin/vfctl
	@echo "== check gop-rom-boot"
	$(Q)tests/gop/gop_rom_boot.sh $(O)/plain/bin/vfctl $(O)/results
