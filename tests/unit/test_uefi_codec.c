// SPDX-License-Identifier: MIT
/*
 * The EFI 1.1 / Tiano decoder, against streams made by the tests' encoder
 * (test_efi_compress.c, written from the format description). Round trips
 * on real bytes (QemuVideoDxe, the OVMF image), multiple blocks,
 * single-symbol tables, both variants, and corrupted streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_efi_compress.h"
#include "tests/unit/test_uefi_util.h"
#include "uefi/pci_optrom.h"
#include "uefi/uefi_decompress.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_walk.h"

static void roundtrip(const uint8_t *p, size_t len, enum uefi_efi_variant v, int block)
{
	struct tbuf c = t_efi_compress(p, len, (int)v, block);
	uint8_t *out = NULL;
	size_t out_len = 0;

	assert_true(c.len < len || len < 64);
	assert_int_equal(uefi_efi_decompress(c.p, c.len, v, 1u << 30, &out, &out_len), 0);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, p, len);
	free(out);
	t_free(&c);
}

static void test_roundtrip_real(void **state)
{
	const struct tbuf *pe = t_qemu_video(), *ovmf = t_ovmf();

	(void)state;
	roundtrip(pe->p, pe->len, UEFI_EFI11, 0xFFFF);
	roundtrip(pe->p, pe->len, UEFI_TIANO, 0xFFFF);
	/* The SEC volume at the end: code, 0xFF runs, far matches. */
	roundtrip(ovmf->p + ovmf->len - 0x60000, 0x60000, UEFI_TIANO, 0xFFFF);
	roundtrip(ovmf->p + ovmf->len - 0x60000, 0x60000, UEFI_EFI11, 0xFFFF);
}

static void test_roundtrip_blocks_and_edges(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	uint8_t zeros[5000] = { 0 }, one = 'A';

	(void)state;
	roundtrip(pe->p, pe->len, UEFI_EFI11, 500); /* many blocks */
	roundtrip(pe->p, pe->len, UEFI_TIANO, 777);
	roundtrip(zeros, sizeof(zeros), UEFI_EFI11, 0xFFFF); /* one-symbol tables */
	roundtrip(&one, 1, UEFI_TIANO, 0xFFFF);
	roundtrip(pe->p, 300, UEFI_EFI11, 0xFFFF); /* no matches at all? */
}

/* The variants differ: a Tiano stream with far matches is not EFI 1.1. */
static void test_variant_mismatch(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	const uint8_t *p = ovmf->p + ovmf->len - 0x60000;
	struct tbuf c = t_efi_compress(p, 0x60000, 5, 0xFFFF);
	uint8_t *out = NULL;
	size_t out_len = 0;

	(void)state;
	if (!uefi_efi_decompress(c.p, c.len, UEFI_EFI11, 1u << 30, &out, &out_len)) {
		assert_int_equal(out_len, 0x60000);
		assert_memory_not_equal(out, p, 0x60000);
		free(out);
	}
	t_free(&c);
}

static void test_corrupt_streams(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf c = t_efi_compress(pe->p, pe->len, 5, 0xFFFF);
	uint8_t *out;
	size_t out_len, i;
	uint32_t seed = 1;

	(void)state;
	/* Truncated: the declared size covers less than the stream. */
	uefi_put32(c.p, (uint32_t)(c.len - 8) / 2);
	assert_int_equal(uefi_efi_decompress(c.p, c.len, UEFI_TIANO, 1u << 30, &out, &out_len),
			 -EINVAL);
	uefi_put32(c.p, (uint32_t)(c.len - 8));
	/* Larger than the buffer: rejected before decoding. */
	assert_int_equal(uefi_efi_decompress(c.p, c.len - 1, UEFI_TIANO, 1u << 30, &out, &out_len),
			 -EINVAL);
	/* Over the output limit. */
	assert_int_equal(uefi_efi_decompress(c.p, c.len, UEFI_TIANO, 1000, &out, &out_len), -EFBIG);
	/* Random bit flips: an error or some output, never a crash. */
	for (i = 0; i < 300; i++) {
		size_t at;

		seed = seed * 1103515245 + 12345;
		at = 8 + (seed >> 8) % (c.len - 8);
		c.p[at] ^= (uint8_t)(1u << (seed % 8));
		if (!uefi_efi_decompress(c.p, c.len, UEFI_TIANO, 1u << 30, &out, &out_len)) {
			assert_int_equal(out_len, pe->len);
			free(out);
		}
		c.p[at] ^= (uint8_t)(1u << (seed % 8));
	}
	t_free(&c);
}

static int codec_seen;

static int codec_enter(const struct uefi_node *n, void *ctx)
{
	const struct uefi_node *p;

	(void)ctx;
	if (n->kind == UEFI_NODE_SECTION && n->sec.type == 0x10 && n->leaf_len == QEMU_VIDEO_SIZE &&
	    !memcmp(n->leaf, t_qemu_video()->p, QEMU_VIDEO_SIZE))
		for (p = n->parent; p; p = p->parent)
			if (p->codec)
				codec_seen = p->codec;
	return 0;
}

/* Type 1 compression sections and the Tiano GUID section in a volume. */
static void test_walker_sections(void **state)
{
	static const struct uefi_walk_ops ops = { .enter = codec_enter };
	static const struct uefi_guid drv = UEFI_GUID(0xA1B2C3D4, 0x1111, 0x2222, 0x33, 0x44, 0x55,
						      0x66, 0x77, 0x88, 0x99, 0x00);
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	int kind;

	(void)state;
	for (kind = 0; kind < 3; kind++) {
		struct tbuf comp = t_efi_compress(secs.p, secs.len, kind == 1 ? 4 : 5, 0xFFFF);
		struct tbuf sec = { 0 }, file, files = { 0 }, vol;
		uint8_t h[9];

		if (kind < 2) {
			uefi_put32(h, (uint32_t)(9 + comp.len));
			h[3] = 0x01;
			uefi_put32(h + 4, (uint32_t)secs.len);
			h[8] = 0x01;
			t_append(&sec, h, 9);
			t_append(&sec, comp.p, comp.len);
		} else {
			sec = t_guided(&uefi_guid_tiano, 1, comp.p, comp.len);
		}
		file = t_file(&drv, 0x07, sec.p, sec.len, 0xFF, false, 0x07);
		t_append_file(&files, &file, 0xFF);
		vol = t_volume(&uefi_guid_ffs2, 0xFF, &files, false, 0);
		codec_seen = 0;
		assert_int_equal(uefi_walk_image(vol.p, vol.len, NULL, &ops, NULL, NULL), 1);
		assert_int_equal(codec_seen, kind == 1 ? UEFI_CODEC_EFI11 : UEFI_CODEC_TIANO);
		t_free(&comp);
		t_free(&sec);
		t_free(&file);
		t_free(&files);
		t_free(&vol);
	}
	t_free(&secs);
}

/* LZMA: header sizes and limits. */
/* An option ROM image of compression type 1 (EfiRom -ec, the AMD GPU ROMs):
 * the driver is what the EFI 1.1 decoder gives, as PciBusDxe loads it; a
 * damaged stream is a warning that changes the answer, never a candidate. */
static void test_option_rom_compressed(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf c = t_efi_compress(pe->p, pe->len, UEFI_EFI11, 0xFFFF);
	struct tbuf rom = t_rom_image(c.p, c.len, OPTROM_CODE_TYPE_EFI, 1, true);
	struct uefi_gop_result res;

	(void)state;
	assert_int_equal(uefi_gop_find(rom.p, rom.len, "QEMU Video Driver", NULL, &res), 0);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_OPTION_ROM);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_int_equal(res.cand[0].offset, UEFI_OFFSET_NONE);
	assert_true(res.cand[0].usable);
	uefi_gop_result_free(&res);

	rom.p[0x40 + c.len / 2] ^= 0xFF;
	assert_int_equal(uefi_gop_find(rom.p, rom.len, "QEMU Video Driver", NULL, &res), 0);
	assert_int_equal(res.n, 0);
	assert_int_equal(res.warn_count[UEFI_WARN_UNDECODED], 1);
	uefi_gop_result_free(&res);
	t_free(&rom);
	t_free(&c);
}

static void test_lzma_limits(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf body = t_lzma_body(pe->p, pe->len, false);
	uint8_t *out;
	size_t out_len;

	(void)state;
	assert_int_equal(uefi_lzma_decompress(body.p, body.len, false, 1u << 20, &out, &out_len),
			 0);
	assert_int_equal(out_len, pe->len);
	assert_memory_equal(out, pe->p, pe->len);
	free(out);
	assert_int_equal(uefi_lzma_decompress(body.p, body.len, false, 1000, &out, &out_len),
			 -EFBIG);
	assert_int_equal(uefi_lzma_decompress(body.p, body.len / 2, false, 1u << 20, &out,
					      &out_len),
			 -EINVAL);
	body.p[0] = 225; /* invalid properties byte */
	assert_int_equal(uefi_lzma_decompress(body.p, body.len, false, 1u << 20, &out, &out_len),
			 -EINVAL);
	t_free(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_real),
		cmocka_unit_test(test_roundtrip_blocks_and_edges),
		cmocka_unit_test(test_variant_mismatch),
		cmocka_unit_test(test_corrupt_streams),
		cmocka_unit_test(test_walker_sections),
		cmocka_unit_test(test_lzma_limits),
		cmocka_unit_test(test_option_rom_compressed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
