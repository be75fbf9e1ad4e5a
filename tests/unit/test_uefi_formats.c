// SPDX-License-Identifier: MIT
/*
 * Containers and structures around real bytes: the OVMF image wrapped as an
 * AMI Aptio capsule, an EFI capsule and a full SPI (descriptor) image, and
 * QemuVideoDxe re-packed into synthetic volumes that exercise LZMA+BCJ,
 * Brotli, nested volumes, FFSv3 large files, erase polarity 0, extended
 * section sizes, freeform subtype sections and file states. Malformed input
 * must give errors or warnings, never a crash or a wrong body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <brotli/encode.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_uefi_util.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_le.h"

#define MATCH "QEMU Video Driver"

static const struct uefi_guid drv_guid =
	UEFI_GUID(0xA1B2C3D4, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x00);
static const struct uefi_guid fvfile_guid =
	UEFI_GUID(0x0BADF00D, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x01);
static const struct uefi_guid other_guid =
	UEFI_GUID(0x12345678, 0x9ABC, 0xDEF0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);

/* Runs the finder and checks it returns exactly QemuVideoDxe. */
static void expect_qemu_video(const struct tbuf *img, struct uefi_gop_result *res)
{
	assert_int_equal(uefi_gop_find(img->p, img->len, MATCH, NULL, res), 0);
	assert_int_equal(res->n, 1);
	assert_int_equal(res->cand[0].len, QEMU_VIDEO_SIZE);
	assert_string_equal(res->cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_int_equal(res->cand[0].verdict, UEFI_PE_OK);
}

/* ---- containers around the whole OVMF image ---- */

static void test_aptio_capsule(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;
	struct tbuf cap = { 0 };
	uint8_t h[32] = { 0 };

	(void)state;
	memcpy(h, uefi_guid_capsule_aptio_unsigned.b, 16);
	uefi_put32(h + 0x10, 0x1C);
	uefi_put32(h + 0x14, 0x50000);
	uefi_put32(h + 0x18, (uint32_t)(0x800 + ovmf->len));
	uefi_put16(h + 0x1C, 0x800);
	uefi_put16(h + 0x1E, 0x1C);
	t_append(&cap, h, sizeof(h));
	t_fill(&cap, 0xFF, 0x800 - sizeof(h));
	t_append(&cap, ovmf->p, ovmf->len);

	expect_qemu_video(&cap, &res);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_APTIO_UNSIGNED);
	assert_int_equal(res.stats.image.start, 0x800);
	assert_int_equal(res.stats.image.len, ovmf->len);
	uefi_gop_result_free(&res);
	t_free(&cap);
}

static void test_efi_capsule(void **state)
{
	const struct uefi_guid *guids[] = { &uefi_guid_capsule_efi, &uefi_guid_capsule_fmp,
					    &uefi_guid_capsule_intel };
	const struct tbuf *ovmf = t_ovmf();
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct uefi_gop_result res;
		struct tbuf cap = { 0 };
		uint8_t h[0x50] = { 0 };

		memcpy(h, guids[i]->b, 16);
		uefi_put32(h + 0x10, sizeof(h));
		uefi_put32(h + 0x18, (uint32_t)(sizeof(h) + ovmf->len));
		t_append(&cap, h, sizeof(h));
		t_append(&cap, ovmf->p, ovmf->len);
		expect_qemu_video(&cap, &res);
		assert_int_equal(res.stats.image.container, UEFI_CONTAINER_CAPSULE);
		assert_int_equal(res.stats.image.start, sizeof(h));
		uefi_gop_result_free(&res);
		t_free(&cap);
	}
}

/* A full SPI image: descriptor, BIOS region = OVMF (research notes 7 (b)). */
static struct tbuf spi_image(size_t bios_len, size_t file_bios_len)
{
	const struct tbuf *ovmf = t_ovmf();
	struct tbuf img = { 0 };
	uint8_t d[0x1000];
	int i;

	memset(d, 0xFF, sizeof(d));
	uefi_put32(d + 0x10, 0x0FF0A55A);
	uefi_put32(d + 0x14, 0x00040003);
	uefi_put32(d + 0x18, 0x00100006);
	uefi_put32(d + 0x30, 1u << 17);
	uefi_put32(d + 0x40, 0);
	uefi_put32(d + 0x44, 1 | (uint32_t)(bios_len / 0x1000) << 16);
	for (i = 2; i < 16; i++)
		uefi_put32(d + 0x40 + 4 * i, 0x00007FFF);
	t_append(&img, d, sizeof(d));
	t_append(&img, ovmf->p, file_bios_len);
	return img;
}

static void test_descriptor_image(void **state)
{
	struct uefi_gop_result res;
	struct tbuf img = spi_image(t_ovmf()->len, t_ovmf()->len);

	(void)state;
	expect_qemu_video(&img, &res);
	assert_true(res.stats.image.descriptor);
	assert_false(res.stats.image.region_truncated);
	assert_int_equal(res.stats.image.start, 0x1000);
	assert_int_equal(res.stats.image.len, t_ovmf()->len);
	uefi_gop_result_free(&res);
	t_free(&img);
}

/* Cut inside the SEC volume at the end: the DXE driver is still found,
 * and the truncation is reported. */
static void test_descriptor_truncated(void **state)
{
	struct uefi_gop_result res;
	size_t cut = t_ovmf()->len - 0x10000;
	struct tbuf img = spi_image(t_ovmf()->len, cut);

	(void)state;
	expect_qemu_video(&img, &res);
	assert_true(res.stats.image.region_truncated);
	assert_true(res.n_warnings >= 1);
	assert_non_null(strstr(res.warnings[0].msg, "truncated"));
	uefi_gop_result_free(&res);
	t_free(&img);
}

static void test_pfat_refused(void **state)
{
	struct uefi_gop_result res;
	struct tbuf img = { 0 }, cap = { 0 };
	uint8_t h[32] = { 0 };

	(void)state;
	/* AMI PFAT: u32 size, u32 checksum, "_AMIPFAT", flags, text. */
	uefi_put32(h, 0x200);
	memcpy(h + 8, "_AMIPFAT", 8);
	t_append(&img, h, 17);
	t_append(&img, "AMI_BIOS_GUARD_FLASH_CONFIGURATIONS", 35);
	t_fill(&img, 0, 0x200);
	t_append(&img, t_ovmf()->p, 0x100000);
	assert_int_equal(uefi_gop_find(img.p, img.len, MATCH, NULL, &res), -EPROTONOSUPPORT);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_PFAT);
	uefi_gop_result_free(&res);

	/* The same inside an Aptio capsule (ASUS laptop updates). */
	memset(h, 0, sizeof(h));
	memcpy(h, uefi_guid_capsule_aptio_signed.b, 16);
	uefi_put32(h + 0x10, 0x1C);
	uefi_put32(h + 0x18, (uint32_t)(0x800 + img.len));
	uefi_put16(h + 0x1C, 0x800);
	t_append(&cap, h, sizeof(h));
	t_fill(&cap, 0, 0x800 - sizeof(h));
	t_append(&cap, img.p, img.len);
	assert_int_equal(uefi_gop_find(cap.p, cap.len, MATCH, NULL, &res), -EPROTONOSUPPORT);
	uefi_gop_result_free(&res);
	t_free(&img);
	t_free(&cap);
}

static void test_not_firmware(void **state)
{
	struct uefi_gop_result res;
	struct tbuf junk = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		uint8_t b = (uint8_t)(i * 2654435761u >> 13);

		t_append(&junk, &b, 1);
	}
	/* A "_FVH" that does not validate must not count as a volume. */
	memcpy(junk.p + 0x1028, "_FVH", 4);
	assert_int_equal(uefi_gop_find(junk.p, junk.len, MATCH, NULL, &res), -ENOENT);
	uefi_gop_result_free(&res);
	assert_int_equal(uefi_gop_find(junk.p, 0, MATCH, NULL, &res), -ENOENT);
	uefi_gop_result_free(&res);
	t_free(&junk);
}

/* Every cut of OVMF: never a crash; when found, always the right bytes. */
static void test_truncations(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	size_t cut;

	(void)state;
	for (cut = 0; cut < ovmf->len; cut += 0x3F001) {
		struct uefi_gop_result res;
		size_t i;
		int ret = uefi_gop_find(ovmf->p, cut, MATCH, NULL, &res);

		assert_true(ret == 0 || ret == -ENOENT);
		for (i = 0; i < res.n; i++)
			assert_string_equal(res.cand[i].sha256, QEMU_VIDEO_SHA256);
		uefi_gop_result_free(&res);
	}
}

/* Corrupting the LZMA stream: a warning, no candidate, no crash. */
static void test_corrupt_lzma(void **state)
{
	struct tbuf img = { 0 };
	struct uefi_gop_result res;

	(void)state;
	t_append(&img, t_ovmf()->p, t_ovmf()->len);
	memset(img.p + 0x100000, 0x5A, 64); /* inside the LZMA section */
	assert_int_equal(uefi_gop_find(img.p, img.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 0);
	assert_true(res.n_warnings >= 1);
	assert_non_null(strstr(res.warnings[0].msg, "could not be decompressed"));
	uefi_gop_result_free(&res);
	t_free(&img);
}

/* ---- synthetic volumes around QemuVideoDxe ---- */

static struct tbuf one_file_volume(const struct uefi_guid *fs, uint8_t erase,
				   const struct tbuf *file, bool named)
{
	struct tbuf files = { 0 }, vol;

	t_append_file(&files, file, erase);
	vol = t_volume(fs, erase, &files, named, 0);
	t_free(&files);
	return vol;
}

static struct tbuf guided_driver_volume(const struct uefi_guid *g, const struct tbuf *payload)
{
	struct tbuf sec = t_guided(g, 0x01, payload->p, payload->len);
	struct tbuf file = t_file(&drv_guid, 0x07, sec.p, sec.len, 0xFF, false, 0x07);
	struct tbuf vol = one_file_volume(&uefi_guid_ffs2, 0xFF, &file, true);

	t_free(&sec);
	t_free(&file);
	return vol;
}

static void test_lzma_bcj(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf body = t_lzma_body(secs.p, secs.len, true);
	struct tbuf vol = guided_driver_volume(&uefi_guid_lzmaf86, &body);
	struct uefi_gop_result res;

	(void)state;
	expect_qemu_video(&vol, &res);
	assert_string_equal(res.cand[0].ui_name, "QemuVideoDxe");
	uefi_gop_result_free(&res);

	/* BCJ matters: the same bytes under the plain LZMA GUID decode to a
	 * stream whose call targets are still converted, so the PE differs. */
	t_free(&vol);
	vol = guided_driver_volume(&uefi_guid_lzma, &body);
	assert_int_equal(uefi_gop_find(vol.p, vol.len, MATCH, NULL, &res), 0);
	assert_true(res.n == 0 || strcmp(res.cand[0].sha256, QEMU_VIDEO_SHA256));
	uefi_gop_result_free(&res);
	t_free(&vol);
	t_free(&body);
	t_free(&secs);
}

static void test_brotli(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf body = { 0 }, vol;
	struct uefi_gop_result res;
	size_t out = BrotliEncoderMaxCompressedSize(secs.len);
	uint8_t h[16], *enc = malloc(out);

	(void)state;
	assert_true(BrotliEncoderCompress(9, 22, BROTLI_MODE_GENERIC, secs.len, secs.p, &out, enc));
	uefi_put64(h, secs.len);
	uefi_put64(h + 8, 0);
	t_append(&body, h, 16);
	t_append(&body, enc, out);
	vol = guided_driver_volume(&uefi_guid_brotli, &body);
	expect_qemu_video(&vol, &res);
	uefi_gop_result_free(&res);

	/* A wrong declared size is corrupt data, not a wrong body. */
	uefi_put64(body.p, secs.len - 1);
	t_free(&vol);
	vol = guided_driver_volume(&uefi_guid_brotli, &body);
	assert_int_equal(uefi_gop_find(vol.p, vol.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 0);
	assert_true(res.n_warnings >= 1);
	uefi_gop_result_free(&res);
	free(enc);
	t_free(&vol);
	t_free(&body);
	t_free(&secs);
}

/* FV -> FV image file -> volume image section -> FFSv3 volume with a large
 * file -> extended-size PE32 section. */
static void test_nested_ffs3_large(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf pe_sec = t_section(0x10, pe->p, pe->len, true);
	struct tbuf drv = t_file(&drv_guid, 0x07, pe_sec.p, pe_sec.len, 0xFF, true, 0x07);
	struct tbuf inner = one_file_volume(&uefi_guid_ffs3, 0xFF, &drv, false);
	struct tbuf fvsec = t_section(0x17, inner.p, inner.len, false);
	struct tbuf fvfile = t_file(&fvfile_guid, 0x0B, fvsec.p, fvsec.len, 0xFF, false, 0x07);
	struct tbuf outer = one_file_volume(&uefi_guid_ffs2, 0xFF, &fvfile, true);
	struct uefi_gop_result res;

	(void)state;
	expect_qemu_video(&outer, &res);
	assert_string_equal(res.cand[0].file_guid, "A1B2C3D4-1111-2222-3344-556677889900");
	assert_int_equal(res.stats.volumes, 2);
	assert_true(res.cand[0].offset != UEFI_OFFSET_NONE);
	assert_memory_equal(outer.p + res.cand[0].offset, pe->p, pe->len);
	uefi_gop_result_free(&res);

	/* The same large file in an FFSv2 volume is not valid. */
	t_free(&inner);
	inner = one_file_volume(&uefi_guid_ffs2, 0xFF, &drv, false);
	assert_int_equal(uefi_gop_find(inner.p, inner.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 0);
	uefi_gop_result_free(&res);
	t_free(&pe_sec);
	t_free(&drv);
	t_free(&inner);
	t_free(&fvsec);
	t_free(&fvfile);
	t_free(&outer);
}

/* Erase polarity 0 and file states: only valid data counts. */
static void test_polarity_and_states(void **state)
{
	static const struct {
		uint8_t state;
		bool found;
	} cases[] = {
		{ 0x07, true }, /* DATA_VALID */
		{ 0x0F, true }, /* MARKED_FOR_UPDATE */
		{ 0x1F, false }, /* DELETED */
		{ 0x03, false }, /* header valid, data not */
		{ 0x3F, false }, /* HEADER_INVALID */
	};
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	size_t i;
	int erase;

	(void)state;
	for (erase = 0; erase <= 0xFF; erase += 0xFF)
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct tbuf file = t_file(&drv_guid, 0x07, secs.p, secs.len, (uint8_t)erase,
						  false, cases[i].state);
			struct tbuf vol =
				one_file_volume(&uefi_guid_ffs2, (uint8_t)erase, &file, erase != 0);
			struct uefi_gop_result res;

			assert_int_equal(uefi_gop_find(vol.p, vol.len, MATCH, NULL, &res), 0);
			assert_int_equal(res.stats.files, 1);
			assert_int_equal(res.n, cases[i].found ? 1 : 0);
			uefi_gop_result_free(&res);
			t_free(&file);
			t_free(&vol);
		}
	t_free(&secs);
}

/* A GOP stored as a freeform file's subtype-GUID section (seen on an AMI
 * ADL-P board), next to a legacy 55AA sibling. */
static void test_freeform_subtype(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf body = { 0 }, s, file, vol;
	struct uefi_gop_result res;
	uint8_t vbios[64] = { 0x55, 0xAA };

	(void)state;
	s = t_subtype(&other_guid, vbios, sizeof(vbios));
	t_append(&body, s.p, s.len);
	t_free(&s);
	t_align(&body, 4, 0);
	s = t_subtype(&other_guid, pe->p, pe->len);
	t_append(&body, s.p, s.len);
	t_free(&s);
	file = t_file(&drv_guid, 0x02, body.p, body.len, 0xFF, false, 0x07);
	vol = one_file_volume(&uefi_guid_ffs2, 0xFF, &file, false);
	expect_qemu_video(&vol, &res);
	assert_int_equal(res.cand[0].section_type, 0x18);
	assert_string_equal(res.cand[0].subtype_guid, "12345678-9ABC-DEF0-1122-334455667788");
	assert_int_equal(res.cand[0].file_type, 0x02);
	uefi_gop_result_free(&res);
	t_free(&body);
	t_free(&file);
	t_free(&vol);
}

/* Two copies of one driver and one other GOP: deduplicated to two. */
static void test_dedup_and_multiple(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf pe2 = { 0 }, secs2, files = { 0 }, f, vol;
	struct uefi_gop_result res;

	(void)state;
	t_append(&pe2, pe->p, pe->len);
	pe2.p[pe2.len - 1] ^= 0x01; /* a different build */
	secs2 = t_driver_sections(pe2.p, pe2.len, "QemuVideoDxe2");
	f = t_file(&drv_guid, 0x07, secs.p, secs.len, 0xFF, false, 0x07);
	t_append_file(&files, &f, 0xFF);
	t_append_file(&files, &f, 0xFF);
	t_free(&f);
	f = t_file(&other_guid, 0x07, secs2.p, secs2.len, 0xFF, false, 0x07);
	t_append_file(&files, &f, 0xFF);
	vol = t_volume(&uefi_guid_ffs2, 0xFF, &files, false, 0);
	assert_int_equal(uefi_gop_find(vol.p, vol.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.hit_files, 3);
	assert_int_equal(res.n, 2);
	assert_int_equal(res.cand[0].copies + res.cand[1].copies, 3);
	uefi_gop_result_free(&res);
	t_free(&f);
	t_free(&pe2);
	t_free(&secs);
	t_free(&secs2);
	t_free(&files);
	t_free(&vol);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aptio_capsule),
		cmocka_unit_test(test_efi_capsule),
		cmocka_unit_test(test_descriptor_image),
		cmocka_unit_test(test_descriptor_truncated),
		cmocka_unit_test(test_pfat_refused),
		cmocka_unit_test(test_not_firmware),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_corrupt_lzma),
		cmocka_unit_test(test_lzma_bcj),
		cmocka_unit_test(test_brotli),
		cmocka_unit_test(test_nested_ffs3_large),
		cmocka_unit_test(test_polarity_and_states),
		cmocka_unit_test(test_freeform_subtype),
		cmocka_unit_test(test_dedup_and_multiple),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
