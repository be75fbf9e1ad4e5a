// SPDX-License-Identifier: MIT
/*
 * Option ROM wrapping (EfiRom layout), PE checks, the VF ID lookup through a
 * sysfs fixture tree, SHA-256 and UTF-16 helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/test_uefi_util.h"
#include "uefi/pci_optrom.h"
#include "uefi/pci_vf.h"
#include "uefi/sha256.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_pe.h"
#include "uefi/uefi_text.h"

/* Research notes 5.4: a 16,896-byte PE gives a 0x4400-byte ROM, PE at 0x200. */
static void test_rom_layout(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct optrom_params p = { .vendor = 0x8086, .device = 0xA7A0, .last = true };
	struct optrom_image img;
	uint8_t *rom;
	size_t len, i;

	(void)state;
	assert_int_equal(optrom_build(pe->p, pe->len, &p, &rom, &len), 0);
	assert_int_equal(len, 0x4400);
	assert_int_equal(rom[0], 0x55);
	assert_int_equal(rom[1], 0xAA);
	assert_int_equal(uefi_le16(rom + 2), 0x22);
	assert_int_equal(uefi_le32(rom + 4), 0x0EF1);
	assert_int_equal(uefi_le16(rom + 8), 11);
	assert_int_equal(uefi_le16(rom + 0x0A), 0x8664);
	assert_int_equal(uefi_le16(rom + 0x0C), 0);
	assert_int_equal(uefi_le16(rom + 0x16), 0x200);
	assert_int_equal(uefi_le16(rom + 0x18), 0x1C);
	assert_memory_equal(rom + 0x1C, "PCIR", 4);
	assert_int_equal(uefi_le16(rom + 0x1C + 4), 0x8086);
	assert_int_equal(uefi_le16(rom + 0x1C + 6), 0xA7A0);
	assert_int_equal(uefi_le16(rom + 0x1C + 0x0A), 0x1C);
	assert_int_equal(rom[0x1C + 0x0C], 3);
	assert_int_equal(uefi_le16(rom + 0x1C + 0x10), 0x22);
	assert_int_equal(rom[0x1C + 0x14], 3);
	assert_int_equal(rom[0x1C + 0x15], 0x80);
	for (i = 0x38; i < 0x200; i++)
		assert_int_equal(rom[i], 0xFF);
	assert_memory_equal(rom + 0x200, pe->p, pe->len);

	assert_int_equal(optrom_parse(rom, len, &img, 1), 1);
	assert_int_equal(img.code_type, 3);
	assert_int_equal(img.efi_offset, 0x200);
	assert_int_equal(img.length, 0x4400);
	assert_int_equal(img.device, 0xA7A0);
	free(rom);
}

/* Sizes around the 512-byte boundary and two images in one ROM. */
static void test_rom_sizes_and_chain(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct optrom_params p = { .vendor = 0x8086, .device = 1, .last = false };
	struct optrom_image img[4];
	struct tbuf two = { 0 };
	uint8_t *rom;
	size_t len, cut;

	(void)state;
	/* Padding after the PE keeps it valid: sizes around 512 boundaries. */
	for (cut = 0; cut < 4; cut++) {
		static const size_t extra[] = { 0, 1, 0x1C8, 0x1C9 };
		struct tbuf big = { 0 };

		t_append(&big, pe->p, pe->len);
		t_fill(&big, 0, extra[cut]);
		assert_int_equal(optrom_build(big.p, big.len, &p, &rom, &len), 0);
		assert_int_equal(len % 512, 0);
		assert_true(len >= big.len + 0x38 && len < big.len + 0x38 + 512);
		assert_int_equal(uefi_le16(rom + 0x16) + big.len, len);
		assert_memory_equal(rom + len - big.len, big.p, big.len);
		assert_int_equal(optrom_parse(rom, len, img, 4), 1);
		free(rom);
		t_free(&big);
	}
	assert_int_equal(optrom_build(pe->p, pe->len, &p, &rom, &len), 0);
	t_append(&two, rom, len);
	free(rom);
	p.last = true;
	assert_int_equal(optrom_build(pe->p, pe->len, &p, &rom, &len), 0);
	t_append(&two, rom, len);
	free(rom);
	assert_int_equal(optrom_parse(two.p, two.len, img, 4), 2);
	assert_int_equal(img[1].offset, 0x4400);
	assert_int_equal(img[1].indicator, 0x80);
	/* Broken headers: signature, PCIR offset, EFI signature. */
	two.p[0x4400 + 0x1C] = 'X';
	assert_int_equal(optrom_parse(two.p, two.len, img, 4), -EINVAL);
	two.p[0x4400 + 0x1C] = 'P';
	two.p[4] = 0;
	assert_int_equal(optrom_parse(two.p, two.len, img, 4), -EINVAL);
	two.p[0] = 0;
	assert_int_equal(optrom_parse(two.p, two.len, img, 4), -EINVAL);
	assert_int_equal(optrom_build((const uint8_t *)"MZ", 2, &p, &rom, &len), -EINVAL);
	t_free(&two);
}

static void test_pe_checks(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf b = { 0 };
	struct uefi_pe_info info;
	uint32_t lfanew;
	char why[160];
	uint8_t *g;

	(void)state;
	t_append(&b, pe->p, pe->len);
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, &info), UEFI_PE_OK);
	assert_int_equal(info.magic, 0x20B);
	assert_int_equal(info.sections, 3);
	lfanew = uefi_le32(b.p + 0x3C);
	assert_int_equal(lfanew, 0x80);

	assert_int_equal(uefi_pe_check_gop(b.p, b.len - 1, NULL), UEFI_PE_TRUNCATED);
	assert_int_equal(uefi_pe_check_gop(b.p, 0x100, NULL), UEFI_PE_TRUNCATED);
	assert_int_equal(uefi_pe_check_gop(b.p, 0x40, NULL), UEFI_PE_NOT_MZ);
	uefi_put16(b.p + lfanew + 4, 0x014C);
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, &info), UEFI_PE_NOT_X64);
	/* The reason names what the image is for (Debian's ovmf-ia32 and
	 * qemu-efi-aarch64 hold drivers of the same names as OVMF's). */
	assert_non_null(strstr(uefi_pe_verdict_explain(UEFI_PE_NOT_X64, &info, why, sizeof(why)),
			       "built for IA32 (32-bit x86), machine 0x014c, not x64"));
	uefi_put16(b.p + lfanew + 4, 0xAA64);
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, &info), UEFI_PE_NOT_X64);
	assert_non_null(strstr(uefi_pe_verdict_explain(UEFI_PE_NOT_X64, &info, why, sizeof(why)),
			       "built for AArch64, machine 0xaa64,"));
	uefi_put16(b.p + lfanew + 4, 0x1234);
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, &info), UEFI_PE_NOT_X64);
	assert_non_null(strstr(uefi_pe_verdict_explain(UEFI_PE_NOT_X64, &info, why, sizeof(why)),
			       "machine 0x1234, not 0x8664"));
	uefi_put16(b.p + lfanew + 4, 0x8664);
	uefi_put16(b.p + lfanew + 24 + 68, 10);
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, &info), UEFI_PE_NOT_BOOT_DRIVER);
	assert_non_null(
		strstr(uefi_pe_verdict_explain(UEFI_PE_NOT_BOOT_DRIVER, &info, why, sizeof(why)),
		       "is an EFI application (subsystem 10)"));
	uefi_put16(b.p + lfanew + 24 + 68, 11);
	while ((g = memmem(b.p, b.len, uefi_guid_gop.b, 16)))
		g[0] ^= 0xFF;
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, NULL), UEFI_PE_NO_GOP_GUID);
	memcpy(b.p + lfanew, "PX", 2);
	assert_int_equal(uefi_pe_check_gop(b.p, b.len, NULL), UEFI_PE_NOT_MZ);
	t_free(&b);
}

static void write_attr(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_vf_ids_fixture(void **state)
{
	char *root = t_mkdtemp(), pf[512], vf[600];
	uint16_t vendor = 0, device = 0;

	(void)state;
	assert_int_equal(pci_vf_ids(root, PCI_IGPU_PF, &vendor, &device), -ENOENT);
	snprintf(pf, sizeof(pf), "%s/sys/bus/pci/devices/%s", root, PCI_IGPU_PF);
	{
		char *cmd;

		assert_true(asprintf(&cmd, "mkdir -p '%s/virtfn0'", pf) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	write_attr(pf, "vendor", "0x8086\n");
	/* No SR-IOV attribute and no VF yet. */
	assert_int_equal(pci_vf_ids(root, PCI_IGPU_PF, &vendor, &device), -ENOENT);
	snprintf(vf, sizeof(vf), "%s/virtfn0", pf);
	write_attr(vf, "device", "0xa780\n");
	assert_int_equal(pci_vf_ids(root, PCI_IGPU_PF, &vendor, &device), 0);
	assert_int_equal(vendor, 0x8086);
	assert_int_equal(device, 0xA780);
	/* sriov_vf_device wins when present. */
	write_attr(pf, "sriov_vf_device", "a7a0\n");
	assert_int_equal(pci_vf_ids(root, PCI_IGPU_PF, &vendor, &device), 0);
	assert_int_equal(device, 0xA7A0);
	write_attr(pf, "sriov_vf_device", "zzz\n");
	assert_int_equal(pci_vf_ids(root, PCI_IGPU_PF, &vendor, &device), -EINVAL);
	t_rm_rf(root);
	free(root);
}

static void test_sha256_vectors(void **state)
{
	char hex[SHA256_HEX_SIZE];
	char *a = malloc(1000000);

	(void)state;
	assert_string_equal(sha256_hex("", 0, hex),
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(sha256_hex("abc", 3, hex),
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
				       56, hex),
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(a, 'a', 1000000);
	assert_string_equal(sha256_hex(a, 1000000, hex),
			    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

static void test_utf16(void **state)
{
	static const uint8_t gop[] = "I\0n\0t\0e\0l\0(\0R\0)\0 \0G\0O\0P\0 \0D\0r\0i\0v\0e\0r\0";
	uint8_t *u;
	size_t n;
	char *s;

	(void)state;
	assert_int_equal(uefi_utf16_encode("Intel(R) GOP Driver", &u, &n), 0);
	assert_int_equal(n, sizeof(gop) - 1);
	assert_memory_equal(u, gop, n);
	assert_true(uefi_utf16_find(gop + 1, sizeof(gop) - 2, u, n - 2, false) == false);
	assert_true(uefi_utf16_find(gop, sizeof(gop) - 1, u, n, false));
	free(u);
	assert_int_equal(uefi_utf16_encode("intel(r) gop", &u, &n), 0);
	assert_false(uefi_utf16_find(gop, sizeof(gop) - 1, u, n, false));
	assert_true(uefi_utf16_find(gop, sizeof(gop) - 1, u, n, true));
	free(u);
	assert_int_equal(uefi_utf16_encode("", &u, &n), -EINVAL);
	assert_int_equal(uefi_utf16_encode("\xF0\x9F\x98\x80", &u, &n), -EINVAL);
	assert_int_equal(uefi_utf16_encode("\xC3", &u, &n), -EINVAL);
	assert_int_equal(uefi_utf16_encode("\xC3\xA9", &u, &n), 0);
	assert_int_equal(uefi_le16(u), 0xE9);
	s = uefi_utf16_decode(u, n);
	assert_string_equal(s, "\xC3\xA9");
	free(s);
	free(u);
	s = uefi_utf16_decode(gop, 9); /* odd length stops at the last unit */
	assert_string_equal(s, "Inte");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rom_layout),     cmocka_unit_test(test_rom_sizes_and_chain),
		cmocka_unit_test(test_pe_checks),      cmocka_unit_test(test_vf_ids_fixture),
		cmocka_unit_test(test_sha256_vectors), cmocka_unit_test(test_utf16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
