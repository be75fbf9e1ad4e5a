// SPDX-License-Identifier: MIT
/*
 * vm check of Proxmox VE VM configurations: the real ones of
 * tests/fixtures/vm/pve (each .description says where it came from and
 * what is assumed), one test each with the verdict a maintainer would give,
 * then the rules of qemu-server the translation follows, one small
 * configuration each, and the parser underneath. The host side is a root
 * prefix built per run, with the stand-in GOP driver (QemuVideoDxe out of
 * Debian's OVMF) where qemu-server looks for romfiles.
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

#include <cmocka.h>

#include "tests/unit/test_uefi_util.h"
#include "tests/unit/vm_def_util.h"
#include "vm/vm_pve.h"
#include "vm/vm_pve_conf.h"

#define FIX "tests/fixtures/vm/pve/"
#define KVM "/usr/share/kvm/"

static char *root;

static void put(const char *rel, const void *buf, size_t len)
{
	char path[1024], *slash;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	t_vm_write(path, buf, len);
}

static int setup(void **state)
{
	const struct tbuf *gop = t_qemu_video();

	(void)state;
	root = t_mkdtemp();
	put(KVM "intelgopdriver_desktop.bin", gop->p, gop->len);
	put(KVM "Intelgopdriver_desktop.efi", gop->p, gop->len);
	put(KVM "IntelGopDriver.efi", gop->p, gop->len);
	put(KVM "notes.txt", "not a rom\n", 10);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	t_rm_rf(root);
	free(root);
	return 0;
}

static int check_text(const char *text, const struct vm_check_opts *o, struct vm_check_report *r)
{
	return vm_check_pve(text, strlen(text), o, r);
}

static int check_file(const char *name, const struct vm_check_opts *o, struct vm_check_report *r)
{
	char path[256];
	struct tbuf b;
	int ret;

	snprintf(path, sizeof(path), FIX "%s", name);
	b = t_read(path);
	assert_true(vm_pve_detect((const char *)b.p, b.len));
	ret = vm_check_pve((const char *)b.p, b.len, o, r);
	t_free(&b);
	return ret;
}

/* Errors and warnings exactly @want; every finding says what to do. */
static void expect_report(const char *what, struct vm_check_report *r, const char *const *want)
{
	size_t i, n = 0;

	for (; want[n]; n++)
		if (!vm_check_find(r, want[n]))
			fail_msg("%s: finding '%s' missing", what, want[n]);
	for (i = 0; i < r->n; i++) {
		bool listed = r->f[i].severity == VM_SEV_INFO;
		size_t j;

		for (j = 0; j < n && !listed; j++)
			listed = !strcmp(want[j], r->f[i].id);
		if (!listed)
			fail_msg("%s: unexpected finding '%s': %s", what, r->f[i].id,
				 r->f[i].message);
		assert_true(strlen(r->f[i].message) > 20);
		assert_true(strlen(r->f[i].hint) > 20);
		/* said in Proxmox's terms, never libvirt's */
		if (strstr(r->f[i].hint, "<") || strstr(r->f[i].message, "<qemu"))
			fail_msg("%s: '%s' speaks libvirt: %s", what, r->f[i].id, r->f[i].hint);
	}
	/* the libvirt-only checks are left out, and the report says so */
	assert_non_null(vm_check_find(r, "pve-libvirt-only"));
}

static void expect_file(const char *name, const char *const *want)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	assert_int_equal(check_file(name, &o, &r), 0);
	expect_report(name, &r, want);
	vm_check_report_free(&r);
}

static void expect_text(const char *text, const char *const *want)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	assert_int_equal(check_text(text, &o, &r), 0);
	expect_report(text, &r, want);
	vm_check_report_free(&r);
}

#define EXPECT_FILE(file, ...) expect_file(file, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT(text, ...) expect_text(text, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_OK(text) expect_text(text, (const char *const[]){ NULL })

/* A configuration the guide would accept but for the CPU warnings. */
#define GOOD_BASE                                                                    \
	"bios: ovmf\n"                                                               \
	"cpu: host,flags=-nested-virt\n"                                             \
	"efidisk0: local-lvm:vm-100-disk-0,efitype=4m,pre-enrolled-keys=0,size=4M\n" \
	"machine: q35\n"                                                             \
	"vga: none\n"                                                                \
	"ivshmem: size=32,name=looking-glass\n"
/* qemu-server's phys-bits=N is QEMU's, which a host CPU ignores: the limit
 * is a -global on the host CPU's type, in args: */
#define LIMIT "-global host-x86_64-cpu.host-phys-bits-limit=39"
#define GOOD GOOD_BASE "args: " LIMIT "\n"

/*
 * qemu-server writes cpu: host,phys-bits=39 as -cpu host,...,phys-bits=39,
 * which QEMU's host model ignores (host-phys-bits stays on: measured with
 * QEMU 10, the guest keeps the host's width); a named model takes it.
 * The cases give cpu: a second time: qemu-server's parse_vm_config keeps a
 * key's last value, silently, args: included, and so does the reader.
 */
static void test_phys_bits_of_host_cpu(void **state)
{
	const struct vm_finding *f;
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	EXPECT(GOOD_BASE "cpu: host,flags=-nested-virt,phys-bits=39\n"
			 "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "phys-bits-ignored");
	assert_int_equal(check_text(GOOD_BASE
				    "cpu: host,flags=-nested-virt,phys-bits=39\n"
				    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
				    &o, &r),
			 0);
	f = vm_check_find(&r, "phys-bits-ignored");
	assert_non_null(strstr(f->hint, "args: -global host-x86_64-cpu.host-phys-bits-limit=N"));
	vm_check_report_free(&r);
	/* the fix */
	EXPECT_OK(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
	/* ... undone by a later args: line */
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
		    "args: -device ich9-intel-hda\n",
	       "phys-bits-unlimited");
	/* qemu-server's phys-bits=host is the host's width, unlimited */
	EXPECT(GOOD_BASE "cpu: host,flags=-nested-virt,phys-bits=host\n"
			 "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "phys-bits-unlimited");
}

/* i915-sriov-dkms#426: Secure Boot with Microsoft's keys refuses the GOP. */
static void test_real_426_secure_boot(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT_FILE("real-426-mtl-secboot.conf", "romfile-unsigned-secure-boot",
		    "nested-virt-exposed", "phys-bits-unlimited", "no-ivshmem");
	assert_int_equal(check_file("real-426-mtl-secboot.conf", &o, &r), 0);
	f = vm_check_find(&r, "romfile-unsigned-secure-boot");
	assert_non_null(strstr(f->message, "pre-enrolled-keys=1"));
	assert_non_null(strstr(f->message, KVM "intelgopdriver_desktop.bin"));
	assert_non_null(strstr(f->hint, "pre-enrolled-keys=0"));
	vm_check_report_free(&r);
}

/* i915-sriov-dkms#339: an absolute romfile= names a file that is not there. */
static void test_real_339_absolute_romfile(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT_FILE("real-339-romfile-abs.conf", "romfile-unreadable", "nested-virt-exposed",
		    "phys-bits-unlimited", "no-ivshmem");
	assert_int_equal(check_file("real-339-romfile-abs.conf", &o, &r), 0);
	f = vm_check_find(&r, "romfile-unreadable");
	assert_non_null(strstr(f->message, KVM "/usr/share/kvm/intelgopdriver_desktop.bin"));
	assert_non_null(strstr(f->hint, "only the file name"));
	assert_non_null(strstr(f->hint, "hostpci0"));
	vm_check_report_free(&r);
}

/* The README's VF line with Looking Glass's args: right at 1080p, short at 1440p. */
static void test_real_readme_looking_glass(void **state)
{
	struct vm_check_opts o = { .root = root, .have_mode = true, .mode = { 2560, 1440, 60 } };
	struct vm_check_report r;

	(void)state;
	EXPECT_FILE("real-readme-lg.conf", "nested-virt-exposed", "phys-bits-unlimited");
	assert_int_equal(check_file("real-readme-lg.conf", &o, &r), 0);
	assert_int_equal(r.shm_bytes, 32u << 20);
	assert_string_equal(r.shm_path, "/dev/shm/looking-glass");
	assert_non_null(vm_check_find(&r, "shm-too-small"));
	/* the [before-lg] snapshot's SeaBIOS and PF are not the VM that starts */
	assert_null(vm_check_find(&r, "pf-passed"));
	assert_null(vm_check_find(&r, "no-uefi"));
	vm_check_report_free(&r);
}

/* ProxMenux#179: the hookscript is named, the missing romfile found. */
static void test_real_proxmenux_hookscript(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT_FILE("real-proxmenux-179.conf", "romfile-missing", "cpu-not-host", "no-ivshmem");
	assert_int_equal(check_file("real-proxmenux-179.conf", &o, &r), 0);
	f = vm_check_find(&r, "pve-hookscript");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_INFO);
	assert_non_null(strstr(f->message, "local:snippets/proxmenux-gpu.sh"));
	assert_non_null(strstr(vm_check_find(&r, "romfile-missing")->hint,
			       "romfile=IntelGopDriver.efi to hostpci0"));
	vm_check_report_free(&r);
}

/* i915-sriov-dkms#225: romfile=../../../usr/share/kvm/X lands on /usr/share/kvm/X again. */
static void test_real_225_dotdot_romfile(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	put(KVM "1280P.bin", t_qemu_video()->p, t_qemu_video()->len);
	EXPECT_FILE("real-225-dotdot-romfile.conf", "nested-virt-exposed", "phys-bits-unlimited",
		    "no-ivshmem");
	assert_int_equal(check_file("real-225-dotdot-romfile.conf", &o, &r), 0);
	assert_null(vm_check_find(&r, "romfile-unreadable"));
	assert_null(vm_check_find(&r, "qxl-present"));
	vm_check_report_free(&r);
}

/* Upinel/PVE-Intel-vGPU#5: args: -cpu host,-hypervisor replaces cpu:; no romfile. */
static void test_real_upinel_hypervisor_off(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	EXPECT_FILE("real-upinel-5-hypervisor-off.conf", "hypervisor-hidden", "romfile-missing",
		    "nested-virt-exposed", "phys-bits-unlimited", "no-ivshmem");
	assert_int_equal(check_file("real-upinel-5-hypervisor-off.conf", &o, &r), 0);
	/* the args: -cpu is the host model, not cpu:'s x86-64-v2-AES */
	assert_null(vm_check_find(&r, "cpu-not-host"));
	assert_non_null(strstr(vm_check_find(&r, "romfile-missing")->hint, "hostpci0"));
	vm_check_report_free(&r);
}

/* LongQT-sea/intel-igpu-passthru#23: legacy-igd=1 asked of a VF. */
static void test_real_longqt_legacy_igd_vf(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	EXPECT_FILE("real-longqt-23-legacy-igd-vf.conf", "pve-legacy-igd-vf",
		    "pve-legacy-igd-refused", "machine-not-q35", "no-uefi", "cpu-not-host",
		    "romfile-unreadable", "no-ivshmem");
	assert_int_equal(check_file("real-longqt-23-legacy-igd-vf.conf", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "pve-legacy-igd-vf")->message, "0000:00:02.2"));
	assert_non_null(strstr(vm_check_find(&r, "pve-legacy-igd-refused")->message, "vga: none"));
	vm_check_report_free(&r);
	/* qemu-server's terms met, on the PF: nothing to say about legacy-igd */
	EXPECT("vga: none\nbios: ovmf\ncpu: host,flags=-nested-virt\nargs: " LIMIT "\n"
	       "hostpci0: 0000:00:02.0,legacy-igd=1,romfile=IntelGopDriver.efi\n",
	       "pf-passed", "no-vf", "machine-not-q35", "no-ivshmem");
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,legacy-igd=1,romfile=IntelGopDriver.efi\n",
	       "pve-legacy-igd-vf", "pve-legacy-igd-refused");
}

static void test_good(void **state)
{
	(void)state;
	EXPECT_OK(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
}

/* machine, firmware: qemu-server's defaults are i440fx and SeaBIOS. */
static void test_machine_and_firmware(void **state)
{
	(void)state;
	EXPECT("cpu: host,flags=-nested-virt\nargs: " LIMIT "\n"
	       "ivshmem: size=32,name=looking-glass\n"
	       "hostpci0: 0000:00:02.1,romfile=IntelGopDriver.efi\n",
	       "machine-not-q35", "no-uefi");
	EXPECT(GOOD "hostpci1: 0000:00:02.1,romfile=IntelGopDriver.efi\n"
		    "machine: pc-i440fx-8.1\n",
	       "machine-not-q35");
	/* pcie=1 on i440fx: qemu-server refuses to start */
	EXPECT(GOOD "machine: pc\nhostpci0: 00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "machine-not-q35", "pve-pcie-needs-q35");
	/* the machine as a property string, with options */
	EXPECT_OK(GOOD "machine: type=pc-q35-9.2+pve1,viommu=intel\n"
		       "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
	EXPECT(GOOD "bios: seabios\nhostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "no-uefi");
}

/* Secure Boot: keys only with efitype=4m, and the secboot code only on q35. */
static void test_secure_boot_rule(void **state)
{
	(void)state;
	EXPECT(GOOD "efidisk0: local:100/vm-100-disk-0.raw,efitype=4m,pre-enrolled-keys=1\n"
		    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "romfile-unsigned-secure-boot");
	/* the legacy 2M images have no keys */
	EXPECT_OK(GOOD "efidisk0: local:100/vm-100-disk-0.raw,pre-enrolled-keys=1\n"
		       "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
	/* without SMM (i440fx) the 4M image is the one without Secure Boot */
	EXPECT(GOOD "machine: pc\n"
		    "efidisk0: local:100/vm-100-disk-0.raw,efitype=4m,pre-enrolled-keys=1\n"
		    "hostpci0: 0000:00:02.1,romfile=IntelGopDriver.efi\n",
	       "machine-not-q35");
}

/* The CPU: kvm64 by default, VM flags, and a -cpu in args: that replaces it. */
static void test_cpu(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	EXPECT("bios: ovmf\nmachine: q35\nivshmem: size=32\n"
	       "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "cpu-not-host");
	assert_int_equal(check_text("bios: ovmf\nmachine: q35\n", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "cpu-not-host")->message, "'kvm64'"));
	assert_non_null(strstr(vm_check_find(&r, "cpu-not-host")->hint, "cpu: host"));
	vm_check_report_free(&r);
	/* hidden=1 is kvm=off, not the hypervisor bit */
	EXPECT_OK(GOOD "cpu: host,hidden=1,flags=-nested-virt;+pcid,phys-bits=39\n"
		       "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
	EXPECT(GOOD "cpu: host,flags=+hv-evmcs;-nested-virt,phys-bits=39\n"
		    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "hyperv-nested");
	/* the NVIDIA recipe's -cpu: it hides the hypervisor bit, and replaces
	 * Proxmox's whole -cpu (its -nested-virt and phys-bits too) */
	EXPECT(GOOD_BASE "args: -cpu 'host,hv_vendor_id=proxmox,kvm=off,-hypervisor'\n"
			 "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
	       "hypervisor-hidden", "nested-virt-exposed", "phys-bits-unlimited");
	EXPECT_OK(GOOD_BASE "args: -cpu host,-vmx,host-phys-bits=on,host-phys-bits-limit=39\n"
			    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
}

/* The VF: PF, all functions, mdev, rombar=0, a romfile that is no GOP. */
static void test_vf(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	EXPECT(GOOD "hostpci0: 0000:00:02.0,pcie=1\n", "pf-passed", "no-vf");
	/* no function: all of them, the PF among them */
	EXPECT(GOOD "hostpci0: 0000:00:02,pcie=1,romfile=IntelGopDriver.efi\n", "pf-passed",
	       "no-vf");
	assert_int_equal(check_text(GOOD "hostpci0: 0000:00:02,pcie=1\n", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "pf-passed")->hint, "All Functions"));
	vm_check_report_free(&r);
	EXPECT(GOOD "hostpci0: 0000:00:02.0,mdev=i915-GVTg_V5_4\n", "no-vf");
	assert_int_equal(check_text(GOOD "hostpci0: 0000:00:02.0,mdev=i915-GVTg_V5_4\n", &o, &r),
			 0);
	assert_non_null(strstr(vm_check_find(&r, "no-vf")->message, "GVT-g"));
	vm_check_report_free(&r);
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,rombar=0,x-vga=0\n", "rom-bar-off",
	       "romfile-missing");
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=notes.txt\n", "romfile-invalid");
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi,driver=keep\n",
	       "vf-unmanaged");
	assert_int_equal(check_text(GOOD "hostpci0: 0000:00:02.1,driver=keep\n", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "vf-unmanaged")->message, "driver=keep"));
	vm_check_report_free(&r);
	EXPECT(GOOD "hostpci0: 0000:01:00.0,pcie=1\n", "no-vf");
	/* a VF in args:, which Proxmox does not bind to vfio-pci */
	assert_int_equal(check_text(GOOD_BASE "args: " LIMIT
					      " -device vfio-pci,host=0000:00:02.2,romfile=" KVM
					      "IntelGopDriver.efi\n",
				    &o, &r),
			 0);
	expect_report("args vf", &r, (const char *const[]){ "vf-outside-libvirt", NULL });
	assert_non_null(strstr(vm_check_find(&r, "vf-outside-libvirt")->message, "Proxmox"));
	vm_check_report_free(&r);
}

/*
 * args: -set device.hostpciN.KEY= changes the -device qemu-server writes
 * for hostpciN (id=hostpciN): its romfile is judged like romfile= (QEMU
 * opens it as given, not under /usr/share/kvm/), and the IGD quirks and
 * bus=pcie.0 on an i440fx machine are found there as on a libvirt VF.
 * x-vga=1 reaches QEMU only without OVMF (qemu-server's rule).
 */
static void test_args_set_of_hostpci(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1\n"
			    "args: " LIMIT " -set device.hostpci0.romfile=" KVM
			    "IntelGopDriver.efi\n");
	/* a bare name: QEMU's data directory, /usr/share/kvm/ on Proxmox */
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1\n"
			    "args: " LIMIT " -set device.hostpci0.romfile=IntelGopDriver.efi\n");
	/* -set wins over romfile=, whatever their order on the command line */
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: " LIMIT " -set device.hostpci0.romfile=/root/gop.rom\n",
	       "romfile-unreadable");
	assert_int_equal(check_text(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1\n"
					      "args: " LIMIT
					      " -set device.hostpci0.romfile=/root/gop.rom\n",
				    &o, &r),
			 0);
	f = vm_check_find(&r, "romfile-unreadable");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "/root/gop.rom"));
	assert_null(strstr(f->message, KVM "/root"));
	assert_non_null(strstr(f->hint, "-set device.hostpci0.romfile"));
	vm_check_report_free(&r);
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1\n"
			 "args: " LIMIT " -set device.hostpci0.romfile=" KVM "notes.txt\n",
	       "romfile-invalid");
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: " LIMIT " -set device.hostpci0.rombar=0\n",
	       "rom-bar-off");
	/* another device's -set is not the VF's */
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1\n"
			 "args: " LIMIT " -set device.hostpci1.romfile=IntelGopDriver.efi\n",
	       "romfile-missing");

	/* the IGD quirks */
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: " LIMIT " -set device.hostpci0.x-igd-opregion=on\n",
	       "vf-igd-opregion");
	assert_int_equal(check_text(GOOD_BASE
				    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
				    "args: " LIMIT " -set device.hostpci0.x-igd-opregion=on\n",
				    &o, &r),
			 0);
	assert_non_null(strstr(vm_check_find(&r, "vf-igd-opregion")->hint,
			       "-set device.hostpci0.x-igd-opregion"));
	vm_check_report_free(&r);
	/* x-vga=1 under OVMF: qemu-server gives QEMU no x-vga=on */
	EXPECT_OK(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi,x-vga=1\n");
	/* ... under SeaBIOS it does */
	EXPECT("cpu: host,flags=-nested-virt\nargs: " LIMIT "\nmachine: q35\nvga: none\n"
	       "ivshmem: size=32,name=looking-glass\n"
	       "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi,x-vga=1\n",
	       "no-uefi", "vf-x-vga");
	assert_int_equal(
		check_text("cpu: host\nmachine: q35\n"
			   "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi,x-vga=1\n",
			   &o, &r),
		0);
	assert_non_null(strstr(vm_check_find(&r, "vf-x-vga")->hint, "x-vga=1"));
	vm_check_report_free(&r);
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: " LIMIT " -set device.hostpci0.x-vga=on\n",
	       "vf-x-vga");
	/* the PF's quirks are GVT-d's business */
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.0\nargs: " LIMIT
			 " -set device.hostpci0.x-igd-opregion=on\n",
	       "pf-passed", "no-vf");

	/* bus=pcie.0 on i440fx (no machine: line), not on q35 */
	EXPECT("bios: ovmf\ncpu: host,flags=-nested-virt\nvga: none\n"
	       "ivshmem: size=32,name=looking-glass\n"
	       "hostpci0: 0000:00:02.1,romfile=IntelGopDriver.efi\n"
	       "args: " LIMIT " -set device.hostpci0.bus=pcie.0 -set device.hostpci0.addr=02.0\n",
	       "machine-not-q35", "vf-bus-pcie0-i440fx");
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,romfile=IntelGopDriver.efi\n"
			    "args: " LIMIT
			    " -set device.hostpci0.bus=pcie.0 -set device.hostpci0.addr=02.0\n");
	/* bus=pci.0 on q35: qemu-server's -readconfig pve-q35-4.0.cfg defines it
	 * (a pci-bridge; src/usr/pve-q35-4.0.cfg), where plain QEMU has none */
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,romfile=IntelGopDriver.efi\n"
			    "args: " LIMIT
			    " -set device.hostpci0.bus=pci.0 -set device.hostpci0.addr=0x10\n");
}

/*
 * hostpciN's device IDs as qemu-server reads them (PCI.pm, $PCIRE in
 * github.com/proxmox/qemu-server src/PVE/QemuServer/PCI.pm): lower-case
 * hex, an optional domain of 4+ digits, two-digit bus and slot, an
 * optional one-digit function; the host= pattern is anchored.
 */
static void test_pci_id(void **state)
{
	static const char *const good[] = { "0000:00:02.1", "00:02.1",	     "0000:00:02",
					    "00:02",	    "00000:00:02.7", "ffff:ff:1f.0" };
	static const char *const bad[] = { "02.1",	     "00:2.1",	       "0:00:02.1",
					   "000:00:02.1",    "00:02.A",	       "0000:00:02.1 ",
					   " 00:02.1",	     "+0:02.1",	       "00:02.8",
					   "00:02.",	     "00:002.1",       "10000:00:02.1",
					   "0000:00:02.1.1", "0000:0:00:02.1", "" };
	struct vm_pve_pci_id id;
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(vm_pve_pci_id(good[i], &id));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (vm_pve_pci_id(bad[i], &id))
			fail_msg("'%s' accepted", bad[i]);
	assert_true(vm_pve_pci_id("00:02.1", &id));
	assert_int_equal(id.domain, 0);
	assert_int_equal(id.bus, 0);
	assert_int_equal(id.slot, 2);
	assert_int_equal(id.func, 1);
	assert_true(vm_pve_pci_id("0000:00:02", &id));
	assert_int_equal(id.func, -1);

	/* an ID Proxmox refuses is named, not taken as the VF */
	EXPECT(GOOD "hostpci0: 00:2.1,pcie=1,romfile=IntelGopDriver.efi\n", "pve-hostpci-invalid",
	       "no-vf");
	assert_int_equal(
		check_text(GOOD "hostpci0: 00:2.1,pcie=1,romfile=IntelGopDriver.efi\n", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "pve-hostpci-invalid")->message, "'00:2.1'"));
	vm_check_report_free(&r);
	EXPECT_OK(GOOD "hostpci0: 00:02.1,pcie=1,romfile=IntelGopDriver.efi\n");
}

/* A cluster mapping resolved for this node from /etc/pve/mapping/pci.cfg. */
static void test_mapping(void **state)
{
	static const char cfg[] = "igpu-vf\n"
				  "\tmap id=8086:a780,node=other,path=0000:00:02.0\n"
				  "\tmap id=8086:a780,node=pve,path=0000:00:02.1\n"
				  "\n"
				  "nic\n"
				  "\tmap id=8086:15f3,node=pve,path=0000:03:00.0\n";
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	char path[1024];

	(void)state;
	assert_int_equal(check_text(GOOD "hostpci0: mapping=igpu-vf,pcie=1\n", &o, &r), 0);
	assert_non_null(vm_check_find(&r, "pve-mapping-unresolved"));
	vm_check_report_free(&r);
	put("/etc/pve/mapping/pci.cfg", cfg, sizeof(cfg) - 1);
	put("/etc/hostname", "pve.example.org\n", 16);
	EXPECT_OK(GOOD "hostpci0: mapping=igpu-vf,pcie=1,romfile=IntelGopDriver.efi\n");
	put("/etc/hostname", "other\n", 6);
	EXPECT(GOOD "hostpci0: mapping=igpu-vf,pcie=1,romfile=IntelGopDriver.efi\n", "pf-passed",
	       "no-vf");
	snprintf(path, sizeof(path), "%s/etc/hostname", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/pve/mapping/pci.cfg", root);
	unlink(path);
}

/* The shared memory: Proxmox's ivshmem: key, args: for kvmfr, the display. */
static void test_shm_and_display(void **state)
{
	struct vm_check_opts o = { .root = root, .have_mode = true, .mode = { 3840, 2160, 60 } };
	struct vm_check_report r;

	(void)state;
	assert_int_equal(check_text(GOOD
				    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
				    "ivshmem: size=64,name=looking-glass\n",
				    &o, &r),
			 0);
	assert_string_equal(r.shm_path, "/dev/shm/pve-shm-looking-glass");
	assert_int_equal(r.shm_bytes, 64u << 20);
	assert_non_null(vm_check_find(&r, "shm-too-small"));
	/* qemu-server's own comma syntax is no problem on Proxmox */
	assert_null(vm_check_find(&r, "ivshmem-legacy-syntax"));
	vm_check_report_free(&r);
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
		    "ivshmem: size=48\n",
	       "shm-not-pow2");
	/* kvmfr through args:, with no libvirt device cgroup to be in */
	EXPECT("bios: ovmf\ncpu: host,flags=-nested-virt\nmachine: q35\n"
	       "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
	       "args: " LIMIT " -device ivshmem-plain,memdev=lg -object memory-backend-file,id=lg,"
	       "mem-path=/dev/kvmfr0,size=32M\n",
	       "shm-not-shared");
	/* kvmfr's size against the module's, as for libvirt */
	put("/etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=64\n", 33);
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: " LIMIT
			 " -device ivshmem-plain,memdev=lg -object memory-backend-file,id=lg,"
			 "share=on,mem-path=/dev/kvmfr0,size=32M\n",
	       "kvmfr-size-mismatch");
	EXPECT(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\nvga: qxl\n",
	       "qxl-present", "spice-autoport");
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			    "args: " LIMIT
			    " -spice port=5900,addr=127.0.0.1,disable-ticketing=on\n");
	/* args: is read by the QEMU command-line reader, as for a plain QEMU:
	 * SPICE's bare "unix" flag and its tls-port, the last -cpu alone */
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			    "args: " LIMIT
			    " -spice unix,addr=/run/lg-spice.sock,disable-ticketing=on\n");
	EXPECT_OK(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			    "args: " LIMIT " -spice tls-port=5901,addr=127.0.0.1\n");
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: -cpu host,-vmx,phys-bits=39 -cpu host\n",
	       "nested-virt-exposed", "phys-bits-unlimited");
	EXPECT(GOOD_BASE "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
			 "args: " LIMIT " -object 'memory-backend-file,id=x,size=1M\n",
	       /* an args: that cannot be split limits nothing either */
	       "pve-args-unsplittable", "phys-bits-unlimited");
}

/*
 * The Looking Glass client's ini against a Proxmox VM: qemu-server names
 * the ivshmem: file pve-shm-NAME, so the docs' /dev/shm/looking-glass
 * opens nothing; no -spice in args: leaves the client without input.
 */
static void test_client_ini(void **state)
{
	static const char ini[] = "[app]\nshmFile=/dev/shm/looking-glass\n";
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	o.client_text[0] = ini;
	o.client_len[0] = sizeof(ini) - 1;
	o.client_name[0] = "client.ini";
	o.n_client = 1;
	assert_int_equal(check_text(GOOD
				    "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n",
				    &o, &r),
			 0);
	expect_report("client ini", &r,
		      (const char *const[]){ "client-shm-mismatch", "client-spice-missing", NULL });
	assert_non_null(strstr(vm_check_find(&r, "client-shm-mismatch")->hint,
			       "shmFile=/dev/shm/pve-shm-looking-glass"));
	vm_check_report_free(&r);
}

/* Sections, comments, broken lines: only the current configuration counts. */
static void test_parse_rules(void **state)
{
	static const char text[] = "#line%20one of the description\n"
				   "description: more\n"
				   "cores: 4\n"
				   "cores: 8\n"
				   "this is not a key\n"
				   "Memory: 4096\n"
				   "hostpci0:   0000:00:02.1,pcie=1  \r\n"
				   "[PENDING]\n"
				   "cores: 2\n";
	struct vm_pve_conf c;
	char v[64];

	(void)state;
	assert_int_equal(vm_pve_conf_parse(text, sizeof(text) - 1, &c), 0);
	assert_string_equal(vm_pve_get(&c, "cores"), "8");
	assert_string_equal(vm_pve_get(&c, "hostpci0"), "0000:00:02.1,pcie=1");
	assert_int_equal(vm_pve_line(&c, "hostpci0"), 7);
	assert_null(vm_pve_get(&c, "description"));
	assert_int_equal(c.bad_lines, 2);
	assert_int_equal(c.first_bad, 5);
	assert_true(c.sections);
	assert_int_equal(vm_pve_prop(vm_pve_get(&c, "hostpci0"), NULL, v, sizeof(v)), 1);
	assert_string_equal(v, "0000:00:02.1");
	assert_true(vm_pve_bool(vm_pve_get(&c, "hostpci0"), "pcie", false));
	assert_false(vm_pve_bool(vm_pve_get(&c, "hostpci0"), "x-vga", false));
	assert_int_equal(vm_pve_prop("a=1,b=22", "b", v, 2), -ENAMETOOLONG);
	vm_pve_conf_free(&c);
	assert_int_equal(vm_pve_conf_parse("# only a description\n", 21, &c), -EINVAL);
	EXPECT_OK(GOOD "hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi\n"
		       "net0 virtio=BC:24:11:32:A7:6C\n");
}

static void test_split_args(void **state)
{
	char **argv;
	size_t argc;

	(void)state;
	assert_int_equal(vm_pve_split_args("-smbios 'type=0,vendor=FOO BAR' -a \"x\\\"y\" b\\ c",
					   &argv, &argc),
			 0);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[1], "type=0,vendor=FOO BAR");
	assert_string_equal(argv[3], "x\"y");
	assert_string_equal(argv[4], "b c");
	assert_null(argv[5]);
	vm_pve_argv_free(argv);
	assert_int_equal(vm_pve_split_args("  ", &argv, &argc), 0);
	assert_int_equal(argc, 0);
	vm_pve_argv_free(argv);
	assert_int_equal(vm_pve_split_args("-a \"open", &argv, &argc), -EINVAL);
	assert_null(argv);
}

/* By content: libvirt XML, shell scripts, ini files are not configurations. */
static void test_detect(void **state)
{
	static const char *const no[] = {
		"<domain type='kvm'><name>x</name></domain>",
		"#!/bin/sh\nqm set 100 --hostpci0 0000:00:02.1\n",
		"[Desktop Entry]\nName=x\n",
		"devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7\n",
		"name: something\nversion: 2\n",
		"",
	};
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		assert_false(vm_pve_detect(no[i], strlen(no[i])));
		assert_int_equal(check_text(no[i], &o, &r), -EINVAL);
	}
	assert_true(vm_pve_detect("\n# notes\nboot: order=scsi0\n", 26));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phys_bits_of_host_cpu),
		cmocka_unit_test(test_real_426_secure_boot),
		cmocka_unit_test(test_real_339_absolute_romfile),
		cmocka_unit_test(test_real_readme_looking_glass),
		cmocka_unit_test(test_real_proxmenux_hookscript),
		cmocka_unit_test(test_real_225_dotdot_romfile),
		cmocka_unit_test(test_real_upinel_hypervisor_off),
		cmocka_unit_test(test_real_longqt_legacy_igd_vf),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_machine_and_firmware),
		cmocka_unit_test(test_secure_boot_rule),
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_vf),
		cmocka_unit_test(test_args_set_of_hostpci),
		cmocka_unit_test(test_pci_id),
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_shm_and_display),
		cmocka_unit_test(test_client_ini),
		cmocka_unit_test(test_parse_rules),
		cmocka_unit_test(test_split_args),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
