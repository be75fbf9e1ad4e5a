# SPDX-License-Identifier: MIT
#
# vfctl setup across real reboots of a Debian 12 guest (tests/setup/
# reboot-test.sh), in the image tests/image/build-image.sh makes with
# mmdebstrap and caches in $(O)/image/setup (rebuilt only when the package
# list, the overlay or the builder change). Writes setup-reboot.counts.
CHECKS += setup-reboot
.PHONY: setup-reboot setup-image
setup-reboot: $(O)/plain/bin/vfctl
	$(Q)echo "== setup reboot"
	$(Q)tests/setup/reboot-test.sh $(O)/plain/bin/vfctl $(O)/image/setup \
		$(O)/setup-reboot $(O)/results

# The image alone (for other tests to reuse the builder: SUITE, PACKAGES, OUT).
setup-image:
	$(Q)tests/image/build-image.sh --suite bookworm --packages tests/setup/packages.txt \
		--overlay tests/setup/overlay --out $(O)/image/setup

# vfctl setup's udev rules across four real boots of the same guest, with
# sysfsutils purged: the PF's driver bound in the initramfs (with and
# without vfctl's rules in it) and in the root (tests/setup/
# udev-boot-test.sh). Writes setup-udev.counts.
CHECKS += setup-udev
.PHONY: setup-udev
setup-udev: $(O)/plain/bin/vfctl
	$(Q)echo "== setup udev"
	$(Q)tests/setup/udev-boot-test.sh $(O)/plain/bin/vfctl $(O)/image/setup \
		$(O)/setup-udev $(O)/results
