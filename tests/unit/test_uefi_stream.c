// SPDX-License-Identifier: MIT
/*
 * LZMA data decoded only as far as the walk reads it (uefi_walk.c,
 * decode_stream): the free space after a volume's last file is never
 * decoded, and that must never change the answer. Each layout is searched
 * twice, once inside an LZMA section and once with the same volumes stored
 * plainly (nothing to stop early), and both answers must be the same: a
 * second match later in the same volume, a match in a later volume of the
 * same stream, corruption before the last file. The one difference, a
 * stream broken only inside the free space it never decodes, is pinned
 * down too. And on Debian's OVMF: the tail is skipped, the driver is the
 * oracle's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_uefi_util.h"
#include "uefi/uefi_decompress.h"
#include "uefi/uefi_gop.h"

#define MATCH "QEMU Video Driver"
#define FREE_SPACE (1u << 20) /* each volume: its files, then free space */

static const struct uefi_guid guid_a =
	UEFI_GUID(0x5A1E0001, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x01);
static const struct uefi_guid guid_b =
	UEFI_GUID(0x5A1E0002, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x02);
static const struct uefi_guid guid_other =
	UEFI_GUID(0x5A1E0003, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x03);
static const struct uefi_guid guid_fvfile =
	UEFI_GUID(0x5A1E0004, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x04);

/* A DXE driver file around QemuVideoDxe's PE. */
static struct tbuf qemu_video_file(const struct uefi_guid *name)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf f = t_file(name, 0x07, secs.p, secs.len, 0xFF, false, 0x07);

	t_free(&secs);
	return f;
}

/* A file without the text (a raw file of filler bytes). */
static struct tbuf other_file(void)
{
	struct tbuf body = { 0 }, f;

	t_fill(&body, 0x5A, 4096);
	f = t_file(&guid_other, 0x01, body.p, body.len, 0xFF, false, 0x07);
	t_free(&body);
	return f;
}

/* A volume of @files (NULL-ended) with FREE_SPACE of erased bytes after. */
static struct tbuf volume(struct tbuf *const *files)
{
	struct tbuf list = { 0 }, vol;
	size_t used = 0x100;

	for (; *files; files++) {
		t_append_file(&list, *files, 0xFF);
		used += (*files)->len + 8;
	}
	vol = t_volume(&uefi_guid_ffs2, 0xFF, &list, true, used + FREE_SPACE);
	t_free(&list);
	return vol;
}

/* Volume image sections of @vols, as one section stream. */
static struct tbuf fv_sections(const struct tbuf *vols, size_t n)
{
	struct tbuf s = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		struct tbuf sec = t_section(0x17, vols[i].p, vols[i].len, vols[i].len >= 0xFFFFFF);

		t_align(&s, 4, 0);
		t_append(&s, sec.p, sec.len);
		t_free(&sec);
	}
	return s;
}

/* The outer volume: one volume-image file holding @body (sections). */
static struct tbuf outer(const struct tbuf *body)
{
	struct tbuf f = t_file(&guid_fvfile, 0x0B, body->p, body->len, 0xFF, false, 0x07);
	struct tbuf *files[] = { &f, NULL };
	struct tbuf list = { 0 }, vol;

	t_append_file(&list, files[0], 0xFF);
	vol = t_volume(&uefi_guid_ffs2, 0xFF, &list, true, 0);
	t_free(&list);
	t_free(&f);
	return vol;
}

struct layout {
	struct tbuf plain; /* volume images stored as they are */
	struct tbuf packed; /* the same inside an LZMA section */
	struct tbuf lzma; /* that section's body */
	size_t lzma_at; /* offset of the body in packed */
};

static void layout_build(struct layout *l, const struct tbuf *vols, size_t n)
{
	struct tbuf secs = fv_sections(vols, n);
	struct tbuf guided;
	const uint8_t *at;

	l->plain = outer(&secs);
	l->lzma = t_lzma_body(secs.p, secs.len, false);
	guided = t_guided(&uefi_guid_lzma, 0x01, l->lzma.p, l->lzma.len);
	l->packed = outer(&guided);
	at = memmem(l->packed.p, l->packed.len, l->lzma.p, l->lzma.len);
	assert_non_null(at);
	l->lzma_at = (size_t)(at - l->packed.p);
	t_free(&guided);
	t_free(&secs);
}

static void layout_free(struct layout *l)
{
	t_free(&l->plain);
	t_free(&l->packed);
	t_free(&l->lzma);
}

/* The answers on @a and @b are the same: candidates, hits, warnings. */
static void same_answer(const struct uefi_gop_result *a, const struct uefi_gop_result *b)
{
	size_t i;
	int k;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->hit_files, b->hit_files);
	for (i = 0; i < a->n; i++) {
		assert_string_equal(a->cand[i].sha256, b->cand[i].sha256);
		assert_string_equal(a->cand[i].file_guid, b->cand[i].file_guid);
		assert_int_equal(a->cand[i].copies, b->cand[i].copies);
		assert_int_equal(a->cand[i].usable, b->cand[i].usable);
		assert_true(a->cand[i].damage == b->cand[i].damage);
	}
	for (k = 0; k < UEFI_WARN_KINDS; k++)
		assert_int_equal(a->warn_count[k], b->warn_count[k]);
	assert_int_equal(a->stats.volumes, b->stats.volumes);
	assert_int_equal(a->stats.files, b->stats.files);
}

/* Search both forms; the LZMA one must have left @min_skipped bytes or
 * more undecoded, and the answers must agree. */
static void expect_same(const struct layout *l, size_t min_skipped, unsigned int hits,
			unsigned int copies)
{
	struct uefi_gop_result plain, packed;

	assert_int_equal(uefi_gop_find(l->plain.p, l->plain.len, MATCH, NULL, &plain), 0);
	assert_int_equal(uefi_gop_find(l->packed.p, l->packed.len, MATCH, NULL, &packed), 0);
	assert_int_equal(plain.stats.not_decoded, 0);
	if (packed.stats.not_decoded < min_skipped)
		fail_msg("only %zu bytes left undecoded, wanted at least %zu",
			 packed.stats.not_decoded, min_skipped);
	assert_true(packed.stats.not_decoded < packed.stats.decompressed);
	same_answer(&plain, &packed);
	assert_int_equal(packed.hit_files, hits);
	assert_int_equal(packed.n, 1);
	assert_string_equal(packed.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_int_equal(packed.cand[0].copies, copies);
	assert_true(packed.cand[0].usable);
	uefi_gop_result_free(&plain);
	uefi_gop_result_free(&packed);
}

/* A second match after the first, in the same volume: found. */
static void test_second_match_same_volume(void **state)
{
	struct tbuf a = qemu_video_file(&guid_a), o = other_file(), b = qemu_video_file(&guid_b);
	struct tbuf *files[] = { &a, &o, &b, NULL };
	struct tbuf vol = volume(files);
	struct layout l;

	(void)state;
	layout_build(&l, &vol, 1);
	expect_same(&l, FREE_SPACE / 2, 2, 2);
	layout_free(&l);
	t_free(&vol);
	t_free(&a);
	t_free(&o);
	t_free(&b);
}

/* A match in a later volume of the same stream, after the first volume's
 * free space: found (that free space is decoded to reach it; only the last
 * volume's is not). */
static void test_match_in_later_volume(void **state)
{
	struct tbuf a = qemu_video_file(&guid_a), o = other_file(), b = qemu_video_file(&guid_b);
	struct tbuf *first[] = { &a, NULL }, *second[] = { &o, &b, NULL };
	struct tbuf vols[2] = { volume(first), volume(second) };
	struct layout l;
	struct uefi_gop_result res;

	(void)state;
	layout_build(&l, vols, 2);
	expect_same(&l, FREE_SPACE / 2, 2, 2);
	assert_int_equal(uefi_gop_find(l.packed.p, l.packed.len, MATCH, NULL, &res), 0);
	assert_true(res.stats.not_decoded <= FREE_SPACE + 0x10000);
	uefi_gop_result_free(&res);
	/* Only in the later volume: still found. */
	layout_free(&l);
	t_free(&vols[0]);
	first[0] = &o;
	vols[0] = volume(first);
	layout_build(&l, vols, 2);
	expect_same(&l, FREE_SPACE / 2, 1, 1);
	layout_free(&l);
	t_free(&vols[0]);
	t_free(&vols[1]);
	t_free(&a);
	t_free(&o);
	t_free(&b);
}

/* Corrupt data before the last file: not decoded at all, as when the whole
 * stream is decoded first; nothing inside it is reported. */
static void test_corrupt_before_last_file(void **state)
{
	struct tbuf a = qemu_video_file(&guid_a), o = other_file(), b = qemu_video_file(&guid_b);
	struct tbuf *files[] = { &a, &o, &b, NULL };
	struct tbuf vol = volume(files);
	struct uefi_gop_result res;
	struct layout l;
	uint8_t *out;
	size_t out_len;

	(void)state;
	layout_build(&l, &vol, 1);
	l.packed.p[l.lzma_at + l.lzma.len / 3] ^= 0xFF;
	assert_int_not_equal(uefi_lzma_decompress(l.packed.p + l.lzma_at, l.lzma.len, false,
						  UEFI_WALK_MAX_OUTPUT, &out, &out_len),
			     0);
	assert_int_equal(uefi_gop_find(l.packed.p, l.packed.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 0);
	assert_int_equal(res.hit_files, 0);
	assert_int_equal(res.warn_count[UEFI_WARN_UNDECODED], 1);
	assert_int_equal(res.stats.decompressed, 0);
	uefi_gop_result_free(&res);
	layout_free(&l);
	t_free(&vol);
	t_free(&a);
	t_free(&o);
	t_free(&b);
}

/*
 * The one case where stopping early answers differently: the stream is
 * broken only after the last file, inside free space no walk reads. A whole
 * decode fails there and finds nothing; the early stop finds the driver,
 * whose bytes all decoded before the break, and does not see the break.
 */
static void test_broken_only_in_free_space(void **state)
{
	struct tbuf a = qemu_video_file(&guid_a);
	struct tbuf *files[] = { &a, NULL };
	struct tbuf vol = volume(files);
	struct uefi_gop_result res;
	struct layout l;
	uint8_t *out;
	size_t out_len;

	(void)state;
	layout_build(&l, &vol, 1);
	l.packed.p[l.lzma_at + l.lzma.len - 1] ^= 0xFF;
	assert_int_not_equal(uefi_lzma_decompress(l.packed.p + l.lzma_at, l.lzma.len, false,
						  UEFI_WALK_MAX_OUTPUT, &out, &out_len),
			     0);
	assert_int_equal(uefi_gop_find(l.packed.p, l.packed.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_true(res.cand[0].usable);
	assert_int_equal(res.stats.warnings, 0);
	assert_true(res.stats.not_decoded > FREE_SPACE / 2);
	uefi_gop_result_free(&res);
	layout_free(&l);
	t_free(&vol);
	t_free(&a);
}

/* Debian's OVMF: the DXE volume's free space is not decoded, the driver is
 * the oracle's, and the answer is the whole decode's (test_uefi_ovmf
 * compares every PE32 body with UEFIExtract's). */
static void test_ovmf_tail_skipped(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;

	(void)state;
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_true(res.cand[0].usable);
	assert_int_equal(res.n_warnings, 0);
	assert_true(res.stats.not_decoded > 0);
	assert_true(res.stats.not_decoded < res.stats.decompressed);
	uefi_gop_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second_match_same_volume),
		cmocka_unit_test(test_match_in_later_volume),
		cmocka_unit_test(test_corrupt_before_last_file),
		cmocka_unit_test(test_broken_only_in_free_space),
		cmocka_unit_test(test_ovmf_tail_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
