// SPDX-License-Identifier: MIT
/*
 * What the doctor may conclude from what it sees: a udev rule is judged by
 * the events its ACTION key lets through (the boot sends the PF only
 * "add" and "bind"); vfs.persist waits for bios.mmio; a kernel log that no
 * longer reaches back to the driver's probe proves nothing by a missing
 * line; VFs made at boot and gone since are not a setting that failed, and
 * the VM that took the PF is named (real/352b and i915-sriov-dkms#106,
 * whose reporter found the iGPU still given to a VM).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "host/host_doctor.h"
#include "host_fixture.h"

static void write_file(const char *root, const char *rel, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* @id has @status and, unless NULL, @text in its message or hint. */
static void expect(const struct host_report *r, const char *id, enum host_status status,
		   const char *text)
{
	const struct host_finding *f = host_report_get(r, id);

	if (!f)
		fail_msg("no finding %s", id);
	if (f->status != status)
		fail_msg("%s is %s, expected %s: %s | %s | %s", id, host_status_name(f->status),
			 host_status_name(status), f->message, f->evidence, f->hint);
	if (text && !strstr(f->message, text) && !strstr(f->hint, text))
		fail_msg("%s lacks \"%s\": %s | %s", id, text, f->message, f->hint);
}

/* The base host (7 VFs now), its tmpfiles line replaced by a udev rule. */
static void udev_case(const char *rule, enum host_status status, const char *text)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[600];

	assert_int_equal(host_fixture_make("base", &fx), 0);
	snprintf(path, sizeof(path), "%s/etc/tmpfiles.d/i915-sriov-numvfs.conf", fx.root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/etc/udev", fx.root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc/udev/rules.d", fx.root);
	mkdir(path, 0755);
	write_file(fx.root, "etc/udev/rules.d/99-i915-vfs.rules", rule);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	expect(&r, "vfs.persist", status, text);
	host_report_free(&r);
	host_fixture_free(&fx);
}

#define RULE(action)                                                              \
	action "SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", DRIVER==\"i915\", " \
	       "ATTR{sriov_numvfs}=\"7\"\n"

static void test_udev_rule_events(void **state)
{
	(void)state;
	/* "bind" alone: missed whenever the initramfs bound i915 (coldplug "add" only) */
	udev_case(RULE("ACTION==\"bind\", "), HOST_WARN, "not on every boot");
	udev_case(RULE("ACTION==\"bind\", "), HOST_WARN, "ACTION==\"add|bind\"");
	udev_case(RULE("ACTION==\"add\", "), HOST_WARN, "runs only on \"add\"");
	/* an action the boot never sends the PF */
	udev_case(RULE("ACTION==\"change\", "), HOST_FAIL, "never applies");
	udev_case(RULE("ACTION==\"change\", "), HOST_FAIL, "neither \"add\" nor \"bind\"");
	udev_case(RULE("ACTION!=\"add|bind\", "), HOST_FAIL, "never applies");
	/* both events, every event, every event but one the boot does not send */
	udev_case(RULE("ACTION==\"add|bind\", "), HOST_PASS, "7 VFs are enabled at boot");
	udev_case(RULE(""), HOST_PASS, NULL);
	udev_case(RULE("ACTION!=\"remove\", "), HOST_PASS, NULL);
}

/*
 * A rule read as systemd-udevd reads it (host_udev.h), not line by line
 * with a string search. The shapes are those of tests/fixtures/udev
 * (README.md there): real.rules 2 (a "==" match of sriov_numvfs before its
 * assignment), 6 (a rule continued on a second line); a comment after a rule is
 * what udev refuses in the reports cited there.
 */
static void test_udev_rule_syntax(void **state)
{
	(void)state;
	/* the match comes first, the assignment after it: on "bind" only */
	udev_case("ACTION==\"bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
		  "DRIVER==\"i915\", ATTR{sriov_numvfs}==\"0\", ATTR{sriov_numvfs}=\"7\"\n",
		  HOST_WARN, "runs only on \"bind\"");
	/* blanks around the operator; ":=" is "=" for ATTR */
	udev_case("ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
		  "DRIVER==\"i915\", ATTR{sriov_numvfs} = \"7\"\n",
		  HOST_PASS, NULL);
	udev_case("ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
		  "DRIVER==\"i915\", ATTR{sriov_numvfs}:=\"7\"\n",
		  HOST_PASS, NULL);
	/* the ACTION key on the line the rule starts on */
	udev_case("ACTION==\"bind\", SUBSYSTEM==\"pci\", DRIVER==\"i915\", \\\n"
		  "    KERNEL==\"0000:00:02.0\", ATTR{sriov_numvfs}=\"7\"\n",
		  HOST_WARN, "runs only on \"bind\"");
	/* a commented-out key inside it: skipped, the rule goes on */
	udev_case("ACTION==\"add\", SUBSYSTEM==\"pci\", \\\n"
		  "#    ACTION==\"bind\", \\\n"
		  "    KERNEL==\"0000:00:02.0\", ATTR{sriov_numvfs}=\"7\"\n",
		  HOST_WARN, "runs only on \"add\"");
	/* a commented-out rule is no rule; the one after it is read */
	udev_case("# ACTION==\"add|bind\", KERNEL==\"0000:00:02.0\", ATTR{sriov_numvfs}=\"7\"\n"
		  "ACTION==\"change\", KERNEL==\"0000:00:02.0\", ATTR{sriov_numvfs}=\"7\"\n",
		  HOST_FAIL, "neither \"add\" nor \"bind\"");
	/* a comment after the pairs: udev drops the whole line */
	udev_case("ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:00:02.0\", "
		  "ATTR{sriov_numvfs}=\"7\" # the iGPU's VFs\n",
		  HOST_FAIL, "udev ignores the rule");
}

/* bios.mmio fails: the boot setting is not judged, whatever it is. */
static void test_persist_waits_for_mmio(void **state)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[600];

	(void)state;
	assert_int_equal(host_fixture_make("no-mmio", &fx), 0);
	o.root = fx.root;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	expect(&r, "bios.mmio", HOST_FAIL, NULL);
	expect(&r, "vfs.persist", HOST_SKIP, "Depends on bios.mmio");
	expect(&r, "vfs.persist", HOST_SKIP, "fix bios.mmio first");
	host_report_free(&r);
	/* no setting at all: still no "vfctl vfs persist" advice */
	snprintf(path, sizeof(path), "%s/etc/tmpfiles.d/i915-sriov-numvfs.conf", fx.root);
	unlink(path);
	memset(&r, 0, sizeof(r));
	assert_int_equal(host_doctor_run(&o, &r), 0);
	expect(&r, "vfs.persist", HOST_SKIP, "Depends on bios.mmio");
	assert_null(strstr(host_report_get(&r, "vfs.persist")->hint, "vfctl vfs persist"));
	host_report_free(&r);
	host_fixture_free(&fx);
}

/* The DKMS i915 without VFs now (nothing vouches for the probe), read through @log. */
static void log_case(const char *log, enum host_status status, const char *text)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char path[600];

	assert_int_equal(host_fixture_make("max-vfs-2", &fx), 0);
	write_file(fx.root, "saved.log", log);
	snprintf(path, sizeof(path), "%s/saved.log", fx.root);
	o.root = fx.root;
	o.dmesg = path;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	expect(&r, "driver.guc", status, text);
	/* cut at its start: the probe's every line may be gone */
	if (status == HOST_SKIP && strcmp(text, "Not in this log")) {
		expect(&r, "driver.pf_mode", HOST_SKIP, "log was cut");
		expect(&r, "driver.vfs_possible", HOST_SKIP, "log was cut");
	}
	host_report_free(&r);
	host_fixture_free(&fx);
}

static void test_cut_log(void **state)
{
	(void)state;
	/* /dev/kmsg of a host up for four days: record 0 and the probe are gone */
	log_case("6,48211,351234000,-;vfio-pci 0000:00:02.1: resetting\n"
		 "6,48212,351234500,-;i915 0000:00:02.0: Disabled 2 VFs\n",
		 HOST_SKIP, "journalctl -k -b");
	log_case("[351234.000000] vfio-pci 0000:00:02.1: resetting\n"
		 "[351234.500000] i915 0000:00:02.0: Disabled 2 VFs\n",
		 HOST_SKIP, "log was cut");
	/* the whole boot without the line, past the probe: GuC submission is off */
	log_case("6,0,0,-;Linux version 6.12.48+deb13-amd64\n"
		 "6,1201,2301001,-;i915 0000:00:02.0: Running in SR-IOV PF mode\n"
		 "6,1202,2401001,-;[drm] Initialized i915 1.6.0 for 0000:00:02.0 on minor 0\n",
		 HOST_FAIL, "GuC submission is not enabled");
	log_case("6,0,0,-;Linux version 6.12.48+deb13-amd64\n"
		 "6,1201,2301001,-;i915 0000:00:02.0: Running in SR-IOV PF mode\n"
		 "6,1300,5301001,-;systemd[1]: Reached target graphical.target\n",
		 HOST_FAIL, "GuC submission is not enabled");
	/* a log that stops inside the probe (the GuC blob's line is the last,
	 * as in i915-sriov-dkms#392's excerpt): the line may only be cut off */
	log_case("6,0,0,-;Linux version 6.12.48+deb13-amd64\n"
		 "6,1201,2301001,-;i915 0000:00:02.0: Running in SR-IOV PF mode\n",
		 HOST_SKIP, "Not in this log");
	log_case("[    2.301100] i915 0000:00:02.0: [drm] VT-d active for gfx access\n"
		 "[    2.310000] i915 0000:00:02.0: [drm] GT0: GuC firmware i915/adlp_guc_70.bin "
		 "version 70.36.0\n",
		 HOST_SKIP, "Not in this log");
	/* i915-sriov-dkms of 2023 (6.2 kernels) said "GT0: GuC submission
	 * enabled", not "GT0: GUC: submission enabled": the report's lines,
	 * https://github.com/strongtz/i915-sriov-dkms/issues/62 (ShCby's log) */
	log_case("[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.2.9-1-pve "
		 "root=/dev/mapper/pve-root ro quiet intel_iommu=on i915.enable_guc=3 "
		 "i915.max_vfs=7\n"
		 "[    2.777538] i915 0000:00:02.0: Running in SR-IOV PF mode\n"
		 "[    2.779876] i915 0000:00:02.0: [drm] Finished loading DMC firmware "
		 "i915/adls_dmc_ver2_01.bin (v2.1)\n"
		 "[    2.783665] i915 0000:00:02.0: [drm] GT0: GuC firmware i915/tgl_guc_70.bin "
		 "version 70.5.1\n"
		 "[    2.786102] i915 0000:00:02.0: [drm] HuC authenticated\n"
		 "[    2.786625] i915 0000:00:02.0: [drm] GT0: GuC submission enabled\n"
		 "[    2.786628] i915 0000:00:02.0: [drm] GT0: GuC SLPC enabled\n"
		 "[    2.787029] i915 0000:00:02.0: [drm] GuC RC: enabled\n",
		 HOST_PASS, "GuC submission is enabled");
	/* an excerpt that reaches the probe's end: the missing line counts */
	log_case("[    2.301100] i915 0000:00:02.0: [drm] VT-d active for gfx access\n"
		 "[    2.310000] i915 0000:00:02.0: [drm] GT0: GuC firmware i915/adlp_guc_70.bin "
		 "version 70.36.0\n"
		 "[    2.501000] [drm] Initialized i915 1.6.0 for 0000:00:02.0 on minor 0\n",
		 HOST_FAIL, "GuC submission is not enabled");
}

/* real/352b with a Proxmox VM configuration @conf as /etc/pve/qemu-server/101.conf. */
static void pve_case(const char *conf, const char *id, const char *text, bool want)
{
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	const struct host_finding *f;
	char path[600];

	assert_int_equal(host_fixture_make("real/352b-pve91-n100-pf-taken-by-vm", &fx), 0);
	if (conf) {
		snprintf(path, sizeof(path), "%s/etc/pve", fx.root);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/etc/pve/qemu-server", fx.root);
		mkdir(path, 0755);
		write_file(fx.root, "etc/pve/qemu-server/101.conf", conf);
	}
	snprintf(path, sizeof(path), "%s/real/352b-pve91-n100-pf-taken-by-vm/dmesg.txt",
		 host_fixture_dir());
	o.root = fx.root;
	o.dmesg = path;
	assert_int_equal(host_doctor_run(&o, &r), 0);
	f = host_report_get(&r, id);
	assert_non_null(f);
	if (!!(strstr(f->message, text) || strstr(f->hint, text) || strstr(f->evidence, text)) !=
	    want)
		fail_msg("%s %s \"%s\": %s | %s | %s", id, want ? "lacks" : "has", text, f->message,
			 f->evidence, f->hint);
	host_report_free(&r);
	host_fixture_free(&fx);
}

static void test_vfs_gone_since_boot(void **state)
{
	(void)state;
	/* the VF's probe line: VFs were made this boot */
	pve_case(NULL, "vfs.persist", "VFs were made this boot", true);
	pve_case(NULL, "vfs.persist", "they are gone now", true);
	pve_case(NULL, "vfs.persist", "did not take effect", false);
	pve_case(NULL, "driver.pf_mode", "no longer drives the PF", true);
	/* no VM configuration: the general advice */
	pve_case(NULL, "driver.bound", "never 00:02.0 or \"All Functions\"", true);
}

static void test_vm_with_pf(void **state)
{
	static const char all[] = "boot: order=scsi0\nhostpci0: 0000:00:02,pcie=1,x-vga=1\n"
				  "machine: q35\n";

	(void)state;
	/* "All Functions": every function of 00:02, the PF with them */
	pve_case(all, "driver.bound", "VM 101 is given every function of 00:02", true);
	pve_case(all, "driver.bound", "qm set 101 --hostpci0 0000:00:02.1,pcie=1,x-vga=1", true);
	pve_case(all, "driver.bound", "/etc/pve/qemu-server/101.conf: hostpci0: 0000:00:02,pcie=1",
		 true);
	/* the PF by name, host= spelling, among other devices */
	pve_case("hostpci2: host=01:00.0;00:02.0,rombar=0\n", "driver.bound",
		 "qm set 101 --hostpci2 0000:00:02.1,rombar=0", true);
	pve_case("hostpci2: host=01:00.0;00:02.0,rombar=0\n", "driver.bound", "the PF itself",
		 true);
	/* a VF, a cluster mapping, a snapshot's old entry: not the cause */
	pve_case("hostpci0: 0000:00:02.1,pcie=1\n", "driver.bound", "qm set", false);
	pve_case("hostpci0: mapping=igpu,pcie=1\n", "driver.bound", "qm set", false);
	pve_case("hostpci0: 0000:00:02.1\n[before]\nhostpci0: 0000:00:02.0\n", "driver.bound",
		 "qm set", false);
	pve_case("hostpci0: 0000:00:12.0\n", "driver.bound", "qm set", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udev_rule_events),
		cmocka_unit_test(test_udev_rule_syntax),
		cmocka_unit_test(test_persist_waits_for_mmio),
		cmocka_unit_test(test_cut_log),
		cmocka_unit_test(test_vfs_gone_since_boot),
		cmocka_unit_test(test_vm_with_pf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
