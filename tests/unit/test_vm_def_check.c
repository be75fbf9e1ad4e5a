// SPDX-License-Identifier: MIT
/*
 * vm check against the fixture domains of tests/fixtures/vm: each broken
 * fixture carries one seeded mistake, and the check must report exactly
 * the findings listed for it (so no false positives ride along). The host
 * side is a root prefix built per run: qemu.conf and kvmfr.conf from the
 * fixture tree, the romfile a real GOP driver (QemuVideoDxe out of Debian's
 * OVMF, found by lib/uefi and checked against its SHA-256 by the helpers).
 * Also the two parsers the check relies on: QEMU option arguments and
 * qemu.conf's cgroup_device_acl.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "tests/unit/test_efi_compress.h"
#include "tests/unit/test_uefi_util.h"
#include "tests/unit/vm_def_util.h"
#include "uefi/pci_optrom.h"
#include "uefi/uefi_decompress.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_pe.h"
#include "vm/vm_check.h"
#include "vm/vm_libvirt.h"
#include "vm/vm_qemu_conf.h"
#include "vm/vm_qemu_opt.h"
#include "vm/vm_root.h"

#define FIX "tests/fixtures/vm/"
#define VBIOS "/var/lib/libvirt/vbios/"

static char *root;

static void put(const char *rel, const void *buf, size_t len)
{
	char path[1024], *slash;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	/* mkdir -p of the parent */
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	t_vm_write(path, buf, len);
}

/* rm -rf of a directory under the root prefix */
static void t_rm_rf_rel(const char *base, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s", base, rel);
	t_rm_rf(path);
}

static void copy_fixture(const char *rel)
{
	char src[512];
	struct tbuf b;

	snprintf(src, sizeof(src), FIX "root%s", rel);
	b = t_read(src);
	put(rel, b.p, b.len);
	t_free(&b);
}

static int setup(void **state)
{
	const struct tbuf *gop = t_qemu_video();

	(void)state;
	root = t_mkdtemp();
	copy_fixture("/etc/libvirt/qemu.conf");
	copy_fixture("/etc/modprobe.d/kvmfr.conf");
	put(VBIOS "IntelGopDriver.efi", gop->p, gop->len);
	put(VBIOS "notes.txt", "not a rom\n", 10);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	t_rm_rf(root);
	free(root);
	return 0;
}

static int check_file(const char *name, const struct vm_check_opts *o, struct vm_check_report *r)
{
	char path[256];
	struct tbuf b;
	int ret;

	snprintf(path, sizeof(path), FIX "%s", name);
	b = t_read(path);
	ret = vm_check_xml((const char *)b.p, b.len, o, r);
	t_free(&b);
	return ret;
}

/* The findings (errors and warnings) must be exactly @want, in any order. */
static void expect(const char *name, const char *const *want)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	size_t i, n = 0;

	assert_int_equal(check_file(name, &o, &r), 0);
	for (; want[n]; n++)
		if (!vm_check_find(&r, want[n]))
			fail_msg("%s: finding '%s' missing", name, want[n]);
	for (i = 0; i < r.n; i++) {
		size_t j;
		bool listed = r.f[i].severity == VM_SEV_INFO;

		for (j = 0; j < n && !listed; j++)
			listed = !strcmp(want[j], r.f[i].id);
		if (!listed)
			fail_msg("%s: unexpected finding '%s': %s", name, r.f[i].id,
				 r.f[i].message);
		/* every finding says what to do */
		assert_true(strlen(r.f[i].message) > 20);
		assert_true(strlen(r.f[i].hint) > 20);
	}
	vm_check_report_free(&r);
}

#define EXPECT(file, ...) expect(file, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_NONE(file) expect(file, (const char *const[]){ NULL })

static void test_good_domains_pass(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	EXPECT_NONE("good.xml");
	EXPECT_NONE("good-shmem.xml");
	/* a memory-backend-file for the guest RAM is not Looking Glass memory */
	EXPECT_NONE("good-ram-backend.xml");
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.mode_source, "metadata");
	assert_int_equal(r.mode.width, 1920);
	assert_int_equal(r.shm_bytes, 32u << 20);
	assert_string_equal(r.shm_path, "/dev/kvmfr0");
	vm_check_report_free(&r);
}

static void test_machine_findings(void **state)
{
	(void)state;
	EXPECT("i440fx.xml", "machine-not-q35");
	EXPECT("seabios.xml", "no-uefi");
	EXPECT("cpu-model.xml", "cpu-not-host");
	EXPECT("hypervisor-hidden.xml", "hypervisor-hidden");
	EXPECT("nested-vmx.xml", "nested-virt-exposed");
	EXPECT("hyperv-passthrough.xml", "hyperv-nested");
	EXPECT("hyperv-evmcs.xml", "hyperv-nested");
	EXPECT("qxl.xml", "qxl-present");
	EXPECT("spice-autoport.xml", "spice-autoport");
	EXPECT("phys-bits-unlimited.xml", "phys-bits-unlimited");
}

static void test_vf_findings(void **state)
{
	(void)state;
	EXPECT("pf.xml", "pf-passed", "no-vf");
	EXPECT("no-vf.xml", "no-vf");
	EXPECT("unmanaged.xml", "vf-unmanaged");
	EXPECT("no-rom.xml", "romfile-missing");
	EXPECT("rom-bar-off.xml", "rom-bar-off");
	EXPECT("rom-disabled.xml", "rom-disabled");
	EXPECT("rom-absent.xml", "romfile-unreadable");
	EXPECT("rom-invalid.xml", "romfile-invalid");
}

/* An EfiRom-style option ROM around the GOP passes; a legacy-only one does not. */
/*
 * GVT-g's mediated vGPU is no VF: the no-vf finding says so. Its SPICE has
 * no listener at all, which is not an automatic port; a UNIX socket, which
 * the Looking Glass client can dial, is no finding.
 */
static void test_gvtg_domain(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT("real-gvtg-mdev.xml", "no-vf", "spice-no-listener");
	assert_int_equal(check_file("real-gvtg-mdev.xml", &o, &r), 0);
	f = vm_check_find(&r, "no-vf");
	assert_non_null(strstr(f->message, "mediated"));
	assert_non_null(strstr(f->message, "GVT-g"));
	vm_check_report_free(&r);
}

static void test_option_rom_romfile(void **state)
{
	const struct tbuf *gop = t_qemu_video();
	struct optrom_params p = { .vendor = 0x8086, .device = 0xa7a0, .last = true };
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	uint8_t *rom;
	size_t len;

	(void)state;
	assert_int_equal(optrom_build(gop->p, gop->len, &p, &rom, &len), 0);
	put(VBIOS "gop.rom", rom, len);
	EXPECT_NONE("rom-optrom.xml");
	/* CodeType 0 (PC-AT): a VBIOS, nothing for OVMF */
	rom[0x1C + 0x14] = 0;
	put(VBIOS "gop.rom", rom, len);
	EXPECT("rom-optrom.xml", "romfile-invalid");
	assert_int_equal(check_file("rom-optrom.xml", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "romfile-invalid")->message, "legacy VBIOS"));
	vm_check_report_free(&r);
	/* truncated: the headers promise more than the file holds */
	rom[0x1C + 0x14] = 3;
	put(VBIOS "gop.rom", rom, 512);
	EXPECT("rom-optrom.xml", "romfile-invalid");
	free(rom);
}

/* The finding @id of rom-optrom.xml holds @text. */
static void expect_text(const char *id, const char *text)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	assert_int_equal(check_file("rom-optrom.xml", &o, &r), 0);
	f = vm_check_find(&r, id);
	assert_non_null(f);
	if (!strstr(f->message, text))
		fail_msg("%s: '%s' not in: %s", id, text, f->message);
	vm_check_report_free(&r);
}

/* A driver that passes the PE checks but only uses GOP (OVMF's graphics
 * console) is no GOP for the VF: an error with the verdict's confidence,
 * raw or wrapped as an option ROM; one whose role is unsure, a warning. */
static void test_romfile_gop_role(void **state)
{
	struct optrom_params p = { .vendor = 0x8086, .device = 0xa7a0, .last = true };
	struct tbuf console = t_ovmf_driver("GraphicsConsoleDxe");
	struct tbuf ramfb = t_ovmf_driver("QemuRamfbDxe");
	const struct tbuf *gop = t_qemu_video();
	struct tbuf two = { 0 };
	uint8_t *rom, *rom2;
	size_t len, len2;

	(void)state;
	assert_int_equal(uefi_pe_check_gop(console.p, console.len, NULL), UEFI_PE_OK);
	put(VBIOS "gop.rom", console.p, console.len);
	EXPECT("rom-optrom.xml", "romfile-gop-consumer");
	expect_text("romfile-gop-consumer", "GOP consumer, medium confidence");
	expect_text("romfile-gop-consumer", "Simple Text Output");

	assert_int_equal(optrom_build(console.p, console.len, &p, &rom, &len), 0);
	put(VBIOS "gop.rom", rom, len);
	EXPECT("rom-optrom.xml", "romfile-gop-consumer");
	expect_text("romfile-gop-consumer", "medium confidence");

	/* A chain: the console first, then a GOP producer: the producer serves. */
	p.last = false;
	free(rom);
	assert_int_equal(optrom_build(console.p, console.len, &p, &rom, &len), 0);
	p.last = true;
	assert_int_equal(optrom_build(gop->p, gop->len, &p, &rom2, &len2), 0);
	t_append(&two, rom, len);
	t_append(&two, rom2, len2);
	put(VBIOS "gop.rom", two.p, two.len);
	EXPECT_NONE("rom-optrom.xml");

	put(VBIOS "gop.rom", ramfb.p, ramfb.len);
	EXPECT("rom-optrom.xml", "romfile-gop-unsure");
	expect_text("romfile-gop-unsure", "low confidence");

	put(VBIOS "gop.rom", gop->p, gop->len);
	EXPECT_NONE("rom-optrom.xml");
	free(rom);
	free(rom2);
	t_free(&two);
	t_free(&console);
	t_free(&ramfb);
}

/* @pe as the one image of an option ROM, EFI 1.1-compressed (type 1) as
 * EfiRom -ec writes it: the payload is the stream with its 8-byte header. */
static struct tbuf compressed_rom(const uint8_t *pe, size_t len, bool last)
{
	struct tbuf c = t_efi_compress(pe, len, UEFI_EFI11, 0xFFFF);
	struct tbuf rom = t_rom_image(c.p, c.len, OPTROM_CODE_TYPE_EFI, 1, last);

	t_free(&c);
	return rom;
}

/* A copy of QemuVideoDxe with the 16-bit PE header field at @at (from the
 * PE signature) set to @v, compressed as a ROM whose EFI header still says
 * x64 boot-service driver. */
static struct tbuf compressed_edited(size_t at, uint16_t v)
{
	const struct tbuf *gop = t_qemu_video();
	struct tbuf pe = { 0 }, rom;

	t_append(&pe, gop->p, gop->len);
	uefi_put16(pe.p + uefi_le32(pe.p + 0x3C) + at, v);
	rom = compressed_rom(pe.p, pe.len, true);
	t_free(&pe);
	return rom;
}

/*
 * A compressed option ROM is judged on the driver it decodes to, as
 * PciBusDxe loads it, not on its headers: the real GOP (QemuVideoDxe out
 * of Debian's OVMF) passes; the graphics console, a PE for another machine
 * or subsystem, and a stream that does not decode do not, whatever the
 * headers say. The streams come from the tests' encoder; EDK2's EfiRom
 * reads such a ROM's headers as a compressed x64 boot-service driver, and
 * EDK2's decoder gives QemuVideoDxe back from it byte for byte.
 */
static void test_compressed_option_rom_romfile(void **state)
{
	const struct tbuf *gop = t_qemu_video();
	struct tbuf console = t_ovmf_driver("GraphicsConsoleDxe");
	struct tbuf rom = compressed_rom(gop->p, gop->len, true), two = { 0 }, bad;
	uint8_t byte;

	(void)state;
	assert_true(rom.len < gop->len); /* it is compressed */
	put(VBIOS "gop.rom", rom.p, rom.len);
	EXPECT_NONE("rom-optrom.xml");

	bad = compressed_rom(console.p, console.len, true);
	put(VBIOS "gop.rom", bad.p, bad.len);
	EXPECT("rom-optrom.xml", "romfile-gop-consumer");
	expect_text("romfile-gop-consumer", "Simple Text Output");
	t_free(&bad);

	/* the console compressed first, then the GOP: the GOP serves */
	bad = compressed_rom(console.p, console.len, false);
	t_append(&two, bad.p, bad.len);
	t_append(&two, rom.p, rom.len);
	put(VBIOS "gop.rom", two.p, two.len);
	EXPECT_NONE("rom-optrom.xml");
	t_free(&bad);

	bad = compressed_edited(4, 0x014C); /* machine: IA32 */
	put(VBIOS "gop.rom", bad.p, bad.len);
	EXPECT("rom-optrom.xml", "romfile-invalid");
	expect_text("romfile-invalid", "(EFI 1.1-compressed) is not a usable GOP driver: ");
	expect_text("romfile-invalid", "built for IA32 (32-bit x86), machine 0x014c, not x64");
	t_free(&bad);
	bad = compressed_edited(24 + 68, PE_SUBSYSTEM_EFI_APPLICATION);
	put(VBIOS "gop.rom", bad.p, bad.len);
	expect_text("romfile-invalid", "is an EFI application (subsystem 10)");
	t_free(&bad);

	/* damaged: after the first block's 16-bit size, its first table says
	 * it has 31 code lengths, more than the 19 that set has */
	byte = rom.p[0x40 + 8 + 2];
	rom.p[0x40 + 8 + 2] |= 0xF8;
	put(VBIOS "gop.rom", rom.p, rom.len);
	EXPECT("rom-optrom.xml", "romfile-invalid");
	expect_text("romfile-invalid", "image at 0x0 (EFI 1.1-compressed) cannot be decoded");
	expect_text("romfile-invalid", "corrupt");
	rom.p[0x40 + 8 + 2] = byte;
	/* a stream that says it is longer than the image holds */
	uefi_put32(rom.p + 0x40, (uint32_t)rom.len);
	put(VBIOS "gop.rom", rom.p, rom.len);
	expect_text("romfile-invalid", "cut short");
	/* a stream that says it decodes to 4 GiB is not decoded */
	uefi_put32(rom.p + 0x40, 16);
	uefi_put32(rom.p + 0x44, 0xFFFFFFFF);
	put(VBIOS "gop.rom", rom.p, rom.len);
	expect_text("romfile-invalid", "more than 16 MiB");

	put(VBIOS "gop.rom", gop->p, gop->len);
	t_free(&rom);
	t_free(&two);
	t_free(&console);
}

static void test_shm_findings(void **state)
{
	(void)state;
	EXPECT("no-ivshmem.xml", "no-ivshmem");
	EXPECT("shm-small.xml", "shm-too-small");
	EXPECT("shm-not-pow2.xml", "shm-not-pow2", "kvmfr-size-mismatch");
	EXPECT("shm-not-shared.xml", "shm-not-shared");
	EXPECT("legacy-syntax.xml", "ivshmem-legacy-syntax");
	EXPECT("no-device.xml", "ivshmem-no-device");
	EXPECT("qemu-arg-malformed.xml", "qemu-arg-malformed", "ivshmem-no-device");
	EXPECT("kvmfr1.xml", "kvmfr-not-in-acl");
	EXPECT("kvmfr-size-mismatch.xml", "kvmfr-size-mismatch");
	EXPECT("shmem-small.xml", "shm-too-small");
}

static void test_size_against_option_and_hints(void **state)
{
	struct vm_check_opts o = { .root = root, .have_mode = true, .mode = { 3840, 2160, 60 } };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	/* good.xml's 32 MiB is too small for 4K: 128 MiB, the hint names it */
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	f = vm_check_find(&r, "shm-too-small");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_ERROR);
	assert_non_null(strstr(f->hint, "set 128 MiB"));
	assert_non_null(strstr(f->message, "3840x2160 (option) needs 128 MiB"));
	assert_string_equal(r.mode_source, "option");
	assert_int_equal(vm_check_count(&r, VM_SEV_ERROR), 1);
	vm_check_report_free(&r);
	/* the same with HDR: 256 */
	o.hdr = true;
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "shm-too-small")->hint, "set 256 MiB"));
	vm_check_report_free(&r);
}

static void test_acl_commented_out_and_unreadable(void **state)
{
	static const char commented[] = "#cgroup_device_acl = [ \"/dev/kvmfr0\" ]\n";
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	char path[1024];

	(void)state;
	put("/etc/libvirt/qemu.conf", commented, sizeof(commented) - 1);
	EXPECT("good.xml", "kvmfr-not-in-acl");
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	assert_non_null(strstr(vm_check_find(&r, "kvmfr-not-in-acl")->message, "commented out"));
	assert_non_null(strstr(vm_check_find(&r, "kvmfr-not-in-acl")->hint, "\"/dev/kvmfr0\" ]"));
	vm_check_report_free(&r);
	snprintf(path, sizeof(path), "%s/etc/libvirt/qemu.conf", root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	/* no qemu.conf: libvirt is missing, which running as root does not fix */
	assert_null(vm_check_find(&r, "qemu-conf-unreadable"));
	assert_non_null(vm_check_find(&r, "libvirt-missing"));
	assert_int_equal(vm_check_find(&r, "libvirt-missing")->severity, VM_SEV_INFO);
	assert_null(strstr(vm_check_find(&r, "libvirt-missing")->hint, "as root"));
	assert_non_null(
		strstr(vm_check_find(&r, "libvirt-missing")->hint, "libvirt-daemon-system"));
	assert_int_equal(vm_check_count(&r, VM_SEV_ERROR), 0);
	vm_check_report_free(&r);
	copy_fixture("/etc/libvirt/qemu.conf");
	EXPECT_NONE("good.xml");
}

/* Replace the first @from in a fixture by @to, and check the result. */
static void check_edited_opts(const char *name, const char *from, const char *to,
			      const struct vm_check_opts *o, struct vm_check_report *r)
{
	char path[256], *text, *at, *orig;
	struct tbuf b;

	snprintf(path, sizeof(path), FIX "%s", name);
	b = t_read(path);
	/* t_read's buffer is not a string: copy it into one */
	orig = strndup((const char *)b.p, b.len);
	assert_non_null(orig);
	text = calloc(1, b.len + strlen(to) + 1);
	assert_non_null(text);
	at = strstr(orig, from);
	assert_non_null(at);
	memcpy(text, orig, (size_t)(at - orig));
	strcat(text, to);
	strcat(text, at + strlen(from));
	free(orig);
	assert_int_equal(vm_check_xml(text, strlen(text), o, r), 0);
	free(text);
	t_free(&b);
}

static void check_edited(const char *name, const char *from, const char *to,
			 struct vm_check_report *r)
{
	struct vm_check_opts o = { .root = root };

	check_edited_opts(name, from, to, &o, r);
}

/* The host kernel's width comes from the root's /proc/cpuinfo. */
static void test_phys_bits_against_host(void **state)
{
	static const char cpuinfo[] = "processor\t: 0\nvendor_id\t: GenuineIntel\n"
				      "address sizes\t: 39 bits physical, 48 bits virtual\n";
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;

	(void)state;
	/* without the host's figure, a limit is not judged */
	EXPECT_NONE("phys-bits-above-host.xml");
	put("/proc/cpuinfo", cpuinfo, sizeof(cpuinfo) - 1);
	EXPECT("phys-bits-above-host.xml", "phys-bits-above-host");
	EXPECT_NONE("good.xml"); /* emulate, 39 bits */
	assert_int_equal(check_file("phys-bits-unlimited.xml", &o, &r), 0);
	/* the fix names this host's width */
	assert_non_null(strstr(vm_check_find(&r, "phys-bits-unlimited")->hint,
			       "host-x86_64-cpu.host-phys-bits-limit=39'"));
	vm_check_report_free(&r);
	t_rm_rf_rel(root, "/proc");
}

/*
 * libvirt makes mode='emulate' bits='N' into -cpu host,phys-bits=N for a
 * host-passthrough CPU, and QEMU's host model ignores it (measured with
 * Debian's libvirt 9.0 and QEMU 10: the guest keeps the host's 46 bits);
 * a named model, which host-model becomes, takes it. A -global limit on
 * the host CPU's type (or one it derives from) holds.
 */
static void check_edited2(const char *name, const char *from1, const char *to1, const char *from2,
			  const char *to2, struct vm_check_report *r);

static void test_phys_bits_emulate_ignored(void **state)
{
	static const char global[] =
		"    <qemu:arg value=\"-global\"/>\n"
		"    <qemu:arg value=\"host-x86_64-cpu.host-phys-bits-limit=39\"/>\n";
	static const char emulate[] = "<topology";
	static const char *const limits[] = {
		"host-x86_64-cpu.host-phys-bits-limit=39", "max-x86_64-cpu.host-phys-bits-limit=39",
		"x86_64-cpu.host-phys-bits-limit=0x27",
		"driver=host-x86_64-cpu,property=host-phys-bits-limit,value=39"
	};
	struct vm_check_report r;
	size_t i;

	(void)state;
	check_edited2("good.xml", global, "", emulate,
		      "<maxphysaddr mode=\"emulate\" bits=\"39\"/><topology", &r);
	assert_non_null(vm_check_find(&r, "phys-bits-ignored"));
	assert_null(vm_check_find(&r, "phys-bits-unlimited"));
	assert_non_null(strstr(vm_check_find(&r, "phys-bits-ignored")->hint, "-global"));
	vm_check_report_free(&r);
	/* host-model: a named QEMU model, which takes phys-bits */
	check_edited2(
		"good.xml", global, "",
		"<cpu mode=\"host-passthrough\" check=\"none\" migratable=\"off\">",
		"<cpu mode=\"host-model\" check=\"none\"><maxphysaddr mode=\"emulate\" bits=\"39\"/>",
		&r);
	assert_null(vm_check_find(&r, "phys-bits-ignored"));
	assert_null(vm_check_find(&r, "phys-bits-unlimited"));
	vm_check_report_free(&r);
	/* each spelling of the -global, on the host type or a parent */
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		check_edited("good.xml", "host-x86_64-cpu.host-phys-bits-limit=39", limits[i], &r);
		assert_null(vm_check_find(&r, "phys-bits-unlimited"));
		vm_check_report_free(&r);
	}
	/* not a limit: another type's, another property, a value QEMU refuses */
	check_edited("good.xml", "host-x86_64-cpu.host-phys-bits-limit=39",
		     "Skylake-Client-x86_64-cpu.host-phys-bits-limit=39", &r);
	assert_non_null(vm_check_find(&r, "phys-bits-unlimited"));
	vm_check_report_free(&r);
	check_edited("good.xml", "host-x86_64-cpu.host-phys-bits-limit=39",
		     "host-x86_64-cpu.phys-bits=39", &r);
	assert_non_null(vm_check_find(&r, "phys-bits-unlimited"));
	vm_check_report_free(&r);
	check_edited("good.xml", "host-x86_64-cpu.host-phys-bits-limit=39",
		     "host-x86_64-cpu.host-phys-bits-limit=300", &r);
	assert_non_null(vm_check_find(&r, "phys-bits-unlimited"));
	vm_check_report_free(&r);
	/* the last -global wins, and 0 is QEMU's "no limit" (QMP: 46 bits) */
	check_edited("good.xml", "<qemu:arg value=\"host-x86_64-cpu.host-phys-bits-limit=39\"/>",
		     "<qemu:arg value=\"host-x86_64-cpu.host-phys-bits-limit=39\"/>"
		     "<qemu:arg value=\"-global\"/>"
		     "<qemu:arg value=\"x86_64-cpu.host-phys-bits-limit=0\"/>",
		     &r);
	assert_non_null(vm_check_find(&r, "phys-bits-unlimited"));
	vm_check_report_free(&r);
}

/* The guide author's settings (see the fixture's comment). */
/*
 * Real configurations put Scream's 2 MiB audio ring beside Looking Glass's
 * memory: a second IVSHMEM that is not Looking Glass's is judged by QEMU's
 * rules (a power of two), not against a frame. The one named looking-glass,
 * or on /dev/kvmfrN, is Looking Glass's; several are worth an info, as the
 * Windows host takes the lowest PCI address unless os:shmDevice says.
 */
static void test_second_ivshmem_is_not_looking_glass(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT_NONE("real-lunarlake-scream.xml");
	EXPECT_NONE("real-scream-kvmfr.xml");
	assert_int_equal(check_file("real-lunarlake-scream.xml", &o, &r), 0);
	assert_int_equal(r.shm_bytes, 64u << 20);
	assert_string_equal(r.shm_path, "/dev/shm/looking-glass");
	f = vm_check_find(&r, "ivshmem-several");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_INFO);
	assert_non_null(strstr(f->hint, "shmDevice"));
	vm_check_report_free(&r);
	assert_int_equal(check_file("real-scream-kvmfr.xml", &o, &r), 0);
	assert_string_equal(r.shm_path, "/dev/kvmfr0");
	assert_non_null(vm_check_find(&r, "ivshmem-several"));
	vm_check_report_free(&r);
	/* the small one still has to be a power of two */
	check_edited("real-scream-kvmfr.xml", "'size':2097152", "'size':3000000", &r);
	assert_non_null(vm_check_find(&r, "shm-not-pow2"));
	assert_null(vm_check_find(&r, "shm-too-small"));
	vm_check_report_free(&r);
	/* neither named: which one Looking Glass uses is unknown, both are judged */
	check_edited("real-lunarlake-scream.xml", "name=\"looking-glass\"", "name=\"frames\"", &r);
	assert_non_null(vm_check_find(&r, "shm-too-small"));
	vm_check_report_free(&r);
}

/* What this host's libvirt itself makes of a fixture, asked directly. */
static int libvirt_takes(const char *name, struct vm_libvirt_result *lv)
{
	char path[256], *xml;
	struct tbuf b;
	int ret;

	snprintf(path, sizeof(path), FIX "%s", name);
	b = t_read(path);
	xml = strndup((const char *)b.p, b.len);
	assert_non_null(xml);
	ret = vm_libvirt_define(VM_LIBVIRT_TEST_URI, xml, VM_LIBVIRT_UNDEFINE, lv);
	free(xml);
	t_free(&b);
	return ret;
}

/*
 * The guide author's <maxphysaddr mode='passthrough' limit='38'/>: a libvirt
 * without the limit attribute (Debian 12's 9.0) drops it on define. The
 * verdict must match what this host's libvirt does with it, asked here
 * independently through a define on its test driver.
 */
static void test_limit_dropped_by_this_libvirt(void **state)
{
	static const char loaded[] = "128\n";
	struct vm_check_opts o = { .root = root, .libvirt = true };
	struct vm_libvirt_result lv;
	struct vm_check_report r;
	const struct vm_finding *f;
	bool dropped;

	(void)state;
	put("/sys/module/kvmfr/parameters/static_size_mb", loaded, sizeof(loaded) - 1);
	assert_int_equal(libvirt_takes("guide-author.xml", &lv), 0);
	assert_non_null(strstr(lv.xml, "<maxphysaddr mode='passthrough'"));
	dropped = !strstr(lv.xml, "limit='38'");
	free(lv.xml);
	assert_int_equal(check_file("guide-author.xml", &o, &r), 0);
	f = vm_check_find(&r, "phys-bits-limit-dropped");
	assert_int_equal(f != NULL, dropped);
	if (f) {
		assert_int_equal(f->severity, VM_SEV_WARNING);
		assert_non_null(strstr(f->hint, "host-x86_64-cpu.host-phys-bits-limit=38'/>"));
	}
	assert_null(vm_check_find(&r, "libvirt-rejects"));
	assert_null(vm_check_find(&r, "libvirt-parse-unavailable"));
	vm_check_report_free(&r);
	/* the domain's own name is no obstacle, not even the test driver's "test" */
	check_edited_opts("guide-author.xml", "<name>windows11</name>", "<name>test</name>", &o,
			  &r);
	assert_int_equal(vm_check_find(&r, "phys-bits-limit-dropped") != NULL, dropped);
	assert_null(vm_check_find(&r, "libvirt-parse-unavailable"));
	vm_check_report_free(&r);
	t_rm_rf_rel(root, "/sys");
}

/*
 * intel/mainline-tracking#4's domain, as a newer libvirt dumps it:
 * firmware='efi' autoselection beside a loader with readonly='yes'. libvirt
 * 9.0's configuration code refuses that pair; vm check says what virsh
 * define would, with libvirt's own words, and only when libvirt does.
 */
static void test_libvirt_refusal_reported(void **state)
{
	struct vm_check_opts o = { .root = root, .libvirt = true };
	struct vm_libvirt_result lv;
	struct vm_check_report r;
	const struct vm_finding *f;
	int ret;

	(void)state;
	ret = libvirt_takes("real-secboot-limit.xml", &lv);
	free(lv.xml);
	assert_int_equal(check_file("real-secboot-limit.xml", &o, &r), 0);
	f = vm_check_find(&r, "libvirt-rejects");
	if (ret) {
		assert_true(lv.conf_error);
		assert_non_null(f);
		assert_int_equal(f->severity, VM_SEV_ERROR);
		assert_non_null(strstr(f->message, lv.error));
	} else {
		assert_null(f);
	}
	vm_check_report_free(&r);
	/* without the libvirt pass the file alone has no finding */
	o.libvirt = false;
	assert_int_equal(check_file("real-secboot-limit.xml", &o, &r), 0);
	assert_int_equal(r.n, 0);
	vm_check_report_free(&r);
	/* every other fixture that is a domain is taken by this libvirt */
	o.libvirt = true;
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	assert_int_equal(r.n, 0);
	vm_check_report_free(&r);
}

/*
 * The guide author's published domain has <watchdog model='itco'/>, which
 * libvirt 9.0 does not know: vm check refuses it exactly when this host's
 * libvirt's define does, naming the model.
 */
static void test_author_watchdog(void **state)
{
	struct vm_check_opts o = { .root = root, .libvirt = true };
	struct tbuf b = t_read(FIX "guide-author.xml");
	char *orig = strndup((const char *)b.p, b.len), *xml, *at;
	struct vm_libvirt_result lv;
	struct vm_check_report r;
	const struct vm_finding *f;
	int ret;

	(void)state;
	assert_non_null(orig);
	at = strstr(orig, "<memballoon");
	assert_non_null(at);
	assert_true(asprintf(&xml, "%.*s<watchdog model=\"itco\" action=\"reset\"/>%s",
			     (int)(at - orig), orig, at) > 0);
	ret = vm_libvirt_define(VM_LIBVIRT_TEST_URI, xml, VM_LIBVIRT_UNDEFINE, &lv);
	free(lv.xml);
	assert_int_equal(vm_check_xml(xml, strlen(xml), &o, &r), 0);
	f = vm_check_find(&r, "libvirt-rejects");
	assert_int_equal(f != NULL, ret != 0);
	if (f)
		assert_non_null(strstr(f->message, "'itco'"));
	vm_check_report_free(&r);
	free(xml);
	free(orig);
	t_free(&b);
}

/*
 * Secure Boot enforced (IGCIT#1394's secboot OVMF with the Microsoft-keys
 * VARS template) and an unsigned GOP romfile (the fixture's QemuVideoDxe,
 * as a driver taken out of a firmware volume is): OVMF does not run it.
 * The same firmware without enrolled keys verifies nothing.
 */
static void test_secure_boot_unsigned_romfile(void **state)
{
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT("real-truenas-secboot.xml", "nested-virt-exposed", "romfile-unsigned-secure-boot");
	assert_int_equal(check_file("real-truenas-secboot.xml", &o, &r), 0);
	f = vm_check_find(&r, "romfile-unsigned-secure-boot");
	assert_int_equal(f->severity, VM_SEV_WARNING);
	assert_non_null(strstr(f->message, "OVMF_VARS_4M.ms.fd"));
	vm_check_report_free(&r);
	/* no keys in the template: Secure Boot is off, the romfile runs */
	check_edited("real-truenas-secboot.xml", "template=\"/usr/share/OVMF/OVMF_VARS_4M.ms.fd\"",
		     "template=\"/usr/share/OVMF/OVMF_VARS_4M.fd\"", &r);
	assert_null(vm_check_find(&r, "romfile-unsigned-secure-boot"));
	vm_check_report_free(&r);
	/* keys but a firmware built without Secure Boot: nothing verifies either */
	check_edited(
		"real-truenas-secboot.xml",
		"<loader readonly=\"yes\" secure=\"yes\" type=\"pflash\" format=\"raw\">/usr/share/OVMF/OVMF_CODE_4M.secboot.fd",
		"<loader readonly=\"yes\" type=\"pflash\" format=\"raw\">/usr/share/OVMF/OVMF_CODE_4M.fd",
		&r);
	assert_null(vm_check_find(&r, "romfile-unsigned-secure-boot"));
	vm_check_report_free(&r);
	/* firmware autoselection asking for enrolled keys */
	check_edited("real-secboot-limit.xml", "<feature enabled=\"no\" name=\"enrolled-keys\"/>",
		     "<feature enabled=\"yes\" name=\"enrolled-keys\"/>", &r);
	assert_non_null(vm_check_find(&r, "romfile-unsigned-secure-boot"));
	vm_check_report_free(&r);
	/* as posted, enrolled-keys off: not enforced */
	EXPECT_NONE("real-secboot-limit.xml");
}

/*
 * The romfile through <qemu:commandline> -set device.ALIAS.romfile= (the
 * ArchWiki GVT-g way) or <qemu:override>: QEMU loads it, so it is checked
 * like <rom file>; aimed at another device's alias it is not the VF's.
 */
static void test_romfile_through_qemu_set(void **state)
{
	struct vm_check_report r;

	(void)state;
	EXPECT_NONE("real-set-romfile.xml");
	check_edited("real-set-romfile.xml",
		     "device.hostdev1.romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi",
		     "device.hostdev1.romfile=/var/lib/libvirt/vbios/notes.txt", &r);
	assert_non_null(vm_check_find(&r, "romfile-invalid"));
	vm_check_report_free(&r);
	check_edited("real-set-romfile.xml", "device.hostdev1.", "device.hostdev0.", &r);
	assert_non_null(vm_check_find(&r, "romfile-missing"));
	vm_check_report_free(&r);
	/* a user alias (ua-) names the device instead */
	check_edited("real-set-romfile.xml", "<driver name=\"vfio\"/>",
		     "<driver name=\"vfio\"/><alias name=\"ua-igpu\"/>", &r);
	assert_non_null(vm_check_find(&r, "romfile-missing"));
	vm_check_report_free(&r);
	/* libvirt's own override element (8.2) */
	check_edited(
		"real-set-romfile.xml",
		"    <qemu:arg value=\"-set\"/>\n    <qemu:arg value=\"device.hostdev1.romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi\"/>\n  </qemu:commandline>",
		"  </qemu:commandline><qemu:override><qemu:device alias=\"hostdev1\"><qemu:frontend><qemu:property name=\"romfile\" type=\"string\" value=\"/var/lib/libvirt/vbios/IntelGopDriver.efi\"/></qemu:frontend></qemu:device></qemu:override>",
		&r);
	assert_int_equal(r.n, 0);
	vm_check_report_free(&r);
}

/*
 * LongQT-sea/intel-igpu-passthru#27: a VF given the project's legacy-mode
 * igd.rom; the project's answer, a -device of the PF on bus=pci.0, in the
 * same q35 domain.
 */
static void test_real_longqt_vf_igd_rom(void **state)
{
	struct vm_check_report r;

	(void)state;
	/* the romfile is read (absent here), no quirk, virt-manager's alias no user alias */
	EXPECT("real-longqt-27-vf-igd-rom.xml", "romfile-unreadable");
	put("/usr/share/kvm/igd.rom", "not a rom\n", 10);
	EXPECT("real-longqt-27-vf-igd-rom.xml", "romfile-invalid");
	check_edited("real-longqt-27-vf-igd-rom.xml", "</domain>",
		     "<qemu:commandline><qemu:arg value=\"-device\"/><qemu:arg value=\"vfio-pci,"
		     "host=0000:00:02.0,id=hostpci0,bus=pci.0,addr=2.0,x-igd-lpc=on,"
		     "romfile=/usr/share/kvm/igd.rom\"/></qemu:commandline></domain>",
		     &r);
	assert_non_null(vm_check_find(&r, "pf-passed"));
	assert_null(vm_check_find(&r, "vf-bus-pcie0-i440fx"));
	vm_check_report_free(&r);
	t_rm_rf_rel(root, "/usr/share/kvm");
}

/* check_edited() with two edits, the first applied first. */
static void check_edited2(const char *name, const char *from1, const char *to1, const char *from2,
			  const char *to2, struct vm_check_report *r)
{
	struct vm_check_opts o = { .root = root };
	char path[256], *text, *at, *orig, *out;
	struct tbuf b;

	snprintf(path, sizeof(path), FIX "%s", name);
	b = t_read(path);
	orig = strndup((const char *)b.p, b.len);
	t_free(&b);
	assert_non_null(orig);
	for (int k = 0; k < 2; k++) {
		const char *from = k ? from2 : from1, *to = k ? to2 : to1;

		at = strstr(orig, from);
		assert_non_null(at);
		out = calloc(1, strlen(orig) + strlen(to) + 1);
		assert_non_null(out);
		memcpy(out, orig, (size_t)(at - orig));
		strcat(out, to);
		strcat(out, at + strlen(from));
		free(orig);
		orig = out;
	}
	text = orig;
	assert_int_equal(vm_check_xml(text, strlen(text), &o, r), 0);
	free(text);
}

/*
 * The IGD quirks QEMU has for a whole iGPU in legacy mode (x-vga=on,
 * x-igd-opregion=on), given to a VF: through -set and <qemu:override> to
 * a <hostdev>, on a -device vfio-pci; and bus=pcie.0 on a machine without
 * one. The PF keeps its quirks (GVT-d is not this check's business).
 */
static void test_igd_quirks_and_bus_of_a_vf(void **state)
{
	static const char set[] =
		"<qemu:arg value=\"-set\"/>\n    <qemu:arg value=\"device.hostdev1.romfile=";
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	check_edited(
		"real-set-romfile.xml", set,
		"<qemu:arg value=\"-set\"/><qemu:arg value=\"device.hostdev1.x-igd-opregion=on\"/>"
		"<qemu:arg value=\"-set\"/>\n    <qemu:arg value=\"device.hostdev1.romfile=",
		&r);
	f = vm_check_find(&r, "vf-igd-opregion");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_ERROR);
	assert_non_null(strstr(f->message, "0000:00:02.1"));
	assert_non_null(strstr(f->hint, "device.hostdev1.x-igd-opregion"));
	assert_null(vm_check_find(&r, "romfile-missing"));
	vm_check_report_free(&r);
	/* switched off again later on the command line: QEMU's last -set wins */
	check_edited(
		"real-set-romfile.xml", set,
		"<qemu:arg value=\"-set\"/><qemu:arg value=\"device.hostdev1.x-igd-opregion=on\"/>"
		"<qemu:arg value=\"-set\"/><qemu:arg value=\"device.hostdev1.x-igd-opregion=off\"/>"
		"<qemu:arg value=\"-set\"/>\n    <qemu:arg value=\"device.hostdev1.romfile=",
		&r);
	assert_null(vm_check_find(&r, "vf-igd-opregion"));
	vm_check_report_free(&r);
	/* libvirt's override element, on the hostdev of the USB device: not the VF */
	check_edited(
		"real-set-romfile.xml", "</qemu:commandline>",
		"</qemu:commandline><qemu:override><qemu:device alias=\"hostdev1\"><qemu:frontend>"
		"<qemu:property name=\"x-vga\" type=\"bool\" value=\"true\"/>"
		"</qemu:frontend></qemu:device></qemu:override>",
		&r);
	f = vm_check_find(&r, "vf-x-vga");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_WARNING);
	assert_non_null(strstr(f->hint, "x-vga"));
	vm_check_report_free(&r);
	check_edited(
		"real-set-romfile.xml", "</qemu:commandline>",
		"</qemu:commandline><qemu:override><qemu:device alias=\"hostdev0\"><qemu:frontend>"
		"<qemu:property name=\"x-vga\" type=\"bool\" value=\"true\"/>"
		"</qemu:frontend></qemu:device></qemu:override>",
		&r);
	assert_null(vm_check_find(&r, "vf-x-vga"));
	vm_check_report_free(&r);

	/* on a -device vfio-pci of <qemu:commandline> */
	check_edited("cmdline-vf.xml", "id=igpu-vf,", "id=igpu-vf,x-vga=on,x-igd-opregion=on,", &r);
	assert_non_null(vm_check_find(&r, "vf-x-vga"));
	assert_non_null(vm_check_find(&r, "vf-igd-opregion"));
	assert_non_null(strstr(vm_check_find(&r, "vf-x-vga")->hint, "-device vfio-pci"));
	vm_check_report_free(&r);
	/* the PF in legacy mode is another story */
	check_edited("cmdline-vf.xml", "host=0000:00:02.1,id=igpu-vf,",
		     "host=0000:00:02.0,id=igpu-vf,x-vga=on,x-igd-opregion=on,", &r);
	assert_null(vm_check_find(&r, "vf-x-vga"));
	assert_null(vm_check_find(&r, "vf-igd-opregion"));
	vm_check_report_free(&r);

	/* bus=pcie.0: q35's root bus, absent on i440fx */
	check_edited("cmdline-vf.xml", "id=igpu-vf,", "id=igpu-vf,bus=pcie.0,addr=0x10,", &r);
	assert_null(vm_check_find(&r, "vf-bus-pcie0-i440fx"));
	vm_check_report_free(&r);
	check_edited2("cmdline-vf.xml", "machine=\"q35\"", "machine=\"pc-i440fx-8.2\"",
		      "id=igpu-vf,", "id=igpu-vf,bus=pcie.0,addr=0x10,", &r);
	f = vm_check_find(&r, "vf-bus-pcie0-i440fx");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_ERROR);
	assert_non_null(strstr(f->message, "pc-i440fx-8.2"));
	vm_check_report_free(&r);
	/* ... and through -set to a <hostdev>, the machine type left out */
	check_edited2("real-set-romfile.xml", " machine=\"q35\"", "", set,
		      "<qemu:arg value=\"-set\"/><qemu:arg value=\"device.hostdev1.bus=pcie.0\"/>"
		      "<qemu:arg value=\"-set\"/>\n    <qemu:arg value=\"device.hostdev1.romfile=",
		      &r);
	assert_non_null(vm_check_find(&r, "vf-bus-pcie0-i440fx"));
	assert_non_null(vm_check_find(&r, "machine-not-q35"));
	vm_check_report_free(&r);

	/*
	 * bus=pci.0 on q35, whose root bus is pcie.0: Debian's QEMU 10.0
	 * (qemu-system-x86_64 -M q35 -device virtio-net-pci,bus=pci.0) stops
	 * with "Bus 'pci.0' not found".
	 */
	check_edited("cmdline-vf.xml", "id=igpu-vf,", "id=igpu-vf,bus=pci.0,addr=0x10,", &r);
	f = vm_check_find(&r, "vf-bus-pci0-q35");
	assert_non_null(f);
	assert_int_equal(f->severity, VM_SEV_ERROR);
	assert_non_null(strstr(f->message, "Bus 'pci.0' not found"));
	assert_non_null(strstr(f->hint, "pcie.0"));
	assert_null(vm_check_find(&r, "vf-bus-pcie0-i440fx"));
	vm_check_report_free(&r);
	/* ... through -set to a <hostdev> */
	check_edited("real-set-romfile.xml", set,
		     "<qemu:arg value=\"-set\"/><qemu:arg value=\"device.hostdev1.bus=pci.0\"/>"
		     "<qemu:arg value=\"-set\"/>\n    <qemu:arg value=\"device.hostdev1.romfile=",
		     &r);
	assert_non_null(vm_check_find(&r, "vf-bus-pci0-q35"));
	assert_non_null(strstr(vm_check_find(&r, "vf-bus-pci0-q35")->hint, "device.hostdev1.bus"));
	vm_check_report_free(&r);
	/* i440fx's own root bus */
	check_edited2("cmdline-vf.xml", "machine=\"q35\"", "machine=\"pc-i440fx-8.2\"",
		      "id=igpu-vf,", "id=igpu-vf,bus=pci.0,addr=0x10,", &r);
	assert_null(vm_check_find(&r, "vf-bus-pci0-q35"));
	vm_check_report_free(&r);
	/* a bridge named pci.0 (as Proxmox's pve-q35-4.0.cfg defines one) */
	check_edited("cmdline-vf.xml", "<qemu:arg value=\"-device\"/>",
		     "<qemu:arg value=\"-device\"/><qemu:arg value=\"pci-bridge,id=pci.0,"
		     "bus=pcie.0,chassis_nr=1\"/><qemu:arg value=\"-device\"/>",
		     &r);
	assert_null(vm_check_find(&r, "vf-bus-pci0-q35"));
	vm_check_report_free(&r);
}

/*
 * The romfile is opened inside --root, as QEMU in a chroot of it would: a
 * path climbing out with ../ or a symlink to an absolute path of the
 * machine running the check reaches only the root's own files. A valid
 * GOP planted beside the root must not be read.
 */
static void test_romfile_stays_in_root(void **state)
{
	const struct tbuf *gop = t_qemu_video();
	char outside[1024], link[1024], climb[1200], to[1400];
	struct vm_check_report r;
	int fd;

	(void)state;
	snprintf(outside, sizeof(outside), "%s.outside.efi", root);
	t_vm_write(outside, gop->p, gop->len);
	snprintf(link, sizeof(link), "%s" VBIOS "outside.efi", root);
	assert_int_equal(symlink(outside, link), 0);

	snprintf(climb, sizeof(climb), "/../../../../../../../../..%s.outside.efi", root);
	snprintf(to, sizeof(to), "<rom file=\"%s\"/>", climb);
	check_edited("good.xml", "<rom file=\"/var/lib/libvirt/vbios/IntelGopDriver.efi\"/>", to,
		     &r);
	assert_non_null(vm_check_find(&r, "romfile-unreadable"));
	vm_check_report_free(&r);
	check_edited("good.xml", "IntelGopDriver.efi\"", "outside.efi\"", &r);
	assert_non_null(vm_check_find(&r, "romfile-unreadable"));
	vm_check_report_free(&r);
	/* the fallback without openat2 refuses both */
	assert_int_equal(vm_root_open_checked(root, climb, O_RDONLY), -EXDEV);
	assert_int_equal(vm_root_open_checked(root, VBIOS "outside.efi", O_RDONLY), -EXDEV);
	/* a symlink inside the root to a path inside it is followed there */
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(VBIOS "IntelGopDriver.efi", link), 0);
	check_edited("good.xml", "IntelGopDriver.efi\"", "outside.efi\"", &r);
	assert_null(vm_check_find(&r, "romfile-unreadable"));
	assert_null(vm_check_find(&r, "romfile-invalid"));
	vm_check_report_free(&r);
	/* ... by the fallback only when it is relative: realpath follows an
	 * absolute one out of the root (to this machine's file, or none) */
	fd = vm_root_open_checked(root, VBIOS "outside.efi", O_RDONLY);
	assert_true(fd == -EXDEV || fd == -ENOENT);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink("IntelGopDriver.efi", link), 0);
	fd = vm_root_open_checked(root, VBIOS "outside.efi", O_RDONLY);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(unlink(outside), 0);
}

/*
 * A VF on QEMU's command line (-device vfio-pci,host=...) is a VF, not
 * no-vf: a warning that libvirt does not manage it, and its romfile and
 * ROM BAR checked as a <hostdev>'s are.
 */
static void test_vf_on_the_qemu_command_line(void **state)
{
	struct vm_check_report r;

	(void)state;
	EXPECT("cmdline-vf.xml", "vf-outside-libvirt");
	check_edited("cmdline-vf.xml", "host=0000:00:02.1,", "host=00:02.3,", &r);
	assert_null(vm_check_find(&r, "no-vf"));
	assert_non_null(vm_check_find(&r, "vf-outside-libvirt"));
	vm_check_report_free(&r);
	check_edited("cmdline-vf.xml", ",romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi", "",
		     &r);
	assert_non_null(vm_check_find(&r, "romfile-missing"));
	vm_check_report_free(&r);
	check_edited("cmdline-vf.xml", "romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi",
		     "romfile=/var/lib/libvirt/vbios/notes.txt,rombar=0", &r);
	assert_non_null(vm_check_find(&r, "romfile-invalid"));
	assert_non_null(vm_check_find(&r, "rom-bar-off"));
	vm_check_report_free(&r);
	check_edited("cmdline-vf.xml", "host=0000:00:02.1,", "host=0000:00:02.0,", &r);
	assert_non_null(vm_check_find(&r, "pf-passed"));
	assert_non_null(vm_check_find(&r, "no-vf"));
	vm_check_report_free(&r);
	/* another device on the command line is no VF */
	check_edited("cmdline-vf.xml", "host=0000:00:02.1,", "host=0000:01:00.0,", &r);
	assert_non_null(vm_check_find(&r, "no-vf"));
	vm_check_report_free(&r);
}

/* SPICE on a UNIX socket: the Looking Glass client's spice:host can be one. */
static void test_spice_socket(void **state)
{
	struct vm_check_report r;

	(void)state;
	check_edited("real-gvtg-mdev.xml", "<listen type=\"none\"/>",
		     "<listen type=\"socket\" socket=\"/run/lg-spice.sock\"/>", &r);
	assert_null(vm_check_find(&r, "spice-no-listener"));
	assert_null(vm_check_find(&r, "spice-autoport"));
	vm_check_report_free(&r);
}

/* Compressed in an option ROM, the unsigned driver is still what OVMF
 * verifies once it has decoded it. */
static void test_secure_boot_compressed_romfile(void **state)
{
	const struct tbuf *gop = t_qemu_video();
	struct tbuf rom = compressed_rom(gop->p, gop->len, true);

	(void)state;
	put(VBIOS "IntelGopDriver.efi", rom.p, rom.len);
	EXPECT("real-truenas-secboot.xml", "nested-virt-exposed", "romfile-unsigned-secure-boot");
	put(VBIOS "IntelGopDriver.efi", gop->p, gop->len);
	t_free(&rom);
}

/* A romfile with a certificate table (PE32+ data directory 4) is left to
 * OVMF's db: no finding. */
static void test_secure_boot_signed_romfile(void **state)
{
	const struct tbuf *gop = t_qemu_video();
	uint8_t *pe = malloc(gop->len);
	size_t dir;

	(void)state;
	assert_non_null(pe);
	memcpy(pe, gop->p, gop->len);
	assert_int_equal(pe[uefi_le32(pe + 0x3C) + 24], 0x0B); /* PE32+ */
	dir = uefi_le32(pe + 0x3C) + 24 + 112 + 4 * 8;
	pe[dir + 4] = 0x10; /* certificate table size, non-zero */
	put(VBIOS "IntelGopDriver.efi", pe, gop->len);
	EXPECT("real-truenas-secboot.xml", "nested-virt-exposed");
	put(VBIOS "IntelGopDriver.efi", gop->p, gop->len);
	free(pe);
}

static void test_guide_author_domain(void **state)
{
	static const char loaded[] = "128\n";
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	/* kvmfr loaded by hand with 128 MiB: sysfs, not modprobe.d, has the size */
	put("/sys/module/kvmfr/parameters/static_size_mb", loaded, sizeof(loaded) - 1);
	EXPECT("guide-author.xml", "ivshmem-legacy-syntax", "nested-virt-exposed");
	assert_int_equal(check_file("guide-author.xml", &o, &r), 0);
	/* the JSON form keeps the domain's own size, id and device */
	f = vm_check_find(&r, "ivshmem-legacy-syntax");
	assert_non_null(strstr(f->hint, "'mem-path':'/dev/kvmfr0','size':134217728,"));
	assert_non_null(strstr(f->hint, "'memdev':'ivshmem'"));
	vm_check_report_free(&r);
	/* on /dev/kvmfr1 the fix names /dev/kvmfr1, and 128 MiB stays 128 MiB */
	check_edited("guide-author.xml", "mem-path=/dev/kvmfr0", "mem-path=/dev/kvmfr1", &r);
	f = vm_check_find(&r, "ivshmem-legacy-syntax");
	assert_non_null(strstr(f->hint, "'mem-path':'/dev/kvmfr1','size':134217728,"));
	assert_null(strstr(f->hint, "33554432"));
	vm_check_report_free(&r);
	t_rm_rf_rel(root, "/sys");
}

/* Debian and Ubuntu: libvirt's QEMU runs under AppArmor, which must allow kvmfr. */
static void test_apparmor_rule(void **state)
{
	static const char abstraction[] = "  /dev/kvm rw,\n  /dev/net/tun rw,\n"
					  "  include if exists <local/abstractions/libvirt-qemu>\n";
	struct vm_check_opts o = { .root = root };
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	EXPECT_NONE("good.xml"); /* no AppArmor under the root: nothing to say */
	put("/sys/module/apparmor/parameters/enabled", "Y\n", 2);
	EXPECT_NONE("good.xml"); /* AppArmor, but libvirt's profile is not installed */
	put("/etc/apparmor.d/abstractions/libvirt-qemu", abstraction, sizeof(abstraction) - 1);
	EXPECT("good.xml", "apparmor-kvmfr");
	assert_int_equal(check_file("good.xml", &o, &r), 0);
	f = vm_check_find(&r, "apparmor-kvmfr");
	assert_int_equal(f->severity, VM_SEV_ERROR);
	assert_non_null(strstr(
		f->hint, "'/dev/kvmfr0 rw,' to /etc/apparmor.d/local/abstractions/libvirt-qemu"));
	vm_check_report_free(&r);
	put("/etc/apparmor.d/local/abstractions/libvirt-qemu", "# vfctl\n/dev/kvmfr0 r,\n", 23);
	EXPECT("good.xml", "apparmor-kvmfr"); /* read-only is not enough */
	put("/etc/apparmor.d/local/abstractions/libvirt-qemu", "/dev/kvmfr* rw,\n", 16);
	EXPECT_NONE("good.xml");
	put("/etc/apparmor.d/local/abstractions/libvirt-qemu", "/dev/kvmfr0 rw,\n", 16);
	EXPECT_NONE("good.xml");
	put("/etc/apparmor.d/local/abstractions/libvirt-qemu", "", 0);
	put("/sys/module/apparmor/parameters/enabled", "N\n", 2);
	EXPECT_NONE("good.xml"); /* AppArmor off */
	t_rm_rf_rel(root, "/sys");
	t_rm_rf_rel(root, "/etc/apparmor.d");
}

static void test_not_a_domain(void **state)
{
	struct vm_check_report r;

	(void)state;
	assert_int_equal(check_file("not-domain.xml", NULL, &r), -EINVAL);
	assert_int_equal(check_file("broken.xml", NULL, &r), -EINVAL);
	assert_int_equal(vm_check_xml("", 0, NULL, &r), -EINVAL);
	/* a <domain> in another namespace is not libvirt's */
	assert_int_equal(vm_check_xml("<domain xmlns='urn:x'/>", 23, NULL, &r), -EINVAL);
	/* an empty domain: everything is missing, nothing crashes */
	assert_int_equal(vm_check_xml("<domain/>", 9, NULL, &r), 0);
	assert_non_null(vm_check_find(&r, "machine-not-q35"));
	assert_non_null(vm_check_find(&r, "no-uefi"));
	assert_non_null(vm_check_find(&r, "no-vf"));
	assert_non_null(vm_check_find(&r, "no-ivshmem"));
	assert_string_equal(r.mode_source, "assumed");
	vm_check_report_free(&r);
}

static void test_qemu_opt_parser(void **state)
{
	char v[32];
	uint64_t b;
	bool on;

	(void)state;
	assert_int_equal(vm_qemu_opt_get("ivshmem-plain,memdev=ivshmem", "driver", v, sizeof(v)),
			 1);
	assert_string_equal(v, "ivshmem-plain");
	assert_int_equal(vm_qemu_opt_get("ivshmem-plain,memdev=ivshmem", "memdev", v, sizeof(v)),
			 1);
	assert_string_equal(v, "ivshmem");
	assert_int_equal(vm_qemu_opt_get("x,mem-path=/a,,b,size=1", "mem-path", v, sizeof(v)), 1);
	assert_string_equal(v, "/a,b");
	assert_int_equal(vm_qemu_opt_get("x,id=a", "size", v, sizeof(v)), 0);
	assert_int_equal(
		vm_qemu_opt_get("{'a':'x', \"size\" : 64 ,'share':true}", "size", v, sizeof(v)), 1);
	assert_string_equal(v, "64");
	assert_int_equal(vm_qemu_opt_get("{'a':'x','share':true}", "share", v, sizeof(v)), 1);
	assert_string_equal(v, "true");
	assert_int_equal(vm_qemu_opt_get("{'a':'x'}", "b", v, sizeof(v)), 0);
	assert_int_equal(vm_qemu_opt_get("{'a':'x'", "b", v, sizeof(v)), -EINVAL);
	assert_int_equal(vm_qemu_opt_get("{'a':{'b':1}}", "b", v, sizeof(v)), -EINVAL);
	assert_int_equal(vm_qemu_opt_get("{'a':'x'} junk", "b", v, sizeof(v)), -EINVAL);
	assert_int_equal(vm_qemu_opt_get("{'a':'0123456789012345678901234567890123456789'}", "a", v,
					 sizeof(v)),
			 -ENAMETOOLONG);
	assert_int_equal(vm_qemu_size_parse("64M", &b), 0);
	assert_int_equal(b, 64u << 20);
	assert_int_equal(vm_qemu_size_parse("1G", &b), 0);
	assert_int_equal(b, 1u << 30);
	assert_int_equal(vm_qemu_size_parse("67108864", &b), 0);
	assert_int_equal(b, 67108864);
	assert_int_equal(vm_qemu_size_parse("64Q", &b), -EINVAL);
	assert_int_equal(vm_qemu_size_parse("-1", &b), -EINVAL);
	assert_int_equal(vm_qemu_size_parse("99999999999999999999", &b), -EINVAL);
	assert_int_equal(vm_qemu_size_parse("99999999999T", &b), -EINVAL);
	assert_int_equal(vm_qemu_bool_parse("on", &on), 0);
	assert_true(on);
	assert_int_equal(vm_qemu_bool_parse("false", &on), 0);
	assert_false(on);
	assert_int_equal(vm_qemu_bool_parse("maybe", &on), -EINVAL);
}

static void test_qemu_conf_parser(void **state)
{
	(void)state;
	assert_int_equal(
		vm_qemu_conf_acl_has("cgroup_device_acl = [\"/dev/kvm\", \"/dev/kvmfr0\"]\n",
				     "/dev/kvmfr0"),
		1);
	assert_int_equal(
		vm_qemu_conf_acl_has("cgroup_device_acl = [\"/dev/kvm\"]\n", "/dev/kvmfr0"), 0);
	/* a prefix of the name is not the name */
	assert_int_equal(
		vm_qemu_conf_acl_has("cgroup_device_acl = [\"/dev/kvmfr\"]\n", "/dev/kvmfr0"), 0);
	assert_int_equal(vm_qemu_conf_acl_has("# cgroup_device_acl = [\"/dev/kvmfr0\"]\n",
					      "/dev/kvmfr0"),
			 -ENOENT);
	assert_int_equal(vm_qemu_conf_acl_has("cgroup_device_aclx = []\n", "/dev/kvmfr0"), -ENOENT);
	/* the first setting counts, as libvirt's lookup finds it */
	assert_int_equal(vm_qemu_conf_acl_has("cgroup_device_acl = [\"/dev/kvmfr0\"]\n"
					      "cgroup_device_acl = [\"/dev/kvm\"]\n",
					      "/dev/kvmfr0"),
			 1);
	assert_int_equal(vm_qemu_conf_acl_has("cgroup_device_acl = [\"/dev/kvm\"]\n"
					      "cgroup_device_acl = [\"/dev/kvmfr0\"]\n",
					      "/dev/kvmfr0"),
			 0);
	assert_int_equal(vm_qemu_conf_acl_has("cgroup_device_acl = [\"/dev/kvmfr0\"\n",
					      "/dev/kvmfr0"),
			 -EINVAL);
	assert_int_equal(vm_qemu_conf_acl_has("cgroup_device_acl = \"/dev/kvmfr0\"\n",
					      "/dev/kvmfr0"),
			 -EINVAL);
}

/* Where a device goes (lib/setup adds /dev/kvmfr0 there): the closing bracket
 * of the setting that counts, the first one, past comments inside the list. */
static void test_qemu_conf_list_end(void **state)
{
	static const char text[] = "cgroup_device_acl = [\n"
				   "    \"/dev/kvm\", # ] not this one\n"
				   "    \"/dev/ptmx\"\n"
				   "]\n"
				   "cgroup_device_acl = [ \"/dev/null\" ]\n";
	const char *close = NULL;

	(void)state;
	assert_int_equal(vm_qemu_conf_acl_find(text, "/dev/kvmfr0", &close), 0);
	assert_non_null(close);
	assert_int_equal(close - text, (long)(strstr(text, "\n]") + 1 - text));
	assert_int_equal(vm_qemu_conf_acl_find(text, "/dev/ptmx", NULL), 1);
	close = NULL;
	assert_int_equal(vm_qemu_conf_acl_find("#cgroup_device_acl = [ ]\n", "/dev/kvm", &close),
			 -ENOENT);
	assert_null(close);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_domains_pass),
		cmocka_unit_test(test_machine_findings),
		cmocka_unit_test(test_vf_findings),
		cmocka_unit_test(test_romfile_stays_in_root),
		cmocka_unit_test(test_gvtg_domain),
		cmocka_unit_test(test_option_rom_romfile),
		cmocka_unit_test(test_romfile_gop_role),
		cmocka_unit_test(test_compressed_option_rom_romfile),
		cmocka_unit_test(test_shm_findings),
		cmocka_unit_test(test_second_ivshmem_is_not_looking_glass),
		cmocka_unit_test(test_size_against_option_and_hints),
		cmocka_unit_test(test_acl_commented_out_and_unreadable),
		cmocka_unit_test(test_phys_bits_against_host),
		cmocka_unit_test(test_phys_bits_emulate_ignored),
		cmocka_unit_test(test_limit_dropped_by_this_libvirt),
		cmocka_unit_test(test_libvirt_refusal_reported),
		cmocka_unit_test(test_author_watchdog),
		cmocka_unit_test(test_secure_boot_unsigned_romfile),
		cmocka_unit_test(test_secure_boot_signed_romfile),
		cmocka_unit_test(test_secure_boot_compressed_romfile),
		cmocka_unit_test(test_spice_socket),
		cmocka_unit_test(test_romfile_through_qemu_set),
		cmocka_unit_test(test_guide_author_domain),
		cmocka_unit_test(test_apparmor_rule),
		cmocka_unit_test(test_not_a_domain),
		cmocka_unit_test(test_vf_on_the_qemu_command_line),
		cmocka_unit_test(test_igd_quirks_and_bus_of_a_vf),
		cmocka_unit_test(test_real_longqt_vf_igd_rom),
		cmocka_unit_test(test_qemu_opt_parser),
		cmocka_unit_test(test_qemu_conf_parser),
		cmocka_unit_test(test_qemu_conf_list_end),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
