// SPDX-License-Identifier: MIT
/*
 * Drivers outside a firmware volume, as users have them: the driver file
 * itself (coreboot and Dasharo ship IntelGopDriver.efi standalone) and PCI
 * option ROMs (EfiRom output as used for a VF's romfile, GPU ROMs with a
 * legacy image before the EFI one). Built around OVMF's QemuVideoDxe; the
 * compressed ROM image is in test_uefi_codec.c, next to the encoder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_uefi_util.h"
#include "uefi/pci_optrom.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_le.h"

#define MATCH "QEMU Video Driver"

static void expect_qemu_video(const struct tbuf *img, enum uefi_container container,
			      uint64_t offset)
{
	struct uefi_gop_result res;

	assert_int_equal(uefi_gop_find(img->p, img->len, MATCH, NULL, &res), 0);
	assert_int_equal(res.stats.image.container, container);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.hit_files, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_string_equal(res.cand[0].file_guid, "");
	assert_true(res.cand[0].usable);
	assert_int_equal(res.cand[0].offset, offset);
	assert_int_equal(res.n_warnings, 0);
	uefi_gop_result_free(&res);
}

/* Given the .efi itself, the answer is that file, byte for byte. */
static void test_pe_file(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct uefi_gop_result res;

	(void)state;
	expect_qemu_video(pe, UEFI_CONTAINER_PE_IMAGE, 0);
	/* The text rules of a volume hold: absent, or only ignoring case. */
	assert_int_equal(uefi_gop_find(pe->p, pe->len, UEFI_GOP_DEFAULT_MATCH, NULL, &res), 0);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_PE_IMAGE);
	assert_int_equal(res.n, 0);
	assert_int_equal(res.hit_files, 0);
	uefi_gop_result_free(&res);
	assert_int_equal(uefi_gop_find(pe->p, pe->len, "qemu video DRIVER", NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_true(res.case_folded);
	uefi_gop_result_free(&res);
	/* A cut .efi is found and marked, not taken for something else. */
	assert_int_equal(uefi_gop_find(pe->p, pe->len - 0x100, MATCH, NULL, &res), 0);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_PE_IMAGE);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.cand[0].verdict, UEFI_PE_TRUNCATED);
	assert_false(res.cand[0].usable);
	uefi_gop_result_free(&res);
}

/* A legacy image first (the layout of GPU ROMs), then the EFI image, whose
 * padding to 512 bytes is not part of the driver. */
static void test_rom_legacy_then_efi(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	uint8_t legacy[1000];
	struct tbuf rom = { 0 }, a, b;
	struct uefi_gop_result res;

	(void)state;
	memset(legacy, 0xCB, sizeof(legacy));
	a = t_rom_image(legacy, sizeof(legacy), 0, 0, false);
	b = t_rom_image(pe->p, pe->len, OPTROM_CODE_TYPE_EFI, 0, true);
	assert_int_not_equal(b.len, pe->len + 0x40); /* there is padding */
	t_append(&rom, a.p, a.len);
	t_append(&rom, b.p, b.len);
	expect_qemu_video(&rom, UEFI_CONTAINER_OPTION_ROM, a.len + 0x40);
	/* The same EFI image twice (not last, then last) is one candidate. */
	rom.len -= b.len;
	b.p[0x1C + 0x15] = 0;
	t_append(&rom, b.p, b.len);
	b.p[0x1C + 0x15] = 0x80;
	t_append(&rom, b.p, b.len);
	assert_int_equal(uefi_gop_find(rom.p, rom.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.cand[0].copies, 2);
	uefi_gop_result_free(&res);
	t_free(&rom);
	t_free(&a);
	t_free(&b);
}

/* What `vfctl gop rom` writes reads back as the driver it wrapped. */
static void test_rom_roundtrip(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct optrom_params p = { .vendor = 0x8086, .device = 0xA7A0, .last = true };
	struct tbuf rom;

	(void)state;
	assert_int_equal(optrom_build(pe->p, pe->len, &p, &rom.p, &rom.len), 0);
	expect_qemu_video(&rom, UEFI_CONTAINER_OPTION_ROM, rom.len - pe->len);
	free(rom.p);
}

/* A signed driver ends with its certificate table, after the sections: the
 * PE headers, not the last section, say where the file ends. */
static void test_rom_signed_pe(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	size_t opt = uefi_le32(pe->p + 0x3C) + 24, cert = 0x180;
	struct tbuf img = { 0 }, rom;
	struct uefi_pe_info info;
	struct uefi_gop_result res;

	(void)state;
	t_append(&img, pe->p, pe->len);
	t_fill(&img, 0x5A, cert);
	/* Data directory 4 of a PE32+ (entry count at 108, entries at 112). */
	assert_true(uefi_le32(img.p + opt + 108) > 4);
	uefi_put32(img.p + opt + 112 + 4 * 8, (uint32_t)pe->len);
	uefi_put32(img.p + opt + 112 + 4 * 8 + 4, (uint32_t)cert);
	assert_int_equal(uefi_pe_parse(img.p, img.len, &info), 0);
	assert_int_equal(info.raw_end, pe->len);
	assert_int_equal(info.file_end, img.len);

	rom = t_rom_image(img.p, img.len, OPTROM_CODE_TYPE_EFI, 0, true);
	assert_int_equal(uefi_gop_find(rom.p, rom.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.cand[0].len, img.len);
	assert_memory_equal(res.cand[0].data, img.p, img.len);
	uefi_gop_result_free(&res);
	t_free(&rom);
	t_free(&img);
}

/* A ROM cut inside an image: the images before it are kept, and the cut is
 * a warning that changes the answer; cut in its only image, the file is
 * still known as an option ROM and said to be truncated. A ROM of legacy
 * images only holds no EFI driver at all. */
static void test_rom_truncated_and_legacy_only(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	uint8_t legacy[600];
	struct tbuf rom = { 0 }, a, b;
	struct uefi_gop_result res;

	(void)state;
	a = t_rom_image(pe->p, pe->len, OPTROM_CODE_TYPE_EFI, 0, false);
	b = t_rom_image(pe->p, pe->len - 0x200, OPTROM_CODE_TYPE_EFI, 0, true);
	t_append(&rom, a.p, a.len);
	t_append(&rom, b.p, b.len / 2);
	assert_int_equal(uefi_gop_find(rom.p, rom.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_OPTION_ROM);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_int_equal(res.warn_count[UEFI_WARN_TRUNCATED], 1);
	uefi_gop_result_free(&res);

	assert_int_equal(uefi_gop_find(a.p, a.len / 2, MATCH, NULL, &res), 0);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_OPTION_ROM);
	assert_int_equal(res.n, 0);
	assert_int_equal(res.warn_count[UEFI_WARN_TRUNCATED], 1);
	uefi_gop_result_free(&res);

	memset(legacy, 0xCB, sizeof(legacy));
	t_free(&a);
	a = t_rom_image(legacy, sizeof(legacy), 0, 0, true);
	assert_int_equal(uefi_gop_find(a.p, a.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_OPTION_ROM);
	assert_int_equal(res.n, 0);
	assert_int_equal(res.n_warnings, 0);
	uefi_gop_result_free(&res);
	t_free(&rom);
	t_free(&a);
	t_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pe_file),
		cmocka_unit_test(test_rom_legacy_then_efi),
		cmocka_unit_test(test_rom_roundtrip),
		cmocka_unit_test(test_rom_signed_pe),
		cmocka_unit_test(test_rom_truncated_and_legacy_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
