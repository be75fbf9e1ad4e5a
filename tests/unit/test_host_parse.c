// SPDX-License-Identifier: MIT
/*
 * The parsers of lib/host: kernel command line, kernel config (plain and
 * /proc/config.gz), kernel log in every format users save it in, and the
 * root-prefixed file helpers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "host/host_cmdline.h"
#include "host/host_fs.h"
#include "host/host_kconfig.h"
#include "host/host_klog.h"
#include "host/host_module.h"
#include "host_fixture.h"

static void test_cmdline(void **state)
{
	static const char text[] = "BOOT_IMAGE=/vmlinuz ro  i915.enable_guc=7 "
				   "acpi_osi=\"Windows 2020\" nohpet\ti915.enable-guc=3 "
				   "module_blacklist=nouveau,xe \"quoted key=a b\" -- init=1 "
				   "i915.max_vfs=9";
	struct host_cmdline c;
	const struct host_cmdline_param *p;

	(void)state;
	assert_int_equal(host_cmdline_parse(text, sizeof(text) - 1, &c), 0);
	assert_int_equal(c.n, 8);
	/* the last one wins, and - equals _ as for the kernel */
	p = host_cmdline_find(&c, "i915.enable_guc");
	assert_non_null(p);
	assert_string_equal(p->value, "3");
	p = host_cmdline_find(&c, "acpi_osi");
	assert_string_equal(p->value, "Windows 2020");
	p = host_cmdline_find(&c, "nohpet");
	assert_null(p->value);
	p = host_cmdline_find(&c, "quoted key");
	assert_string_equal(p->value, "a b");
	/* after "--" the parameters belong to init */
	assert_null(host_cmdline_find(&c, "i915.max_vfs"));
	assert_null(host_cmdline_find(&c, "init"));
	p = host_cmdline_find(&c, "module_blacklist");
	assert_true(host_cmdline_list_has(p->value, "xe"));
	assert_true(host_cmdline_list_has(p->value, "nouveau"));
	assert_false(host_cmdline_list_has(p->value, "x"));
	assert_false(host_cmdline_list_has(NULL, "xe"));
	host_cmdline_free(&c);
	/*
	 * List items are names compared whole and exactly: the kernel's
	 * blacklisted() and kmod's module_is_blacklisted() compare with the
	 * module's name ('_' only, never normalised back), initcall_blacklist
	 * with the function's; only the parameter's own name takes '-' for '_'.
	 */
	assert_int_equal(
		host_cmdline_parse("module-blacklist=vfio-pci initcall_blacklist=i915-init "
				   "modprobe.blacklist=snd-hda-intel",
				   87, &c),
		0);
	assert_false(host_cmdline_list_has(host_cmdline_find(&c, "module_blacklist")->value,
					   "vfio_pci"));
	assert_true(host_cmdline_list_has(host_cmdline_find(&c, "module_blacklist")->value,
					  "vfio-pci"));
	assert_false(host_cmdline_list_has(host_cmdline_find(&c, "initcall_blacklist")->value,
					   "i915_init"));
	assert_null(host_cmdline_blacklists(&c, "vfio_pci"));
	assert_null(host_cmdline_blacklists(&c, "snd_hda_intel"));
	assert_null(host_cmdline_initcall_blacklisted(&c, "i915_init"));
	host_cmdline_free(&c);
	{
		char buf[16];

		assert_int_equal(host_cmdline_list_without("a,i915_init,b,i915_init", "i915_init",
							   buf, sizeof(buf)),
				 0);
		assert_string_equal(buf, "a,b");
		assert_int_equal(host_cmdline_list_without("i915_init", "i915_init", buf, 16), 0);
		assert_string_equal(buf, "");
		assert_int_equal(host_cmdline_list_without("sysfb_init,x", "i915_init", buf, 4),
				 -ENOSPC);
	}

	assert_int_equal(host_cmdline_parse("", 0, &c), 0);
	assert_int_equal(c.n, 0);
	host_cmdline_free(&c);
	/* not NUL-terminated: the length is the limit */
	assert_int_equal(host_cmdline_parse("a=1 b=2", 3, &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.p[0].value, "1");
	host_cmdline_free(&c);
}

/*
 * What the kernel keeps (next_arg() in kernel/params.c, intel_iommu_setup()
 * in drivers/iommu/intel/iommu.c): quotes are removed only where they open
 * the word or its value (with the word's closing one), 0xa0 separates
 * words as isspace() says, a quoted "--" ends the kernel's part too, and
 * intel_iommu's last on/off token of all its words decides.
 */
static void test_cmdline_as_the_kernel_keeps_it(void **state)
{
	static const char text[] = "a=x\"y z\"w \"b=1 2\" c=\"3 4\" d\xa0"
				   "e=5 intel_iommu=on intel_iommu=igfx_off f=\"\" \"--\" g=1";
	struct host_cmdline c;

	(void)state;
	assert_int_equal(host_cmdline_parse(text, sizeof(text) - 1, &c), 0);
	assert_int_equal(c.n, 8);
	assert_string_equal(host_cmdline_find(&c, "a")->value, "x\"y z\"w");
	assert_string_equal(host_cmdline_find(&c, "b")->value, "1 2");
	assert_string_equal(host_cmdline_find(&c, "c")->value, "3 4");
	assert_null(host_cmdline_find(&c, "d")->value);
	assert_string_equal(host_cmdline_find(&c, "e")->value, "5");
	assert_string_equal(host_cmdline_find(&c, "f")->value, "");
	assert_null(host_cmdline_find(&c, "g"));
	/* the last word is igfx_off, but the IOMMU stays on */
	assert_string_equal(host_cmdline_find(&c, "intel_iommu")->value, "igfx_off");
	assert_int_equal(host_cmdline_intel_iommu(&c), 1);
	host_cmdline_free(&c);
	assert_int_equal(host_cmdline_parse("intel_iommu=on,igfx_off intel-iommu=off", 39, &c), 0);
	assert_int_equal(host_cmdline_intel_iommu(&c), 0);
	host_cmdline_free(&c);
	assert_int_equal(host_cmdline_parse("intel_iommu=off,on quiet", 24, &c), 0);
	assert_int_equal(host_cmdline_intel_iommu(&c), 1);
	host_cmdline_free(&c);
	assert_int_equal(host_cmdline_parse("iommu=pt", 8, &c), 0);
	assert_int_equal(host_cmdline_intel_iommu(&c), -1);
	host_cmdline_free(&c);
}

/*
 * The readers of parameter values, each as the kernel reads it:
 * kstrtoint(base 0) for module ints (kernel/params.c param_set_int),
 * iommu= a comma list (arch/x86/kernel/pci-dma.c iommu_setup),
 * iommu.passthrough a kstrtobool (drivers/iommu/iommu.c), intel_iommu's
 * igfx_off a prefix token (drivers/iommu/intel/iommu.c intel_iommu_setup).
 */
static void test_cmdline_values(void **state)
{
	static const struct {
		const char *v;
		int ret, n;
	} ints[] = {
		{ "3", 0, 3 },
		{ "0x3", 0, 3 },
		{ "0X3", 0, 3 },
		{ "03", 0, 3 },
		{ "010", 0, 8 },
		{ "+7", 0, 7 },
		{ "-1", 0, -1 },
		{ "7\n", 0, 7 },
		{ "0", 0, 0 },
		{ "0x", -EINVAL, 0 },
		{ "08", -EINVAL, 0 },
		{ "3x", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ "- 1", -EINVAL, 0 },
		{ "2147483647", 0, 2147483647 },
		{ "2147483648", -ERANGE, 0 },
		{ "-2147483648", 0, -2147483647 - 1 },
	};
	static const struct {
		const char *line;
		int pt;
		const char *by;
	} pts[] = {
		{ "iommu=pt", 1, "iommu" },
		{ "iommu=pt,nomerge", 1, "iommu" },
		{ "iommu=nomerge,pt", 1, "iommu" },
		{ "iommu.passthrough=1", 1, "iommu.passthrough" },
		{ "iommu.passthrough=on", 1, "iommu.passthrough" },
		{ "iommu=pt iommu.passthrough=0", 0, "iommu.passthrough" },
		{ "iommu.passthrough=1 iommu=nopt", 0, "iommu" },
		{ "iommu=usedac,pt", -1, NULL },
		{ "iommu=nomerge iommu.passthrough=x", -1, NULL },
		{ "quiet", -1, NULL },
	};
	const struct host_cmdline_param *by;
	struct host_cmdline c;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		n = 0;
		if (host_cmdline_int(ints[i].v, &n) != ints[i].ret ||
		    (!ints[i].ret && n != ints[i].n))
			fail_msg("\"%s\": %d (%d)", ints[i].v, host_cmdline_int(ints[i].v, &n), n);
	}
	assert_int_equal(host_cmdline_int(NULL, &n), -EINVAL);
	for (i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		assert_int_equal(host_cmdline_parse(pts[i].line, strlen(pts[i].line), &c), 0);
		if (host_cmdline_iommu_pt(&c, &by) != pts[i].pt ||
		    (pts[i].by ? !by || strcmp(by->key, pts[i].by) : by != NULL))
			fail_msg("\"%s\": %d", pts[i].line, host_cmdline_iommu_pt(&c, NULL));
		host_cmdline_free(&c);
	}
	assert_int_equal(host_cmdline_parse("intel_iommu=on,igfx_off intel_iommu=on", 38, &c), 0);
	assert_non_null(host_cmdline_igfx_off(&c));
	assert_string_equal(host_cmdline_igfx_off(&c)->value, "on,igfx_off");
	host_cmdline_free(&c);
	assert_int_equal(host_cmdline_parse("intel_iommu=on,sm_on igfx_off=1", 31, &c), 0);
	assert_null(host_cmdline_igfx_off(&c));
	host_cmdline_free(&c);
}

static void test_kconfig(void **state)
{
	static const char text[] = "# comment\n"
				   "CONFIG_SYSFS=y\r\n"
				   "CONFIG_DRM_I915_PXP=y\n"
				   "# CONFIG_INTEL_MEI_PXP is not set\n"
				   "CONFIG_LOCALVERSION=\"-rpl\"\n"
				   "CONFIG_BAD\n"
				   "CONFIG_=y\n"
				   "# CONFIG_X is not set yet\n"
				   "CONFIG_DRM_I915_PXP=n";
	struct host_kconfig k;
	bool listed;

	(void)state;
	assert_int_equal(host_kconfig_parse(text, sizeof(text) - 1, &k), 0);
	assert_string_equal(host_kconfig_get(&k, "CONFIG_SYSFS", NULL), "y");
	assert_string_equal(host_kconfig_get(&k, "CONFIG_DRM_I915_PXP", NULL), "n");
	assert_null(host_kconfig_get(&k, "CONFIG_INTEL_MEI_PXP", &listed));
	assert_true(listed);
	assert_null(host_kconfig_get(&k, "CONFIG_NOPE", &listed));
	assert_false(listed);
	assert_null(host_kconfig_get(&k, "CONFIG_X", &listed));
	assert_false(listed);
	assert_null(host_kconfig_get(&k, "CONFIG_BAD", &listed));
	assert_false(listed);
	assert_string_equal(host_kconfig_get(&k, "CONFIG_LOCALVERSION", NULL), "\"-rpl\"");
	assert_int_equal(k.n, 4);
	host_kconfig_free(&k);
}

/* /boot/config-<release> first, /proc/config.gz (through zlib) without it. */
static void test_kconfig_load(void **state)
{
	struct host_fixture fx;
	struct host_kconfig k;
	char path[512];
	gzFile gz;

	(void)state;
	assert_int_equal(host_fixture_make("base", &fx), 0);
	assert_int_equal(host_kconfig_load(fx.root, NULL, &k), 0);
	assert_string_equal(k.source, "/boot/config-6.12.48+deb13-amd64");
	assert_string_equal(host_kconfig_get(&k, "CONFIG_INTEL_MEI_PXP", NULL), "m");
	host_kconfig_free(&k);

	snprintf(path, sizeof(path), "%s/boot/config-6.12.48+deb13-amd64", fx.root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(host_kconfig_load(fx.root, NULL, &k), -ENOENT);
	snprintf(path, sizeof(path), "%s/proc/config.gz", fx.root);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	gzputs(gz, "CONFIG_SYSFS=y\n# CONFIG_DRM_I915_PXP is not set\n");
	gzclose(gz);
	assert_int_equal(host_kconfig_load(fx.root, NULL, &k), 0);
	assert_string_equal(k.source, "/proc/config.gz");
	assert_string_equal(host_kconfig_get(&k, "CONFIG_SYSFS", NULL), "y");
	assert_null(host_kconfig_get(&k, "CONFIG_DRM_I915_PXP", NULL));
	host_kconfig_free(&k);
	host_fixture_free(&fx);
}

static void test_klog(void **state)
{
	static const char text[] =
		"6,1204,2310000,-;i915 0000:00:02.0: Running in SR-IOV PF mode\n"
		" SUBSYSTEM=pci\n"
		" DEVICE=+pci:0000:00:02.0\n"
		"3,1205,2310100,c,caller=T1;i915 0000:00:02.0: PF aborted\n"
		"[    2.400000] i915 0000:00:02.0: [drm] GT0: GUC: submission enabled\r\n"
		"<4>[    2.5] i915: unknown parameter 'max_vfs' ignored\n"
		"May 01 10:00:00 rpl kernel: i915 0000:00:02.0: 7 VFs could be associated with this PF\n"
		"\n"
		"plain line\n"
		"[ not a stamp\n"
		"1,2;no\n"
		"6,1,2,-;";
	struct host_klog log;

	(void)state;
	assert_int_equal(host_klog_parse(text, sizeof(text) - 1, &log), 0);
	assert_int_equal(log.n, 8);
	assert_string_equal(log.l[0].text, "i915 0000:00:02.0: Running in SR-IOV PF mode");
	assert_int_equal(log.l[0].level, 6);
	assert_string_equal(log.l[1].text, "i915 0000:00:02.0: PF aborted");
	assert_int_equal(log.l[1].level, 3);
	assert_string_equal(log.l[2].text, "i915 0000:00:02.0: [drm] GT0: GUC: submission enabled");
	assert_int_equal(log.l[2].level, -1);
	assert_string_equal(log.l[3].text, "i915: unknown parameter 'max_vfs' ignored");
	assert_int_equal(log.l[3].level, 4);
	assert_string_equal(log.l[4].text,
			    "i915 0000:00:02.0: 7 VFs could be associated with this PF");
	assert_string_equal(log.l[5].text, "plain line");
	assert_string_equal(log.l[6].text, "[ not a stamp");
	assert_string_equal(log.l[7].text, "1,2;no");
	assert_int_equal(host_klog_find(&log, 0, "PF aborted"), 1);
	assert_int_equal(host_klog_find(&log, 2, "PF aborted"), -1);
	assert_int_equal(host_klog_find2(&log, "i915", "VFs could"), 4);
	host_klog_free(&log);

	/* `dmesg -r` with a facility: <14> is user.info, level 6 (found by fuzz_host_klog) */
	assert_int_equal(host_klog_parse("<14>[  1.0] i915: x\n<8>y\n", 25, &log), 0);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.l[0].level, 6);
	assert_string_equal(log.l[0].text, "i915: x");
	assert_int_equal(log.l[1].level, 0);
	host_klog_free(&log);

	/* `dmesg -T` (a real report's line) and `dmesg -x`: the stamp and the
	 * decoded facility:level go, -x gives the level */
	{
		static const char t[] =
			"[Tue Aug 26 16:02:58 2025] i915 0000:00:02.0: [drm] *ERROR* GT0: GuC "
			"initialization failed -ENXIO\n"
			"kern  :err   : [    1.049554] i915 0000:00:02.0: x\n"
			"kern  :info  : [    1.0] y\n"
			"[Tue Aug 26] not a stamp\n";

		assert_int_equal(host_klog_parse(t, sizeof(t) - 1, &log), 0);
		assert_int_equal(log.n, 4);
		assert_string_equal(log.l[0].text, "i915 0000:00:02.0: [drm] *ERROR* GT0: GuC "
						   "initialization failed -ENXIO");
		assert_int_equal(log.l[0].level, -1);
		assert_string_equal(log.l[1].text, "i915 0000:00:02.0: x");
		assert_int_equal(log.l[1].level, 3);
		assert_int_equal(log.l[2].level, 6);
		assert_string_equal(log.l[3].text, "[Tue Aug 26] not a stamp");
		host_klog_free(&log);
	}

	/* NUL bytes inside a record do not cut it */
	assert_int_equal(host_klog_parse("a\0b\n", 4, &log), 0);
	assert_string_equal(log.l[0].text, "a b");
	host_klog_free(&log);
}

/* Whether the log starts at the boot: a wrapped ring buffer does not. */
static bool klog_from_boot(const char *text)
{
	struct host_klog log;
	bool b;

	assert_int_equal(host_klog_parse(text, strlen(text), &log), 0);
	b = log.from_boot;
	host_klog_free(&log);
	return b;
}

static void test_klog_from_boot(void **state)
{
	(void)state;
	assert_true(klog_from_boot("6,0,0,-;Linux version 6.12.48\n6,1,0,-;Command line: x\n"));
	assert_true(klog_from_boot("[    0.000000] Command line: x\n[    2.1] i915: y\n"));
	/* journalctl -k -b: the banner, whatever the prefix */
	assert_true(klog_from_boot("May 01 10:00:00 pve kernel: Linux version 6.8.12-4-pve\n"));
	/* /dev/kmsg of a long-running host: record 0 overwritten */
	assert_false(klog_from_boot("6,48211,351234000,-;vfio-pci 0000:00:02.1: reset\n"));
	assert_false(klog_from_boot("[351234.567890] vfio-pci 0000:00:02.1: reset\n"));
	assert_false(klog_from_boot("[Tue Aug 26 16:02:58 2025] i915 0000:00:02.0: x\n"));
	assert_false(klog_from_boot("[    0.100000] x\n"));
	assert_false(klog_from_boot(""));
}

static void test_klog_load(void **state)
{
	struct host_fixture fx;
	struct host_klog log;
	char path[512];

	(void)state;
	assert_int_equal(host_fixture_make("base", &fx), 0);
	assert_int_equal(host_klog_load(fx.root, NULL, &log), 0);
	assert_string_equal(log.source, "/dev/kmsg");
	assert_true(host_klog_find(&log, 0, "Running in SR-IOV PF mode") >= 0);
	host_klog_free(&log);
	snprintf(path, sizeof(path), "%s/dmesg-stock.txt", host_fixture_dir());
	assert_int_equal(host_klog_load(fx.root, path, &log), 0);
	assert_string_equal(log.source, path);
	assert_int_equal(host_klog_find(&log, 0, "i915: unknown parameter 'max_vfs' ignored"), 1);
	host_klog_free(&log);
	assert_int_equal(host_klog_load(fx.root, "/nonexistent/dmesg", &log), -ENOENT);
	host_fixture_free(&fx);
}

static void test_fs(void **state)
{
	struct host_fixture fx;
	char buf[64], big[HOST_PATH_MAX + 8];
	uint64_t v;

	(void)state;
	assert_int_equal(host_path("/", "/proc/cmdline", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/proc/cmdline");
	assert_int_equal(host_path(NULL, "/proc/cmdline", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/proc/cmdline");
	assert_int_equal(host_path("/x/", "/sys", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/x/sys");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(host_path(big, "/sys", buf, sizeof(buf)), -ENAMETOOLONG);

	assert_int_equal(host_fixture_make("base", &fx), 0);
	assert_int_equal(host_read_u64(fx.root, "/sys/bus/pci/devices/0000:00:02.0/vendor", &v), 0);
	assert_int_equal(v, 0x8086);
	assert_int_equal(host_read_u64(fx.root, "/proc/cmdline", &v), -EINVAL);
	assert_int_equal(host_read_u64(fx.root, "/nope", &v), -ENOENT);
	assert_int_equal(host_link_name(fx.root, "/sys/bus/pci/devices/0000:00:02.0/driver", buf,
					sizeof(buf)),
			 0);
	assert_string_equal(buf, "i915");
	assert_int_equal(host_link_name(fx.root, "/proc/cmdline", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(host_release(fx.root, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "6.12.48+deb13-amd64");
	/* writes never create files: a missing attribute is a missing feature */
	assert_int_equal(host_write(fx.root, "/sys/bus/pci/devices/0000:00:02.0/nope", "1"),
			 -ENOENT);
	/* modules */
	assert_true(host_module_loaded(fx.root, "vfio-pci"));
	assert_false(host_module_loaded(fx.root, "vfio"));
	assert_int_equal(host_module_file(fx.root, buf, "i915", big, sizeof(big)), 0);
	assert_string_equal(big, "updates/dkms/i915.ko.xz");
	assert_int_equal(host_module_file(fx.root, buf, "kvm_intel", big, sizeof(big)), 0);
	assert_string_equal(big, "kernel/arch/x86/kvm/kvm-intel.ko.xz");
	assert_int_equal(host_module_file(fx.root, buf, "nouveau", big, sizeof(big)), -ENOENT);
	assert_int_equal(host_module_param(fx.root, "i915", "max_vfs", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "7");
	host_fixture_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_cmdline_as_the_kernel_keeps_it),
		cmocka_unit_test(test_cmdline_values),
		cmocka_unit_test(test_kconfig),
		cmocka_unit_test(test_kconfig_load),
		cmocka_unit_test(test_klog),
		cmocka_unit_test(test_klog_from_boot),
		cmocka_unit_test(test_klog_load),
		cmocka_unit_test(test_fs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
