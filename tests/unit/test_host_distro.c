// SPDX-License-Identifier: MIT
/*
 * lib/host/host_distro: the boot loader, initramfs tool and package names
 * of real distributions' layouts, and the exact commands the hints print.
 * Each tree holds only the files the detection reads, as those
 * distributions install them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_distro.h"
#include "host/host_fs.h"

static char root[256];

static void put_file(const char *path, const char *text)
{
	char p[512], *slash;
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, path);
	for (slash = strchr(p + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int make_root(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/distro.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(root) ? 0 : -1;
}

static int drop_root(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void detect(struct host_distro *d)
{
	assert_int_equal(host_distro_detect(root, d), 0);
}

static void debian_12_boots_grub_with_initramfs_tools(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release",
		 "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
		 "VERSION_ID=\"12\"\nID=debian\n");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
	put_file("/usr/sbin/update-initramfs", "");
	detect(&d);
	assert_string_equal(d.id, "debian");
	assert_string_equal(d.version_id, "12");
	assert_int_equal(d.family, HOST_DISTRO_DEBIAN);
	assert_int_equal(d.boot, HOST_BOOT_GRUB);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_TOOLS);
	assert_int_equal(d.pkg, HOST_PKG_APT);
	assert_string_equal(host_distro_cmdline_update(&d), "update-grub");
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on iommu=pt", cmd, sizeof(cmd)),
			 0);
	assert_string_equal(cmd,
			    "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&intel_iommu=on iommu=pt /' "
			    "/etc/default/grub && update-grub && reboot");
	assert_int_equal(host_distro_install(&d, HOST_PKG_HEADERS, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "apt install linux-headers-$(uname -r)");
	assert_int_equal(host_distro_install(&d, HOST_PKG_FIRMWARE, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "apt install firmware-misc-nonfree");
	assert_string_equal(host_distro_initramfs_update(&d), "update-initramfs -u -k all");
	assert_string_equal(host_distro_qemu_group(&d), "libvirt-qemu");
}

/* Proxmox VE 8 on ZFS/UEFI: os-release says Debian, proxmox-boot-tool owns the ESPs. */
static void proxmox_uses_proxmox_boot_tool_and_its_headers(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
	put_file("/usr/bin/pveversion", "");
	put_file("/etc/kernel/proxmox-boot-uuids", "1234-ABCD\n");
	put_file("/etc/kernel/cmdline", "root=ZFS=rpool/ROOT/pve-1 boot=zfs\n");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
	put_file("/usr/sbin/update-initramfs", "");
	detect(&d);
	assert_int_equal(d.family, HOST_DISTRO_PROXMOX);
	assert_int_equal(d.boot, HOST_BOOT_PROXMOX);
	assert_string_equal(d.cmdline_file, "/etc/kernel/cmdline");
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "sed -i '1s/$/ intel_iommu=on/' /etc/kernel/cmdline && "
				 "proxmox-boot-tool refresh && reboot");
	assert_int_equal(host_distro_install(&d, HOST_PKG_HEADERS, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "apt install proxmox-headers-$(uname -r)");
}

/* Pop!_OS 22.04: GRUB files may exist, kernelstub writes the systemd-boot entry. */
static void pop_os_uses_kernelstub(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release",
		 "NAME=\"Pop!_OS\"\nVERSION_ID=\"22.04\"\nID=pop\nID_LIKE=\"ubuntu debian\"\n");
	put_file("/etc/kernelstub/configuration", "{}\n");
	put_file("/boot/efi/loader/loader.conf", "default Pop_OS-current\n");
	put_file("/usr/sbin/update-initramfs", "");
	detect(&d);
	assert_int_equal(d.family, HOST_DISTRO_UBUNTU);
	assert_int_equal(d.boot, HOST_BOOT_KERNELSTUB);
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on iommu=pt", cmd, sizeof(cmd)),
			 0);
	assert_string_equal(cmd, "kernelstub -a intel_iommu=on -a iommu=pt && reboot");
	assert_int_equal(host_distro_cmdline_remove(&d, "nomodeset", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "kernelstub -d nomodeset && reboot");
	assert_int_equal(host_distro_install(&d, HOST_PKG_FIRMWARE, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "apt install linux-firmware");
}

static void fedora_uses_grubby_dracut_and_group_qemu(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/usr/lib/os-release", "NAME=\"Fedora Linux\"\nVERSION_ID=41\nID=fedora\n");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX=\"rhgb quiet\"\n");
	put_file("/usr/bin/dracut", "");
	detect(&d);
	assert_int_equal(d.family, HOST_DISTRO_FEDORA);
	assert_int_equal(d.boot, HOST_BOOT_GRUB);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_DRACUT);
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "grubby --update-kernel=ALL --args=\"intel_iommu=on\" && reboot");
	assert_int_equal(host_distro_cmdline_remove(&d, "i915.enable_guc=2", cmd, sizeof(cmd)), 0);
	assert_string_equal(
		cmd, "grubby --update-kernel=ALL --remove-args=\"i915.enable_guc=2\" && reboot");
	assert_string_equal(host_distro_initramfs_update(&d), "dracut --force --regenerate-all");
	assert_int_equal(host_distro_install(&d, HOST_PKG_HEADERS, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "dnf install kernel-devel-$(uname -r)");
	assert_string_equal(host_distro_qemu_group(&d), "qemu");
}

/* Arch with systemd-boot and no /etc/kernel/cmdline: the entries hold the options. */
static void arch_systemd_boot_edits_loader_entries_and_runs_mkinitcpio(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release", "NAME=\"Arch Linux\"\nID=arch\n");
	put_file("/boot/loader/loader.conf", "default arch.conf\n");
	put_file("/etc/mkinitcpio.conf", "MODULES=()\n");
	put_file("/usr/bin/mkinitcpio", "");
	detect(&d);
	assert_int_equal(d.family, HOST_DISTRO_ARCH);
	assert_int_equal(d.boot, HOST_BOOT_SYSTEMD_BOOT);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_MKINITCPIO);
	assert_int_equal(d.pkg, HOST_PKG_PACMAN);
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on", cmd, sizeof(cmd)), 0);
	assert_string_equal(
		cmd,
		"sed -i '/^options/s/$/ intel_iommu=on/' /boot/loader/entries/*.conf && reboot");
	assert_string_equal(host_distro_initramfs_update(&d), "mkinitcpio -P");
	assert_int_equal(host_distro_install(&d, HOST_PKG_HEADERS, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "pacman -S linux-headers");
}

/*
 * systemd-boot driven by kernel-install from /etc/kernel/cmdline: the image
 * is where the kernel package puts it, /boot/vmlinuz-REL on Debian (its own
 * kernel hooks call kernel-install so), /lib/modules/REL/vmlinuz on Arch.
 */
static void kernel_install_names_the_image_where_the_distribution_keeps_it(void **state)
{
	struct host_distro d;

	(void)state;
	put_file("/etc/os-release", "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\n");
	put_file("/boot/efi/loader/loader.conf", "timeout 3\n");
	put_file("/etc/kernel/cmdline", "root=UUID=1 ro quiet\n");
	detect(&d);
	assert_int_equal(d.boot, HOST_BOOT_SYSTEMD_BOOT);
	assert_string_equal(d.cmdline_file, "/etc/kernel/cmdline");
	assert_string_equal(host_distro_cmdline_update(&d),
			    "kernel-install add \"$(uname -r)\" \"/boot/vmlinuz-$(uname -r)\"");
	put_file("/etc/os-release", "NAME=\"Arch Linux\"\nID=arch\n");
	detect(&d);
	assert_int_equal(d.family, HOST_DISTRO_ARCH);
	assert_int_equal(d.boot, HOST_BOOT_SYSTEMD_BOOT);
	if (d.uki)
		fail_msg("no preset names a UKI here");
	assert_string_equal(
		host_distro_cmdline_update(&d),
		"kernel-install add \"$(uname -r)\" \"/lib/modules/$(uname -r)/vmlinuz\"");
}

/* strongtz/i915-sriov-dkms#334: Arch with a UKI (/etc/kernel/cmdline, a
 * preset's default_uki=): mkinitcpio -P applies the command line; an LTS
 * kernel's headers are linux-lts-headers. */
static void arch_uki_rebuilds_the_image_and_names_flavoured_headers(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release", "NAME=\"Arch Linux\"\nID=arch\n");
	put_file("/boot/loader/loader.conf", "timeout 3\n");
	put_file("/etc/kernel/cmdline", "root=PARTUUID=ce4b rw\n");
	put_file("/etc/mkinitcpio.conf", "MODULES=()\n");
	put_file("/usr/bin/mkinitcpio", "");
	put_file("/etc/mkinitcpio.d/linux-lts.preset",
		 "PRESETS=('default')\n#fallback_uki=\"/efi/x.efi\"\n"
		 "default_uki=\"/efi/EFI/Linux/arch-linux-lts.efi\"\n");
	put_file("/proc/sys/kernel/osrelease", "6.6.70-1-lts\n");
	detect(&d);
	assert_true(d.uki);
	assert_string_equal(host_distro_cmdline_update(&d), "mkinitcpio -P");
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on", cmd, sizeof(cmd)), 0);
	assert_string_equal(
		cmd,
		"sed -i '1s/$/ intel_iommu=on/' /etc/kernel/cmdline && mkinitcpio -P && reboot");
	assert_int_equal(host_distro_install(&d, HOST_PKG_HEADERS, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "pacman -S linux-lts-headers");
	assert_string_equal(host_distro_qemu_group(&d), "libvirt-qemu");
}

/*
 * A Debian 12 host moved from initramfs-tools to dracut, as Debian's own
 * packages leave it (initramfs-tools 0.142+deb12u3, dracut 059-4, installed
 * and removed with dpkg): dracut Conflicts with initramfs-tools, so apt
 * removes it, but dpkg keeps a removed package's conffiles and its file
 * list (/etc/kernel/postinst.d/initramfs-tools, update-initramfs.conf) and
 * initramfs-tools-core, which nothing conflicts with, stays installed with
 * initramfs.conf and mkinitramfs. Only update-initramfs is gone.
 */
static void debian_switched_to_dracut(void)
{
	put_file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
	put_file("/etc/initramfs-tools/initramfs.conf", "MODULES=most\n");
	put_file("/etc/initramfs-tools/update-initramfs.conf", "update_initramfs=yes\n");
	put_file("/etc/kernel/postinst.d/initramfs-tools", "");
	put_file("/etc/kernel/postinst.d/dracut", "");
	put_file("/usr/sbin/mkinitramfs", "");
	put_file("/usr/bin/dracut", "");
	put_file("/etc/dracut.conf", "");
	put_file("/var/lib/dpkg/info/initramfs-tools.list",
		 "/.\n/etc\n/etc/initramfs-tools\n/etc/initramfs-tools/update-initramfs.conf\n"
		 "/etc/kernel\n/etc/kernel/postinst.d\n/etc/kernel/postinst.d/initramfs-tools\n");
	put_file("/var/lib/dpkg/status",
		 "Package: dracut\nStatus: install ok installed\nVersion: 059-4\n"
		 "Provides: linux-initramfs-tool\nConflicts: initramfs-tools, live-tools\n\n"
		 "Package: dracut-core\nStatus: install ok installed\nVersion: 059-4\n\n"
		 "Package: initramfs-tools\nStatus: deinstall ok config-files\n"
		 "Version: 0.142+deb12u3\nProvides: linux-initramfs-tool\n\n"
		 "Package: initramfs-tools-core\nStatus: install ok installed\n"
		 "Version: 0.142+deb12u3\n");
}

/* The leftovers name no tool: the installed command does. */
static void debian_after_dracut_replaced_initramfs_tools_runs_dracut(void **state)
{
	struct host_distro d;

	(void)state;
	debian_switched_to_dracut();
	detect(&d);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_DRACUT);
	assert_string_equal(host_distro_initramfs_update(&d), "dracut --force --regenerate-all");
}

/*
 * Where both commands are there, dpkg says which tool is the installed
 * one: an update-initramfs that no installed package ships (copied in by
 * hand, a leftover of a broken removal) is not the tool apt hooked in.
 */
static void dpkg_status_outranks_a_stray_command(void **state)
{
	struct host_distro d;

	(void)state;
	debian_switched_to_dracut();
	put_file("/usr/sbin/update-initramfs", "");
	detect(&d);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_DRACUT);
}

/*
 * dracut-core has no Conflicts: Debian lets it sit beside initramfs-tools,
 * whose kernel hook still builds the images, so initramfs-tools it is.
 */
static void dracut_core_beside_initramfs_tools_is_initramfs_tools(void **state)
{
	struct host_distro d;

	(void)state;
	put_file("/etc/os-release", "ID=debian\n");
	put_file("/usr/sbin/update-initramfs", "");
	put_file("/usr/bin/dracut", "");
	put_file("/var/lib/dpkg/status",
		 "Package: dracut-core\nStatus: install ok installed\nVersion: 059-4\n\n"
		 "Package: initramfs-tools\nStatus: install ok installed\n"
		 "Version: 0.142+deb12u3\n");
	detect(&d);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_TOOLS);
}

/* A configuration alone is no tool: nothing could rebuild with it. */
static void a_leftover_configuration_alone_is_no_tool(void **state)
{
	struct host_distro d;

	(void)state;
	put_file("/etc/os-release", "ID=arch\n");
	put_file("/etc/mkinitcpio.conf", "MODULES=()\n");
	put_file("/etc/dracut.conf", "");
	detect(&d);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_UNKNOWN);
	assert_string_equal(host_distro_initramfs_update(&d), "rebuild your initramfs");
}

/* Arch: mkinitcpio's pacman hook builds the images; dracut beside it is a
 * second, unhooked tool. */
static void arch_with_dracut_beside_mkinitcpio_is_mkinitcpio(void **state)
{
	struct host_distro d;

	(void)state;
	put_file("/etc/os-release", "ID=arch\n");
	put_file("/usr/bin/dracut", "");
	put_file("/usr/bin/mkinitcpio", "");
	detect(&d);
	assert_int_equal(d.initramfs, HOST_INITRAMFS_MKINITCPIO);
}

/* dpkg's Status states (dpkg-query(1)): files are there from unpacked on. */
static void dpkg_status_states(void **state)
{
	static const char *const text = "Package: dracut-core\nStatus: install ok installed\n\n"
					"Package: a\nStatus: install ok unpacked\n\n"
					"Package: b\nStatus: install reinstreq half-installed\n\n"
					"Package: c\nStatus: deinstall ok config-files\n\n"
					"Package: d\nStatus: purge ok not-installed\n\n"
					"Package: e\nVersion: 1\n\n"
					"Package: f\nStatus: install ok triggers-pending";

	(void)state;
	assert_true(host_dpkg_status_has(text, "dracut-core"));
	assert_false(host_dpkg_status_has(text, "dracut"));
	assert_true(host_dpkg_status_has(text, "a"));
	assert_false(host_dpkg_status_has(text, "b"));
	assert_false(host_dpkg_status_has(text, "c"));
	assert_false(host_dpkg_status_has(text, "d"));
	assert_false(host_dpkg_status_has(text, "e"));
	assert_true(host_dpkg_status_has(text, "f"));
	assert_false(host_dpkg_status_has("", "a"));
	assert_false(host_dpkg_status_has("Package: a\nStatus:", "a"));
}

static void grub_remove_escapes_the_parameter_for_sed(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release", "ID=ubuntu\nID_LIKE=debian\n");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\n");
	detect(&d);
	assert_int_equal(host_distro_cmdline_remove(&d, "i915.enable_guc=2", cmd, sizeof(cmd)), 0);
	assert_string_equal(
		cmd,
		"sed -i 's/ *\\bi915\\.enable_guc=2\\b//' /etc/default/grub && update-grub && reboot");
}

static void an_empty_root_gets_commands_in_words(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	detect(&d);
	assert_string_equal(d.id, "");
	assert_int_equal(d.family, HOST_DISTRO_OTHER);
	assert_int_equal(d.boot, HOST_BOOT_UNKNOWN);
	assert_int_equal(host_distro_cmdline_add(&d, "iommu=pt", cmd, sizeof(cmd)), 0);
	assert_non_null(strstr(cmd, "iommu=pt"));
	assert_non_null(strstr(cmd, "boot loader"));
	assert_int_equal(host_distro_install(&d, HOST_PKG_DKMS, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "install dkms with your package manager");
}

static void a_short_buffer_is_enospc(void **state)
{
	struct host_distro d;
	char cmd[16];

	(void)state;
	put_file("/etc/os-release", "ID=debian\n");
	put_file("/etc/default/grub", "\n");
	detect(&d);
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on", cmd, sizeof(cmd)), -ENOSPC);
}

/*
 * vfctl setup installs without asking, with each manager's own flag. The
 * os-release files are those the distributions ship (ID and ID_LIKE).
 */
static void unattended_install_per_package_manager(void **state)
{
	static const struct {
		const char *os_release, *want;
	} cases[] = {
		{ "ID=debian\nVERSION_ID=\"12\"\n",
		  "DEBIAN_FRONTEND=noninteractive apt-get -y install firmware-misc-nonfree" },
		{ "ID=ubuntu\nID_LIKE=debian\n",
		  "DEBIAN_FRONTEND=noninteractive apt-get -y install linux-firmware" },
		{ "ID=fedora\nVERSION_ID=40\n", "dnf -y install linux-firmware" },
		{ "ID=arch\n", "pacman -S --noconfirm linux-firmware" },
		{ "ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n",
		  "zypper --non-interactive install kernel-firmware-i915" },
	};
	struct host_distro d;
	char cmd[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		put_file("/etc/os-release", cases[i].os_release);
		detect(&d);
		assert_int_equal(
			host_distro_install_unattended(&d, HOST_PKG_FIRMWARE, cmd, sizeof(cmd)), 0);
		assert_string_equal(cmd, cases[i].want);
	}
	/* the interactive form is unchanged: the doctor's hints print it */
	assert_int_equal(host_distro_install(&d, HOST_PKG_FIRMWARE, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "zypper install kernel-firmware-i915");
}

/* Debian's own apt-get takes the unattended form (-s: simulate, changes nothing). */
static void unattended_apt_get_runs(void **state)
{
	struct host_distro d;
	char cmd[512], sim[600];

	(void)state;
	if (system("command -v apt-get >/dev/null 2>&1")) {
		print_message("skip: no apt-get on this machine\n");
		skip();
		return;
	}
	put_file("/etc/os-release", "ID=debian\n");
	detect(&d);
	assert_int_equal(host_distro_install_unattended(&d, HOST_PKG_DKMS, cmd, sizeof(cmd)), 0);
	/* the package apt-get surely knows: its own */
	assert_string_equal(cmd + strlen(cmd) - strlen(" dkms"), " dkms");
	snprintf(sim, sizeof(sim), "%.*s -s apt >/dev/null", (int)(strlen(cmd) - strlen(" dkms")),
		 cmd);
	assert_int_equal(system(sim), 0);
}

/* With no known package manager there is no command to run, only a sentence. */
static void unattended_install_without_a_manager_is_eopnotsupp(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	detect(&d);
	assert_int_equal(host_distro_install_unattended(&d, HOST_PKG_DKMS, cmd, sizeof(cmd)),
			 -EOPNOTSUPP);
	assert_string_equal(cmd, "install dkms with your package manager");
	put_file("/etc/os-release", "ID=debian\n");
	detect(&d);
	assert_int_equal(host_distro_install_unattended(&d, HOST_PKG_DKMS, cmd, 16), -ENOSPC);
}

/*
 * The headers of one release, per distribution: Debian 12's registry has
 * linux-headers-6.12.95+deb12-amd64 (what linux-headers-amd64 depends on
 * for uname -r 6.12.95+deb12-amd64); Proxmox VE 8 (Debian 12) names them
 * proxmox-headers-REL, 7 (Debian 11) pve-headers-REL; Fedora's
 * kernel-devel-REL is its name-version-release.arch; Arch and SUSE name
 * the flavour, not the release.
 */
static void headers_name_the_release(void **state)
{
	static const struct {
		const char *os_release, *marker, *release, *pkg;
	} cases[] = {
		{ "ID=debian\nVERSION_ID=\"12\"\n", NULL, "6.12.95+deb12-amd64",
		  "linux-headers-6.12.95+deb12-amd64" },
		{ "ID=ubuntu\nID_LIKE=debian\n", NULL, "6.8.0-45-generic",
		  "linux-headers-6.8.0-45-generic" },
		{ "ID=debian\nVERSION_ID=\"12\"\n", "/usr/bin/pveversion", "6.8.12-4-pve",
		  "proxmox-headers-6.8.12-4-pve" },
		{ "ID=debian\nVERSION_ID=\"11\"\n", "/usr/bin/pveversion", "5.15.158-2-pve",
		  "pve-headers-5.15.158-2-pve" },
		{ "ID=fedora\n", NULL, "6.11.4-301.fc41.x86_64",
		  "kernel-devel-6.11.4-301.fc41.x86_64" },
		{ "ID=arch\n", NULL, "6.12.9-arch1-1", "linux-headers" },
		{ "ID=arch\n", NULL, "6.6.70-1-lts", "linux-lts-headers" },
		{ "ID=opensuse-tumbleweed\nID_LIKE=\"opensuse suse\"\n", NULL,
		  "6.4.0-150600.23.25-default", "kernel-default-devel" },
		{ "ID=gentoo\n", NULL, "6.6.52-gentoo", "the headers of kernel 6.6.52-gentoo" },
	};
	struct host_distro d;
	char name[128], cmd[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char rm[600];

		snprintf(rm, sizeof(rm), "rm -rf '%s'/* && mkdir -p '%s/etc'", root, root);
		assert_int_equal(system(rm), 0);
		put_file("/etc/os-release", cases[i].os_release);
		if (cases[i].marker)
			put_file(cases[i].marker, "");
		detect(&d);
		assert_int_equal(host_distro_headers_pkg(&d, cases[i].release, name, sizeof(name)),
				 0);
		assert_string_equal(name, cases[i].pkg);
	}
	/* no release: the generic name, the doctor's hint on a live host */
	assert_int_equal(host_distro_headers_pkg(&d, "", name, sizeof(name)), 0);
	assert_string_equal(name, "the headers of kernel $(uname -r)");
	put_file("/etc/os-release", "ID=debian\n");
	detect(&d);
	assert_int_equal(host_distro_headers_pkg(&d, "6.1.0-50-amd64", name, sizeof(name)), 0);
	assert_int_equal(host_distro_install_named(&d, name, true, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "DEBIAN_FRONTEND=noninteractive apt-get -y install "
				 "linux-headers-6.1.0-50-amd64");
	assert_int_equal(host_distro_install_named(&d, name, false, cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "apt install linux-headers-6.1.0-50-amd64");
	assert_int_equal(host_distro_headers_pkg(&d, "6.1.0-50-amd64", name, 8), -ENOSPC);
}

/* The kernel a root is set up for: its running one, else its default. */
static void boot_release_of_a_tree(void **state)
{
	char rel[128], cmd[600];

	(void)state;
	assert_int_equal(host_distro_boot_release(root, rel, sizeof(rel)), -ENOENT);
	assert_string_equal(rel, "");
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && mkdir -p boot lib/modules/6.1.0-9-amd64 lib/modules/6.1.0-10-amd64 && "
		 "touch boot/vmlinuz-6.1.0-9-amd64 boot/vmlinuz-6.1.0-10-amd64",
		 root);
	assert_int_equal(system(cmd), 0);
	/* version order: 10 after 9 */
	assert_int_equal(host_distro_boot_release(root, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.1.0-10-amd64");
	/* Debian's link names the default one, even an older one */
	snprintf(cmd, sizeof(cmd), "ln -s boot/vmlinuz-6.1.0-9-amd64 '%s/vmlinuz'", root);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(host_distro_boot_release(root, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.1.0-9-amd64");
	/* a running kernel wins */
	put_file("/proc/sys/kernel/osrelease", "6.1.0-10-amd64\n");
	assert_int_equal(host_distro_boot_release(root, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.1.0-10-amd64");
}

/*
 * proxmox-boot-tool also boots GRUB from its ESPs (BIOS boot, or `init
 * <partition> grub`): its kernel hook then runs update-grub with the ESP
 * on /boot, so the command line is /etc/default/grub's and
 * /etc/kernel/cmdline is not read; its /etc/grub.d snippet warns that a
 * bare update-grub does not update the configuration that boots. GRUB
 * puts BOOT_IMAGE= on the command line, systemd-boot never does.
 */
static void proxmox_boot_tool_in_grub_mode_edits_default_grub(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
	put_file("/usr/bin/pveversion", "");
	put_file("/etc/kernel/proxmox-boot-uuids", "1234-ABCD\n");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
	put_file("/proc/cmdline",
		 "BOOT_IMAGE=/vmlinuz-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 ro boot=zfs quiet\n");
	detect(&d);
	assert_int_equal(d.boot, HOST_BOOT_PROXMOX);
	assert_string_equal(d.cmdline_file, "/etc/default/grub");
	assert_string_equal(host_distro_cmdline_update(&d), "proxmox-boot-tool refresh");
	assert_int_equal(host_distro_cmdline_add(&d, "intel_iommu=on", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&intel_iommu=on /' "
				 "/etc/default/grub && proxmox-boot-tool refresh && reboot");
	assert_int_equal(host_distro_cmdline_remove(&d, "i915.enable_guc=7", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "sed -i 's/ *\\bi915\\.enable_guc=7\\b//' /etc/default/grub && "
				 "proxmox-boot-tool refresh && reboot");
	assert_int_equal(host_distro_cmdline_replace(&d, "i915.enable_guc=7", "i915.enable_guc=3",
						     cmd, sizeof(cmd)),
			 0);
	assert_string_equal(cmd, "sed -i 's/\\bi915\\.enable_guc=7\\b/i915.enable_guc=3/' "
				 "/etc/default/grub && proxmox-boot-tool refresh && reboot");
}

/*
 * The running boot says which loader booted it: systemd-boot's entries
 * that proxmox-boot-tool writes load the initrd from EFI/proxmox/<release>/
 * on the ESP, and systemd-boot passes it as initrd=\EFI\proxmox\...
 * (i915-sriov-dkms#324's command line). A Proxmox host keeps
 * /etc/default/grub and grub.cfg either way; they must not win.
 */
static void proxmox_efi_initrd_on_the_command_line_is_proxmox_boot_tool(void **state)
{
	struct host_distro d;
	char cmd[512];

	(void)state;
	put_file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
	put_file("/usr/bin/pveversion", "");
	put_file("/etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n");
	put_file("/boot/grub/grub.cfg", "");
	put_file("/etc/kernel/cmdline", "root=ZFS=rpool/ROOT/pve-1 boot=zfs\n");
	put_file("/proc/cmdline", "initrd=\\EFI\\proxmox\\6.8.12-11-pve\\initrd.img-6.8.12-11-pve "
				  "root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on\n");
	detect(&d);
	assert_int_equal(d.boot, HOST_BOOT_PROXMOX);
	assert_string_equal(d.cmdline_file, "/etc/kernel/cmdline");
	assert_int_equal(host_distro_cmdline_add(&d, "i915.max_vfs=7", cmd, sizeof(cmd)), 0);
	assert_string_equal(cmd, "sed -i '1s/$/ i915.max_vfs=7/' /etc/kernel/cmdline && "
				 "proxmox-boot-tool refresh && reboot");
}

/*
 * This machine's own dpkg database read against dpkg-query: the files are
 * there in every state but not-installed, config-files and half-installed.
 * Each lookup reads the whole database, so every package in another state
 * than installed is checked, and one installed package in 32;
 * names dpkg qualifies with an architecture (Multi-Arch: same, one
 * paragraph per architecture) are left out, one answer cannot hold for all.
 */
static void dpkg_status_as_dpkg_query_reads_it(void **state)
{
	char *status = NULL, line[512];
	size_t n = 0, checked = 0, installed = 0;
	FILE *q;

	(void)state;
	if (host_read("/", "/var/lib/dpkg/status", &status, NULL) ||
	    system("command -v dpkg-query >/dev/null 2>&1")) {
		free(status);
		print_message("skip: no dpkg database or dpkg-query on this machine\n");
		skip();
		return;
	}
	q = popen("dpkg-query -W -f '${binary:Package} ${db:Status-Status}\\n'", "r");
	assert_non_null(q);
	while (fgets(line, sizeof(line), q)) {
		char pkg[256], st[64];
		bool files;

		if (sscanf(line, "%255s %63s", pkg, st) != 2 || strchr(pkg, ':'))
			continue;
		n++;
		if (!strcmp(st, "installed") && installed++ % 32)
			continue;
		checked++;
		files = strcmp(st, "not-installed") && strcmp(st, "config-files") &&
			strcmp(st, "half-installed");
		if (host_dpkg_status_has(status, pkg) != files)
			fail_msg("%s: dpkg-query says %s, the reader says %s", pkg, st,
				 files ? "no files" : "files there");
	}
	pclose(q);
	free(status);
	assert_true(n > 0);
	print_message("%zu of this machine's %zu packages checked against dpkg-query\n", checked,
		      n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, make_root, drop_root)
		T(debian_12_boots_grub_with_initramfs_tools),
		T(proxmox_uses_proxmox_boot_tool_and_its_headers),
		T(proxmox_boot_tool_in_grub_mode_edits_default_grub),
		T(proxmox_efi_initrd_on_the_command_line_is_proxmox_boot_tool),
		T(pop_os_uses_kernelstub),
		T(fedora_uses_grubby_dracut_and_group_qemu),
		T(arch_systemd_boot_edits_loader_entries_and_runs_mkinitcpio),
		T(kernel_install_names_the_image_where_the_distribution_keeps_it),
		T(arch_uki_rebuilds_the_image_and_names_flavoured_headers),
		T(debian_after_dracut_replaced_initramfs_tools_runs_dracut),
		T(dpkg_status_outranks_a_stray_command),
		T(dracut_core_beside_initramfs_tools_is_initramfs_tools),
		T(a_leftover_configuration_alone_is_no_tool),
		T(arch_with_dracut_beside_mkinitcpio_is_mkinitcpio),
		T(dpkg_status_states),
		T(dpkg_status_as_dpkg_query_reads_it),
		T(grub_remove_escapes_the_parameter_for_sed),
		T(an_empty_root_gets_commands_in_words),
		T(a_short_buffer_is_enospc),
		T(unattended_install_per_package_manager),
		T(unattended_apt_get_runs),
		T(unattended_install_without_a_manager_is_eopnotsupp),
		T(headers_name_the_release),
		T(boot_release_of_a_tree),
#undef T
	};
	return cmocka_run_group_tests_name("host_distro", tests, NULL, NULL);
}
