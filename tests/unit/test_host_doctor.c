// SPDX-License-Identifier: MIT
/*
 * The doctor against every fixture tree: each tree must give exactly its
 * findings. For each tree the table lists every finding that is not a
 * pass; all others must pass. The base tree is a healthy host, so any
 * change that breaks a check shows up here as a wrong status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/host_doctor.h"
#include "host_fixture.h"

struct expect {
	const char *id;
	enum host_status status;
};

struct fixture_case {
	const char *name;
	const char *dmesg; /* a file inside the tree, or NULL */
	unsigned int width, height;
	bool unsupported;
	struct expect e[24]; /* non-pass findings, { NULL } ends */
};

#define E(i, s)             \
	{                   \
		i, HOST_##s \
	}

/* driver.drm: the fixture's card node is not a DRM device, so it is skipped. */
static const struct fixture_case cases[] = {
	{ "base", .e = { E("driver.drm", SKIP) } },
	{ "stock-i915",
	  .e = { E("driver.dkms", FAIL), E("driver.module_file", FAIL), E("driver.loaded", FAIL),
		 E("driver.pf_mode", FAIL), E("driver.vfs_possible", FAIL), E("driver.drm", SKIP),
		 E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	{ "no-vtd", .e = { E("iommu.dmar", FAIL), E("iommu.active", FAIL),
			   E("cmdline.intel_iommu", FAIL), E("driver.drm", SKIP) } },
	{ "enable-guc-7",
	  .e = { E("cmdline.enable_guc", FAIL), E("driver.pf_mode", FAIL), E("driver.guc", FAIL),
		 E("driver.vfs_possible", FAIL), E("driver.errors", WARN), E("driver.drm", SKIP),
		 E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	{ "no-guc-firmware",
	  .e = { E("firmware.guc", FAIL), E("driver.pf_mode", FAIL), E("driver.guc", FAIL),
		 E("driver.vfs_possible", FAIL), E("driver.errors", WARN), E("driver.drm", SKIP),
		 E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	/* the log's PF-mode line is the boot's: the PF was taken since */
	{ "pf-vfio",
	  .e = { E("driver.bound", FAIL), E("driver.pf_mode", WARN), E("driver.drm", SKIP),
		 E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	/* vfs.persist depends on bios.mmio: no boot setting makes VFs without BARs */
	{ "no-mmio", .e = { E("bios.mmio", FAIL), E("driver.errors", WARN), E("driver.drm", SKIP),
			    E("vfs.enabled", WARN), E("vfs.persist", SKIP) } },
	{ "kvmfr-mode", .e = { E("driver.drm", SKIP), E("kvmfr.permissions", FAIL) } },
	{ "kvmfr-file", .e = { E("driver.drm", SKIP), E("kvmfr.device", FAIL) } },
	/* no VM uses Looking Glass: the kvmfr findings only warn */
	{ "no-kvmfr", .e = { E("driver.drm", SKIP), E("kvmfr.installed", WARN),
			     E("kvmfr.loaded", WARN), E("kvmfr.size", WARN) } },
	/* a domain has the Looking Glass shmem: the same findings fail */
	{ "no-kvmfr-domain", .e = { E("driver.drm", SKIP), E("kvmfr.installed", FAIL),
				    E("kvmfr.loaded", FAIL), E("kvmfr.size", FAIL) } },
	/* the guide's `modprobe kvmfr static_size_mb=128` by hand (issue 16) */
	{ "kvmfr-by-hand", .e = { E("driver.drm", SKIP), E("kvmfr.size", WARN) } },
	{ "kvmfr-small",
	  .e = { E("driver.drm", SKIP), E("kvmfr.size", FAIL), E("kvmfr.cgroup_acl", FAIL) } },
	/* 32 MiB is too small for 4K: the resolution is an input of the check */
	{ "base", .width = 3840, .height = 2160,
	  .e = { E("driver.drm", SKIP), E("kvmfr.size", FAIL) } },
	{ "xe-bound", .e = { E("cmdline.blacklist_xe", WARN), E("driver.bound", FAIL),
			     E("driver.pf_mode", WARN), E("driver.drm", SKIP),
			     E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	/* VF BAR 0 unassigned: the DKMS i915 drops SR-IOV (sriov_totalvfs 0) */
	{ "vf-bar-unassigned",
	  .e = { E("bios.sriov", FAIL), E("bios.mmio", FAIL), E("driver.pf_mode", FAIL),
		 E("driver.vfs_possible", FAIL), E("driver.drm", SKIP), E("vfs.enabled", WARN),
		 E("vfs.persist", SKIP) } },
	{ "no-sriov-bios", .e = { E("bios.sriov", FAIL), E("driver.drm", SKIP), E("vfs", SKIP) } },
	{ "not-intel", .unsupported = true,
	  .e = { E("platform.cpu", FAIL), E("platform.igpu", FAIL), E("iommu", SKIP),
		 E("bios", SKIP), E("cmdline", SKIP), E("kconfig", SKIP), E("firmware", SKIP),
		 E("driver", SKIP), E("vfs", SKIP), E("kvmfr", SKIP) } },
	{ "vf-in-use", .e = { E("driver.drm", SKIP), E("vfs.persist", WARN) } },
	/* the PF shares group 2 with the host bridge */
	{ "iommu-shared", .e = { E("iommu.groups", FAIL), E("driver.drm", SKIP) } },
	{ "vf-no-autoprobe", .e = { E("driver.drm", SKIP), E("vfs.drivers", WARN) } },
	{ "max-vfs-2",
	  .e = { E("driver.drm", SKIP), E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	/* i915's init refuses under nomodeset: the cause before its effects */
	{ "nomodeset",
	  .e = { E("cmdline.nomodeset", FAIL), E("driver.loaded", FAIL), E("driver.bound", FAIL),
		 E("driver.pf_mode", FAIL), E("driver.guc", FAIL), E("driver.vfs_possible", FAIL),
		 E("driver.drm", SKIP), E("vfs.enabled", WARN), E("vfs.persist", WARN) } },
	/* --dmesg: a saved `dmesg` (time stamps) replaces /dev/kmsg */
	{ "base", .dmesg = "dmesg-stock.txt",
	  .e = { E("driver.loaded", FAIL), E("driver.pf_mode", FAIL),
		 E("driver.vfs_possible", FAIL), E("driver.drm", SKIP) } },
};

static void run_case(void **state)
{
	const struct fixture_case *c = *state;
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char dmesg[512];
	size_t i, j;

	assert_int_equal(host_fixture_make(c->name, &fx), 0);
	if (!fx.nodes) {
		host_fixture_free(&fx);
		print_message("the fixture's device nodes need root (mknod, CAP_MKNOD)\n");
		skip();
	}
	o.root = fx.root;
	o.width = c->width;
	o.height = c->height;
	if (c->dmesg) {
		snprintf(dmesg, sizeof(dmesg), "%s/%s", host_fixture_dir(), c->dmesg);
		o.dmesg = dmesg;
	}
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_int_equal(r.unsupported, c->unsupported);
	for (i = 0; c->e[i].id; i++) {
		const struct host_finding *f = host_report_get(&r, c->e[i].id);

		if (!f)
			fail_msg("%s: no finding %s", c->name, c->e[i].id);
		if (f->status != c->e[i].status)
			fail_msg("%s: %s is %s, expected %s: %s", c->name, f->id,
				 host_status_name(f->status), host_status_name(c->e[i].status),
				 f->message);
		/* A failure must come with its evidence and, unless skipped, a fix. */
		assert_true(f->evidence[0] || f->status == HOST_SKIP);
		if (f->status == HOST_FAIL && strncmp(f->id, "platform.", 9))
			assert_true(f->hint[0]);
	}
	for (j = 0; j < r.n; j++) {
		bool listed = false;

		for (i = 0; c->e[i].id; i++)
			listed |= !strcmp(c->e[i].id, r.f[j].id);
		if (!listed && r.f[j].status != HOST_PASS)
			fail_msg("%s: unexpected %s %s: %s | %s", c->name,
				 host_status_name(r.f[j].status), r.f[j].id, r.f[j].message,
				 r.f[j].evidence);
	}
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* Every check runs on the healthy tree, so a lost check is noticed too. */
static void test_all_groups_present(void **state)
{
	static const char *const ids[] = {
		"platform.cpu",
		"platform.igpu",
		"iommu.vmx",
		"iommu.kvm",
		"iommu.dmar",
		"iommu.active",
		"iommu.groups",
		"bios.sriov",
		"bios.mmio",
		"cmdline.intel_iommu",
		"cmdline.enable_guc",
		"cmdline.max_vfs",
		"cmdline.blacklist_xe",
		"cmdline.optional",
		"kconfig.SYSFS",
		"kconfig.DRM_I915_PXP",
		"kconfig.INTEL_MEI_PXP",
		"firmware.guc",
		"firmware.huc",
		"firmware.dmc",
		"driver.dkms",
		"driver.module_file",
		"driver.loaded",
		"driver.bound",
		"driver.pf_mode",
		"driver.guc",
		"driver.vfs_possible",
		"driver.errors",
		"driver.drm",
		"vfs.enabled",
		"vfs.drivers",
		"vfs.persist",
		"kvmfr.installed",
		"kvmfr.loaded",
		"kvmfr.size",
		"kvmfr.device",
		"kvmfr.permissions",
		"kvmfr.cgroup_acl",
	};
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	size_t i;

	(void)state;
	assert_int_equal(host_fixture_make("base", &fx), 0);
	if (!fx.nodes) {
		host_fixture_free(&fx);
		print_message("the fixture's device nodes need root (mknod, CAP_MKNOD)\n");
		skip();
	}
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!host_report_get(&r, ids[i]))
			fail_msg("no finding %s", ids[i]);
	/* The guide's lspci name comes from libpci and the tree's pci.ids. */
	assert_non_null(strstr(host_report_get(&r, "platform.igpu")->message,
			       "VGA compatible controller: Intel Corporation Raptor Lake-S GT1 "
			       "[UHD Graphics 770] (rev 04)"));
	assert_non_null(strstr(host_report_get(&r, "firmware.guc")->evidence,
			       "GuC firmware i915/tgl_guc_70.bin version 70.29.2"));
	assert_non_null(strstr(host_report_get(&r, "iommu.groups")->evidence, "VF7 0000:00:02.7: "
									      "group 21"));
	host_report_free(&r);
	host_fixture_free(&fx);
}

/*
 * nomodeset: the cause is named where the user looks first (driver.loaded)
 * and fixed on the command line; with the guide's i915.modeset=1 i915
 * still loads, so it only warns; a later "modeset" undoes it.
 */
static void put_cmdline(const struct host_fixture *fx, const char *text)
{
	char path[512];
	FILE *out;

	snprintf(path, sizeof(path), "%s/proc/cmdline", fx->root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs(text, out);
	fclose(out);
}

/* The doctor on @fx with @text as its command line. */
static void run_cmdline(const struct host_fixture *fx, const char *text, struct host_report *r)
{
	struct host_doctor_opts o = { .root = fx->root };

	put_cmdline(fx, text);
	memset(r, 0, sizeof(*r));
	assert_int_equal(host_doctor_run(&o, r), 0);
}

static void test_nomodeset(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	const struct host_finding *f;

	(void)state;
	/* the tree's own command line: nomodeset, no i915.modeset */
	assert_int_equal(host_fixture_make("nomodeset", &fx), 0);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	f = host_report_get(&r, "cmdline.nomodeset");
	assert_string_equal(f->hint, "sed -i 's/ *\\bnomodeset\\b//' /etc/default/grub "
				     "&& update-grub && reboot");
	assert_non_null(strstr(f->evidence, "Booted with the nomodeset parameter"));
	f = host_report_get(&r, "driver.loaded");
	assert_non_null(strstr(f->message, "nomodeset"));
	assert_non_null(strstr(f->hint, "cmdline.nomodeset"));
	host_report_free(&r);

	/* the base tree's command line (i915.modeset=1) with nomodeset */
	run_cmdline(&fx,
		    "BOOT_IMAGE=/boot/vmlinuz root=UUID=0f2c ro nomodeset intel_iommu=on "
		    "i915.modeset=1 i915.enable_guc=3 i915.max_vfs=7\n",
		    &r);
	assert_int_equal(host_report_get(&r, "cmdline.nomodeset")->status, HOST_WARN);
	assert_null(strstr(host_report_get(&r, "driver.loaded")->message, "nomodeset"));
	host_report_free(&r);
	run_cmdline(&fx,
		    "BOOT_IMAGE=/boot/vmlinuz ro nomodeset intel_iommu=on modeset "
		    "i915.enable_guc=3 i915.max_vfs=7\n",
		    &r);
	assert_null(host_report_get(&r, "cmdline.nomodeset"));
	host_report_free(&r);
	host_fixture_free(&fx);
}

/*
 * initcall_blacklist naming i915_init: the kernel refuses to run it
 * (measured with Debian's 6.1 and a module of its own, see
 * host_cmdline_initcall_blacklisted()); the fix takes the one item out.
 */
static void test_initcall_blacklist(void **state)
{
	struct host_report r;
	struct host_fixture fx;
	const struct host_finding *f;

	(void)state;
	/* the nomodeset tree's i915, not loaded, without nomodeset */
	assert_int_equal(host_fixture_make("nomodeset", &fx), 0);
	run_cmdline(&fx,
		    "BOOT_IMAGE=/boot/vmlinuz ro intel_iommu=on "
		    "initcall_blacklist=sysfb_init,i915_init i915.enable_guc=3 i915.max_vfs=7\n",
		    &r);
	f = host_report_get(&r, "cmdline.initcall_blacklist");
	assert_int_equal(f->status, HOST_FAIL);
	assert_string_equal(f->hint, "sed -i "
				     "'s/\\binitcall_blacklist=sysfb_init,i915_init\\b/"
				     "initcall_blacklist=sysfb_init/' /etc/default/grub && "
				     "update-grub && reboot");
	assert_non_null(strstr(host_report_get(&r, "driver.loaded")->message, "i915_init"));
	host_report_free(&r);
	/* a word of its own: the whole word goes */
	run_cmdline(&fx,
		    "BOOT_IMAGE=/boot/vmlinuz ro intel_iommu=on initcall_blacklist=sysfb_init "
		    "initcall_blacklist=i915_init i915.enable_guc=3 i915.max_vfs=7\n",
		    &r);
	assert_string_equal(host_report_get(&r, "cmdline.initcall_blacklist")->hint,
			    "sed -i 's/ *\\binitcall_blacklist=i915_init\\b//' /etc/default/grub "
			    "&& update-grub && reboot");
	host_report_free(&r);
	/* not the function's name: nothing is blacklisted */
	run_cmdline(&fx,
		    "BOOT_IMAGE=/boot/vmlinuz ro intel_iommu=on "
		    "initcall_blacklist=i915-init,init_module i915.enable_guc=3 i915.max_vfs=7\n",
		    &r);
	assert_null(host_report_get(&r, "cmdline.initcall_blacklist"));
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* The hints are the exact commands: spot-check the ones users paste. */
static void test_hints_exact(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;

	(void)state;
	assert_int_equal(host_fixture_make("enable-guc-7", &fx), 0);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_string_equal(
		host_report_get(&r, "cmdline.enable_guc")->hint,
		"sed -i 's/\\bi915\\.enable_guc=7\\b/i915.enable_guc=3/' /etc/default/grub "
		"&& update-grub && reboot");
	assert_non_null(
		strstr(host_report_get(&r, "cmdline.enable_guc")->message, "undocumented flag"));
	host_report_free(&r);
	host_fixture_free(&fx);

	assert_int_equal(host_fixture_make("no-vtd", &fx), 0);
	memset(&r, 0, sizeof(r));
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_string_equal(host_report_get(&r, "cmdline.intel_iommu")->hint,
			    "sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT=\"/&intel_iommu=on /' "
			    "/etc/default/grub && update-grub && reboot");
	assert_non_null(strstr(host_report_get(&r, "iommu.dmar")->hint, "VT-d = Enabled"));
	host_report_free(&r);
	host_fixture_free(&fx);

	/* unbound VFs under sriov_drivers_autoprobe 0: the PF's setting is named */
	assert_int_equal(host_fixture_make("vf-no-autoprobe", &fx), 0);
	memset(&r, 0, sizeof(r));
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_non_null(strstr(host_report_get(&r, "vfs.drivers")->message, "5 VFs are bound to no "
									    "driver"));
	assert_non_null(
		strstr(host_report_get(&r, "vfs.drivers")->evidence, "sriov_drivers_autoprobe: 0"));
	assert_non_null(
		strstr(host_report_get(&r, "vfs.drivers")->hint,
		       "echo 1 > /sys/bus/pci/devices/0000:00:02.0/sriov_drivers_autoprobe"));
	host_report_free(&r);
	host_fixture_free(&fx);

	assert_int_equal(host_fixture_make("kvmfr-small", &fx), 0);
	memset(&r, 0, sizeof(r));
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_string_equal(host_report_get(&r, "kvmfr.size")->hint,
			    "sed -i 's/static_size_mb=[0-9]*/static_size_mb=32/' "
			    "/etc/modprobe.d/kvmfr.conf && modprobe -r kvmfr && modprobe kvmfr");
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* kvmfr's hints: the udev rule names the group and says to join it; the
 * by-hand load is told how to persist (issue 16). */
static void test_kvmfr_hints(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	const struct host_finding *f;

	(void)state;
	assert_int_equal(host_fixture_make("kvmfr-mode", &fx), 0);
	if (!fx.nodes) {
		host_fixture_free(&fx);
		print_message("the fixture's device nodes need root (mknod, CAP_MKNOD)\n");
		skip();
	}
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	f = host_report_get(&r, "kvmfr.permissions");
	assert_non_null(strstr(f->hint, "GROUP=\"libvirt-qemu\", MODE=\"0660\""));
	assert_non_null(strstr(f->hint, "usermod -aG libvirt-qemu \"$USER\""));
	host_report_free(&r);
	host_fixture_free(&fx);

	assert_int_equal(host_fixture_make("kvmfr-by-hand", &fx), 0);
	memset(&r, 0, sizeof(r));
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	f = host_report_get(&r, "kvmfr.size");
	assert_int_equal(f->status, HOST_WARN);
	assert_non_null(strstr(f->hint, "echo 'options kvmfr static_size_mb=32' > "
					"/etc/modprobe.d/kvmfr.conf"));
	assert_int_equal(host_report_get(&r, "kvmfr.device")->status, HOST_PASS);
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* The doctor never writes: names, types, sizes, times and modes are unchanged. */
static void test_doctor_never_writes(void **state)
{
	static const char snap[] =
		"cd '%s' && find . -printf '%%p %%y %%s %%T@ %%m\\n' | sort > '%s.%s'";
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char cmd[2048];

	(void)state;
	assert_int_equal(host_fixture_make("base", &fx), 0);
	snprintf(cmd, sizeof(cmd), snap, fx.root, fx.root, "before");
	assert_int_equal(system(cmd), 0);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_true(r.n > 30);
	snprintf(cmd, sizeof(cmd), snap, fx.root, fx.root, "after");
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "cmp '%s.before' '%s.after' && rm '%s.before' '%s.after'",
		 fx.root, fx.root, fx.root, fx.root);
	assert_int_equal(system(cmd), 0);
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* A blob on disk that the driver refused: bad (reinstall it) or absent from
 * the initramfs it loaded from (-2: rebuild the initramfs). */
static void dmc_case(const char *log, const char *want, const char *unwanted)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	const struct host_finding *f;
	char path[512];
	FILE *out;

	assert_int_equal(host_fixture_make("base", &fx), 0);
	snprintf(path, sizeof(path), "%s/dmesg-dmc.txt", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs(log, out);
	fclose(out);
	o.root = fx.root;
	o.dmesg = path;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	f = host_report_get(&r, "firmware.dmc");
	assert_non_null(f);
	assert_int_equal(f->status, HOST_WARN);
	if (!strstr(f->hint, want))
		fail_msg("firmware.dmc's hint lacks \"%s\": %s", want, f->hint);
	if (unwanted && strstr(f->hint, unwanted))
		fail_msg("firmware.dmc's hint has \"%s\": %s", unwanted, f->hint);
	host_report_free(&r);
	host_fixture_free(&fx);
}

static void test_firmware_rejected(void **state)
{
	(void)state;
	dmc_case("i915 0000:00:02.0: [drm] *ERROR* DMC firmware has wrong CSS header length "
		 "(1097158924 bytes)\n"
		 "i915 0000:00:02.0: [drm] Failed to load DMC firmware i915/adls_dmc_ver2_01.bin. "
		 "Disabling runtime power management.\n",
		 "apt install --reinstall $(dpkg -S /lib/firmware/i915/adls_dmc_ver2_01.bin | "
		 "cut -d: -f1) && update-initramfs -u -k all && reboot",
		 NULL);
	dmc_case("i915 0000:00:02.0: Direct firmware load for i915/adls_dmc_ver2_01.bin failed "
		 "with error -2\n"
		 "i915 0000:00:02.0: [drm] Failed to load DMC firmware i915/adls_dmc_ver2_01.bin. "
		 "Disabling runtime power management.\n",
		 "update-initramfs -u -k all && reboot", "--reinstall");
}

/* One command line over the base tree (xe is installed there): the status
 * of cmdline.blacklist_xe. */
static enum host_status blacklist_xe_under(const char *cmdline)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	enum host_status st;
	char path[512];
	FILE *out;

	assert_int_equal(host_fixture_make("base", &fx), 0);
	snprintf(path, sizeof(path), "%s/proc/cmdline", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out,
		"BOOT_IMAGE=/boot/vmlinuz-6.12.48+deb13-amd64 root=UUID=0f2c ro "
		"intel_iommu=on i915.enable_guc=3 i915.max_vfs=7 %s\n",
		cmdline);
	fclose(out);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_non_null(host_report_get(&r, "cmdline.blacklist_xe"));
	st = host_report_get(&r, "cmdline.blacklist_xe")->status;
	host_report_free(&r);
	host_fixture_free(&fx);
	return st;
}

/* Two blacklists with two rules: the kernel's module_blacklist= is one
 * charp parameter (the last occurrence is its value), while kmod adds the
 * names of every modprobe.blacklist= to its list (libkmod-config.c's
 * kcmdline_parse_result()), which udev's module autoload honours. */
static void test_blacklist_occurrences(void **state)
{
	(void)state;
	assert_int_equal(blacklist_xe_under("module_blacklist=xe"), HOST_PASS);
	assert_int_equal(blacklist_xe_under("modprobe.blacklist=xe"), HOST_PASS);
	assert_int_equal(blacklist_xe_under("modprobe.blacklist=xe modprobe.blacklist=nouveau"),
			 HOST_PASS);
	assert_int_equal(blacklist_xe_under("modprobe.blacklist=nouveau,xe "
					    "modprobe.blacklist=snd_hda_intel"),
			 HOST_PASS);
	assert_int_equal(blacklist_xe_under("module_blacklist=xe module_blacklist=nouveau"),
			 HOST_WARN);
	/* kmod matches "modprobe" and "blacklist=" as written */
	assert_int_equal(blacklist_xe_under("modprobe.black-list=xe"), HOST_WARN);
}

/* The report's finding @id holds @text in its message or hint. */
static void has_text(const struct host_report *r, const char *id, const char *text, bool want)
{
	const struct host_finding *f = host_report_get(r, id);
	bool in;

	assert_non_null(f);
	in = strstr(f->message, text) || strstr(f->hint, text) || strstr(f->evidence, text);
	if (in != want)
		fail_msg("%s %s \"%s\": %s | %s | %s", id, want ? "lacks" : "has", text, f->message,
			 f->evidence, f->hint);
}

/*
 * sriov_totalvfs 0 under the DKMS i915 has two causes (pf_verify_readiness):
 * max_vfs=0 (its default), or VF BAR 0 with no address. The PCI core's
 * lines tell the second; without them, a max_vfs above 0 does.
 */
static void test_zero_vfs_causes(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[512];
	FILE *out;

	(void)state;
	assert_int_equal(host_fixture_make("vf-bar-unassigned", &fx), 0);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	has_text(&r, "bios.sriov", "max_vfs=0", false);
	has_text(&r, "bios.sriov", "VF BAR", true);
	has_text(&r, "bios.mmio", "VF BAR 0 [mem size 0x07000000 64bit]: failed to assign", true);
	has_text(&r, "bios.mmio", "Above 4G Decoding = Enabled", true);
	has_text(&r, "driver.pf_mode", "see bios.mmio", true);
	has_text(&r, "vfs.enabled", "see bios.mmio", true);
	/* 0 VFs offered is the cause, not a setting asking for too many */
	has_text(&r, "vfs.enabled", "vfctl vfs enable 7", true);
	/* no BARs: the boot setting is not judged, it waits for bios.mmio */
	has_text(&r, "vfs.persist", "Depends on bios.mmio", true);
	has_text(&r, "vfs.persist", "more VFs than the PF offers", false);
	host_report_free(&r);

	/* a saved log without the PCI core's lines: max_vfs=7 still rules out max_vfs */
	snprintf(path, sizeof(path), "%s/dmesg-cut.txt", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs("[    2.310100] i915 0000:00:02.0: [drm] VT-d active for gfx access\n", out);
	fclose(out);
	memset(&r, 0, sizeof(r));
	o.dmesg = path;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_int_equal(host_report_get(&r, "bios.sriov")->status, HOST_FAIL);
	has_text(&r, "bios.sriov", "parameters/max_vfs: 7", true);
	has_text(&r, "bios.sriov", "VF BAR", true);
	has_text(&r, "bios.sriov", "Above 4G Decoding = Enabled", true);
	host_report_free(&r);

	/* max_vfs=0 read back from the module: that is the cause, BARs or not */
	snprintf(path, sizeof(path), "%s/sys/module/i915/parameters/max_vfs", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs("0\n", out);
	fclose(out);
	memset(&r, 0, sizeof(r));
	o.dmesg = NULL;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	has_text(&r, "bios.sriov", "max_vfs=0", true);
	has_text(&r, "bios.sriov", "i915.max_vfs=7", true);
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* vfio-pci.ids= on the command line holds the PF as modprobe.d's ids= does:
 * the hint drops the iGPU's ID and keeps the others (or the parameter). */
static void vfio_ids_case(const char *ids, const char *want)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[512];
	FILE *out;

	assert_int_equal(host_fixture_make("real/327-pve-mtl-vfio-conf-claims-pf", &fx), 0);
	snprintf(path, sizeof(path), "%s/etc/modprobe.d/vfio.conf", fx.root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/proc/cmdline", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out,
		"BOOT_IMAGE=/boot/vmlinuz-6.14.8-2-bpo12-pve root=/dev/mapper/pve-root ro "
		"intel_iommu=on i915.enable_guc=3 i915.max_vfs=7 vfio-pci.ids=%s\n",
		ids);
	fclose(out);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_int_equal(host_report_get(&r, "driver.bound")->status, HOST_FAIL);
	has_text(&r, "driver.bound", "vfio-pci takes the PF", true);
	has_text(&r, "driver.bound", want, true);
	host_report_free(&r);
	host_fixture_free(&fx);
}

static void test_vfio_ids_on_cmdline(void **state)
{
	(void)state;
	vfio_ids_case(
		"8086:7d1d,8086:7D55:8086:2212",
		"s/\\bvfio-pci\\.ids=8086:7d1d,8086:7D55:8086:2212\\b/vfio-pci.ids=8086:7d1d/");
	vfio_ids_case("8086:7d55",
		      "sed -i 's/ *\\bvfio-pci\\.ids=8086:7d55\\b//' /etc/default/grub");
}

/* the hint edits the parameter as written: vfio_pci.ids is the same one */
static void test_vfio_ids_as_written(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[512];
	FILE *out;

	(void)state;
	assert_int_equal(host_fixture_make("real/327-pve-mtl-vfio-conf-claims-pf", &fx), 0);
	snprintf(path, sizeof(path), "%s/etc/modprobe.d/vfio.conf", fx.root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/proc/cmdline", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs("BOOT_IMAGE=/boot/vmlinuz-6.14.8-2-bpo12-pve ro intel_iommu=on "
	      "vfio_pci.ids=8086:7d55,8086:7d1d\n",
	      out);
	fclose(out);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	has_text(&r, "driver.bound",
		 "s/\\bvfio_pci\\.ids=8086:7d55,8086:7d1d\\b/vfio_pci.ids=8086:7d1d/", true);
	host_report_free(&r);
	host_fixture_free(&fx);
}

/*
 * A proxmox-boot-tool host is known by its boot (systemd-boot's
 * initrd=\EFI\proxmox\... on the command line, i915-sriov-dkms#324), even
 * where its ESP list is missing and GRUB's files are left: the command line
 * is /etc/kernel/cmdline, applied by proxmox-boot-tool refresh.
 */
static void test_proxmox_boot_tool_hint(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[512];
	FILE *out;

	(void)state;
	assert_int_equal(host_fixture_make("real/324-pve-sdboot-xe-probe-notice", &fx), 0);
	snprintf(path, sizeof(path), "%s/etc/kernel/proxmox-boot-uuids", fx.root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/proc/cmdline", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs("initrd=\\EFI\\proxmox\\6.8.12-11-pve\\initrd.img-6.8.12-11-pve "
	      "root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on i915.enable_guc=7 "
	      "i915.max_vfs=7\n",
	      out);
	fclose(out);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_int_equal(host_report_get(&r, "cmdline.enable_guc")->status, HOST_FAIL);
	assert_string_equal(host_report_get(&r, "cmdline.enable_guc")->hint,
			    "sed -i 's/\\bi915\\.enable_guc=7\\b/i915.enable_guc=3/' "
			    "/etc/kernel/cmdline && proxmox-boot-tool refresh && reboot");
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* modprobe.d's other ways to keep i915 off (real/210 has "install i915
 * /bin/false"): a blacklist line, and an install line that only wraps
 * modprobe (no cause: the plain hint). */
static void kept_off_case(const char *conf, const char *want)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[512];
	FILE *out;

	assert_int_equal(host_fixture_make("real/210-pve82-mtl-install-false", &fx), 0);
	snprintf(path, sizeof(path), "%s/etc/modprobe.d/blacklist-i915.conf", fx.root);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs(conf, out);
	fclose(out);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	assert_int_equal(host_report_get(&r, "driver.loaded")->status, HOST_FAIL);
	has_text(&r, "driver.loaded", want, true);
	host_report_free(&r);
	host_fixture_free(&fx);
}

static void test_modprobe_keeps_driver_off(void **state)
{
	(void)state;
	kept_off_case(
		"blacklist i915\n",
		"remove the line \"blacklist i915\" from /etc/modprobe.d/blacklist-i915.conf");
	kept_off_case("install i915 /sbin/modprobe --ignore-install i915 $CMDLINE_OPTS\n",
		      "modprobe i915 (and check the log");
	/* nothing left in the file: no cause */
	kept_off_case("", "modprobe i915 (and check the log");
}

/* The base host with @cmdline as its command line (and @persist, when not
 * NULL, as the boot setting of sriov_numvfs, "" for none; @numvfs, when not
 * NULL, as sriov_numvfs and sriov_totalvfs: "0 0"). */
static void cmdline_run(const char *cmdline, const char *persist, const char *numvfs,
			struct host_report *r, struct host_fixture *fx)
{
	struct host_doctor_opts o = { 0 };
	char path[512];
	FILE *out;

	assert_int_equal(host_fixture_make("base", fx), 0);
	snprintf(path, sizeof(path), "%s/proc/cmdline", fx->root);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out, "BOOT_IMAGE=/boot/vmlinuz-6.12.48+deb13-amd64 root=UUID=0f2c ro %s\n",
		cmdline);
	fclose(out);
	snprintf(path, sizeof(path), "%s/etc/tmpfiles.d/i915-sriov-numvfs.conf", fx->root);
	if (persist && !*persist)
		assert_int_equal(unlink(path), 0);
	if (persist && *persist) {
		out = fopen(path, "w");
		assert_non_null(out);
		fprintf(out, "w /sys/devices/pci0000:00/0000:00:02.0/sriov_numvfs - - - - %s\n",
			persist);
		fclose(out);
	}
	for (int i = 0; numvfs && i < 2; i++) {
		snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:00:02.0/sriov_%s",
			 fx->root, i ? "totalvfs" : "numvfs");
		out = fopen(path, "w");
		assert_non_null(out);
		fprintf(out, "%c\n", numvfs[i ? 2 : 0]);
		fclose(out);
	}
	o.root = fx->root;
	assert_int_equal(host_doctor_run(&o, r), 0);
}

static enum host_status cmdline_status(const char *cmdline, const char *id)
{
	struct host_report r = { 0 };
	struct host_fixture fx;
	enum host_status s;

	cmdline_run(cmdline, NULL, NULL, &r, &fx);
	assert_non_null(host_report_get(&r, id));
	s = host_report_get(&r, id)->status;
	host_report_free(&r);
	host_fixture_free(&fx);
	return s;
}

/*
 * The parameters as the kernel reads them (drivers/iommu/intel/iommu.c
 * intel_iommu_setup, arch/x86/kernel/pci-dma.c iommu_setup,
 * drivers/iommu/iommu.c iommu.passthrough, kernel/params.c param_set_int):
 * igfx_off leaves the iGPU untranslated whatever else turns the IOMMU on,
 * iommu= is a comma list, iommu.passthrough=1 is iommu=pt, and a module's
 * int parameter takes "0x3" and "03" for 3.
 */
static void test_cmdline_read_as_the_kernel(void **state)
{
	struct host_report r = { 0 };
	struct host_fixture fx;
	const char *base = "intel_iommu=on i915.max_vfs=7 module_blacklist=xe";
	char line[512];

	(void)state;
	cmdline_run("intel_iommu=on,igfx_off i915.enable_guc=3 i915.max_vfs=7 module_blacklist=xe",
		    NULL, NULL, &r, &fx);
	assert_int_equal(host_report_get(&r, "cmdline.intel_iommu")->status, HOST_FAIL);
	has_text(&r, "cmdline.intel_iommu", "igfx_off", true);
	has_text(&r, "cmdline.intel_iommu", "s/\\bintel_iommu=on,igfx_off\\b/intel_iommu=on/",
		 true);
	host_report_free(&r);
	host_fixture_free(&fx);
	/* igfx_off alone: the fix still turns the IOMMU on */
	cmdline_run("intel_iommu=igfx_off i915.enable_guc=3", NULL, NULL, &r, &fx);
	has_text(&r, "cmdline.intel_iommu", "s/\\bintel_iommu=igfx_off\\b/intel_iommu=on/", true);
	host_report_free(&r);
	host_fixture_free(&fx);

	snprintf(line, sizeof(line), "%s i915.enable_guc=0x3", base);
	assert_int_equal(cmdline_status(line, "cmdline.enable_guc"), HOST_PASS);
	snprintf(line, sizeof(line), "%s i915.enable_guc=03", base);
	assert_int_equal(cmdline_status(line, "cmdline.enable_guc"), HOST_PASS);
	snprintf(line, sizeof(line), "%s i915.enable_guc=3x", base);
	assert_int_equal(cmdline_status(line, "cmdline.enable_guc"), HOST_FAIL);
	snprintf(line, sizeof(line), "%s i915.enable_guc=3 i915.modeset=0x0", base);
	assert_int_equal(cmdline_status(line, "cmdline.modeset"), HOST_FAIL);

	cmdline_run("intel_iommu=on iommu.passthrough=1 i915.enable_guc=3", NULL, NULL, &r, &fx);
	has_text(&r, "cmdline.optional", "iommu.passthrough=1: set", true);
	host_report_free(&r);
	host_fixture_free(&fx);
	cmdline_run("intel_iommu=on iommu=pt,nomerge i915.enable_guc=3", NULL, NULL, &r, &fx);
	has_text(&r, "cmdline.optional", "iommu=pt,nomerge: set, passthrough on", true);
	host_report_free(&r);
	host_fixture_free(&fx);
	cmdline_run("intel_iommu=on iommu=pt iommu.passthrough=0 i915.enable_guc=3", NULL, NULL, &r,
		    &fx);
	has_text(&r, "cmdline.optional", "iommu.passthrough=0: passthrough off", true);
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* No VFs now: the hint enables the number the boot asks for, not the 7 the
 * PF offers. */
static void test_vfs_hint_asked_number(void **state)
{
	struct host_report r = { 0 };
	struct host_fixture fx;

	(void)state;
	cmdline_run("intel_iommu=on i915.enable_guc=3 i915.max_vfs=7 module_blacklist=xe", "3",
		    "0 7", &r, &fx);
	has_text(&r, "vfs.enabled", "vfctl vfs enable 3", true);
	host_report_free(&r);
	host_fixture_free(&fx);
	/* no boot setting, none offered yet: max_vfs (read as the kernel reads
	 * it) is the ask */
	cmdline_run("intel_iommu=on i915.enable_guc=3 i915.max_vfs=0x2 module_blacklist=xe", "",
		    "0 0", &r, &fx);
	has_text(&r, "vfs.enabled", "vfctl vfs enable 2", true);
	host_report_free(&r);
	host_fixture_free(&fx);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0]) + 15];
	static char names[sizeof(cases) / sizeof(cases[0])][64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(names[i], sizeof(names[i]), "doctor_%s%s%s", cases[i].name,
			 cases[i].width ? "_4k" : "", cases[i].dmesg ? "_dmesg_file" : "");
		tests[i] = (struct CMUnitTest){ names[i], run_case, NULL, NULL, (void *)&cases[i] };
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_all_groups_present);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_hints_exact);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_nomodeset);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_initcall_blacklist);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_kvmfr_hints);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_doctor_never_writes);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_firmware_rejected);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_blacklist_occurrences);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_zero_vfs_causes);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_vfio_ids_on_cmdline);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_vfio_ids_as_written);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_proxmox_boot_tool_hint);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_modprobe_keeps_driver_off);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_cmdline_read_as_the_kernel);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_vfs_hint_asked_number);
	return _cmocka_run_group_tests("host_doctor", tests, i, NULL, NULL);
}
