// SPDX-License-Identifier: MIT
/*
 * Integrity checks and the GOP producer/consumer verdict, on real bytes:
 * Debian's OVMF as shipped must pass every check; QemuVideoDxe re-packed
 * with an FFS data checksum, a CRC32 section or a compression header and
 * then damaged (a flipped bit, a wrong size, a cut) must come out corrupt
 * with the failed check named, and UEFIExtract must see the same damage.
 * The verdict is checked against OVMF's own producers and consumers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_uefi_util.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_walk.h"

#define MATCH "QEMU Video Driver"

static const struct uefi_guid drv_guid =
	UEFI_GUID(0xA1B2C3D4, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x00);

/* t_file() with FFS_ATTRIB_CHECKSUM: the data checksum makes the body's
 * 8-bit sum, with IntegrityCheck.File, zero; the header sum is redone. */
static struct tbuf checksummed_file(const void *body, size_t len)
{
	struct tbuf f = t_file(&drv_guid, 0x07, body, len, 0xFF, false, 0x07);
	uint8_t sum = 0;
	size_t i;

	f.p[0x13] |= 0x40;
	f.p[0x10] = 0;
	for (i = 0; i < 0x18; i++)
		if (i != 0x11 && i != 0x17)
			sum = (uint8_t)(sum + f.p[i]);
	f.p[0x10] = (uint8_t)-sum;
	sum = 0;
	for (i = 0x18; i < f.len; i++)
		sum = (uint8_t)(sum + f.p[i]);
	f.p[0x11] = (uint8_t)-sum;
	return f;
}

static struct tbuf volume_of(const struct tbuf *file)
{
	struct tbuf files = { 0 }, vol;

	t_append_file(&files, file, 0xFF);
	vol = t_volume(&uefi_guid_ffs2, 0xFF, &files, true, 0);
	t_free(&files);
	return vol;
}

/* Where QemuVideoDxe's PE body starts inside a one-file volume. */
static size_t pe_offset(const struct tbuf *vol)
{
	const struct tbuf *pe = t_qemu_video();
	const uint8_t *p = memmem(vol->p, vol->len, pe->p, 64);

	assert_non_null(p);
	return (size_t)(p - vol->p);
}

static void expect_corrupt(const struct tbuf *img, const char *check, enum uefi_warn_kind kind)
{
	struct uefi_gop_result res;

	assert_int_equal(uefi_gop_find(img->p, img->len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_non_null(res.cand[0].damage);
	assert_string_equal(res.cand[0].damage, check);
	assert_false(res.cand[0].usable);
	assert_int_equal(uefi_gop_usable_count(&res), 0);
	assert_true(res.warn_count[kind] >= 1);
	uefi_gop_result_free(&res);
}

static void expect_intact(const struct tbuf *img)
{
	struct uefi_gop_result res;

	assert_int_equal(uefi_gop_find(img->p, img->len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_null(res.cand[0].damage);
	assert_true(res.cand[0].usable);
	assert_int_equal(res.n_warnings, 0);
	uefi_gop_result_free(&res);
}

/* UEFIExtract (the peer) must report the same damage in its messages. */
static void peer_reports(const struct tbuf *img, const char *text)
{
	char *dir = t_mkdtemp(), *path, *cmd;
	char line[512];
	bool found = false;
	FILE *f, *p;

	assert_true(asprintf(&path, "%s/img.bin", dir) > 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img->p, 1, img->len, f), img->len);
	fclose(f);
	assert_true(asprintf(&cmd, "UEFIExtract '%s' report 2>&1", path) > 0);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		found |= strstr(line, text) != NULL;
	pclose(p);
	if (!found)
		fail_msg("UEFIExtract did not report \"%s\" (is uefitool-cli installed?)", text);
	free(cmd);
	free(path);
	t_rm_rf(dir);
	free(dir);
}

/* ---- the real image passes every check ---- */

static int count_damage(const struct uefi_node *n, void *ctx)
{
	unsigned int *c = ctx;

	if (n->damage)
		(*c)++;
	return UEFI_WALK_CONTINUE;
}

static int check_pe(const struct uefi_node *n, void *ctx)
{
	struct uefi_pe_info info;
	unsigned int *c = ctx;

	if (n->kind == UEFI_NODE_SECTION && n->sec.type == UEFI_SEC_PE32) {
		if (uefi_pe_parse(n->leaf, n->leaf_len, &info))
			fail_msg("a real OVMF PE32 fails the consistency checks");
		(*c)++;
	}
	return UEFI_WALK_CONTINUE;
}

static void test_ovmf_pristine(void **state)
{
	static const struct uefi_walk_ops damage_ops = { .enter = count_damage };
	static const struct uefi_walk_ops pe_ops = { .enter = check_pe };
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_walk_stats st;
	unsigned int damaged = 0, pes = 0;

	(void)state;
	assert_true(uefi_walk_image(ovmf->p, ovmf->len, NULL, &damage_ops, &damaged, &st) > 0);
	assert_int_equal(damaged, 0);
	assert_int_equal(st.warnings, 0);
	assert_true(st.files > 100);
	assert_true(uefi_walk_image(ovmf->p, ovmf->len, NULL, &pe_ops, &pes, NULL) > 0);
	assert_true(pes > 100);
	expect_intact(ovmf);
}

/* ---- FFS checksums ---- */

static void test_data_checksum(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf file = checksummed_file(secs.p, secs.len);
	struct tbuf vol = volume_of(&file);

	(void)state;
	expect_intact(&vol);
	/* One bit inside the PE body: only the data checksum can tell. */
	vol.p[pe_offset(&vol) + 0x1234] ^= 0x08;
	expect_corrupt(&vol, "FFS data checksum", UEFI_WARN_CHECKSUM);
	peer_reports(&vol, "invalid data checksum");
	t_free(&vol);
	t_free(&file);
	t_free(&secs);
}

static void test_header_checksum(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf file = t_file(&drv_guid, 0x07, secs.p, secs.len, 0xFF, false, 0x07);
	struct tbuf vol = volume_of(&file);
	size_t hdr = pe_offset(&vol) - 4 - 0x18; /* PE section header, file header */

	(void)state;
	vol.p[hdr + 3] ^= 0x40; /* a bit of the file GUID */
	expect_corrupt(&vol, "FFS header checksum", UEFI_WARN_CHECKSUM);
	peer_reports(&vol, "invalid header checksum");
	t_free(&vol);
	t_free(&file);
	t_free(&secs);
}

static void test_volume_checksum(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf file = t_file(&drv_guid, 0x07, secs.p, secs.len, 0xFF, false, 0x07);
	struct tbuf vol = volume_of(&file);

	(void)state;
	vol.p[0x2E] ^= 0x01; /* an attribute bit */
	expect_corrupt(&vol, "volume header checksum", UEFI_WARN_CHECKSUM);
	peer_reports(&vol, "volume header checksum is invalid");
	t_free(&vol);
	t_free(&file);
	t_free(&secs);
}

/* ---- sections ---- */

static void test_crc32_section(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf body = { 0 }, sec, file, vol;
	uint8_t crc[4];

	(void)state;
	uefi_put32(crc, (uint32_t)lzma_crc32(secs.p, secs.len, 0));
	t_append(&body, crc, 4);
	t_append(&body, secs.p, secs.len);
	sec = t_guided(&uefi_guid_crc32, 0x02, body.p, body.len);
	uefi_put16(sec.p + 20, 28); /* DataOffset past the CRC */
	file = t_file(&drv_guid, 0x07, sec.p, sec.len, 0xFF, false, 0x07);
	vol = volume_of(&file);
	expect_intact(&vol);
	vol.p[pe_offset(&vol) + 0x800] ^= 0x01;
	expect_corrupt(&vol, "CRC32 section checksum", UEFI_WARN_CHECKSUM);
	peer_reports(&vol, "invalid CRC32");
	t_free(&vol);
	t_free(&file);
	t_free(&sec);
	t_free(&body);
	t_free(&secs);
}

/* A compression section (LZMA, type 2) whose header states a wrong size. */
static void test_decompressed_size(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf lz = t_lzma_body(secs.p, secs.len, false);
	struct tbuf body = { 0 }, sec, file, vol;
	uint8_t h[5];

	(void)state;
	uefi_put32(h, (uint32_t)secs.len + 16);
	h[4] = 2;
	t_append(&body, h, 5);
	t_append(&body, lz.p, lz.len);
	sec = t_section(0x01, body.p, body.len, false);
	file = t_file(&drv_guid, 0x07, sec.p, sec.len, 0xFF, false, 0x07);
	vol = volume_of(&file);
	expect_corrupt(&vol, "decompressed size differs from the section header",
		       UEFI_WARN_CHECKSUM);
	/* With the right size it is intact. */
	t_free(&vol);
	uefi_put32(file.p + 0x18 + 4, (uint32_t)secs.len);
	vol = volume_of(&file);
	expect_intact(&vol);
	t_free(&vol);
	t_free(&file);
	t_free(&sec);
	t_free(&body);
	t_free(&lz);
	t_free(&secs);
}

/* A PE32 section whose length runs into the UI section: the file's
 * sections no longer tile it. */
static void test_section_lengths(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf file, vol;

	(void)state;
	uefi_put32(secs.p, (uint32_t)(uefi_le32(secs.p) & 0xFFFFFF) - 0x10);
	secs.p[3] = 0x10;
	file = t_file(&drv_guid, 0x07, secs.p, secs.len, 0xFF, false, 0x07);
	vol = volume_of(&file);
	{
		struct uefi_gop_result res;

		assert_int_equal(uefi_gop_find(vol.p, vol.len, MATCH, NULL, &res), 0);
		assert_int_equal(res.n, 1);
		assert_string_equal(res.cand[0].damage,
				    "section lengths do not fit their container");
		assert_false(res.cand[0].usable);
		uefi_gop_result_free(&res);
	}
	t_free(&vol);
	t_free(&file);
	t_free(&secs);
}

/* ---- cut and broken images ---- */

/* Half of OVMF: the compressed DXE volume is whole, its container cut. */
static void test_cut_in_half(void **state)
{
	const struct tbuf *ovmf = t_ovmf();

	(void)state;
	{
		struct tbuf half = { .p = ovmf->p, .len = ovmf->len / 2 };

		expect_corrupt(&half, "volume truncated (the image ends inside it)",
			       UEFI_WARN_TRUNCATED);
	}
}

/* Cut inside the LZMA section: no candidate, the reason is a warning. */
static void test_cut_in_stream(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;

	(void)state;
	assert_int_equal(uefi_gop_find(ovmf->p, 0x100000, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 0);
	assert_true(res.warn_count[UEFI_WARN_TRUNCATED] >= 1);
	uefi_gop_result_free(&res);
}

static void test_broken_lzma(void **state)
{
	struct tbuf img = { 0 };
	struct uefi_gop_result res;

	(void)state;
	t_append(&img, t_ovmf()->p, t_ovmf()->len);
	img.p[0x80000] ^= 0xFF; /* inside the LZMA stream */
	assert_int_equal(uefi_gop_find(img.p, img.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 0);
	assert_int_equal(res.warn_count[UEFI_WARN_UNDECODED], 1);
	assert_int_equal(res.warnings[0].kind, UEFI_WARN_UNDECODED);
	uefi_gop_result_free(&res);
	t_free(&img);
}

/* ---- the PE itself ---- */

/* The PE image checksum as a linker computes it (16-bit folded sum of the
 * file with the field itself counted as zero, plus the length). */
static uint32_t linker_checksum(const uint8_t *p, size_t len, size_t field)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		if (i != field && i != field + 2)
			sum += uefi_le16(p + i);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint32_t)(sum + len);
}

static void test_pe_consistency(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf img = { 0 };
	uint32_t lfanew = uefi_le32(pe->p + 0x3C);
	size_t opt = lfanew + 24;
	struct uefi_gop_result res;

	(void)state;
	t_append(&img, pe->p, pe->len);
	/* An EDK2 build links with a time stamp and a checksum, then GenFw
	 * zeroes the stamp and leaves the checksum stale: genuine Intel GOP
	 * builds (ADL-N, Meteor Lake) carry one, and firmware never checks
	 * it. A stale or wrong checksum is no sign of damage. */
	uefi_put32(img.p + lfanew + 8, 0x63A1B2C3);
	uefi_put32(img.p + opt + 64, linker_checksum(img.p, img.len, opt + 64));
	uefi_put32(img.p + lfanew + 8, 0);
	assert_int_equal(uefi_pe_check_gop(img.p, img.len, NULL), UEFI_PE_OK);
	assert_int_equal(uefi_gop_find(img.p, img.len, MATCH, NULL, &res), 0);
	assert_int_equal(res.n, 1);
	assert_true(res.cand[0].usable);
	uefi_gop_result_free(&res);
	/* SizeOfImage smaller than the sections it loads. */
	uefi_put32(img.p + opt + 56, 0x1000);
	assert_int_equal(uefi_pe_check_gop(img.p, img.len, NULL), UEFI_PE_INCONSISTENT);
	t_free(&img);
}

/* ---- producer or consumer, on OVMF's own drivers ---- */

static void test_roles_ovmf(void **state)
{
	static const struct {
		const char *ui;
		enum uefi_gop_role role;
		enum uefi_gop_confidence sure;
	} cases[] = {
		{ "VirtioGpuDxe", UEFI_GOP_ROLE_PRODUCER, UEFI_GOP_SURE_MEDIUM },
		{ "GraphicsConsoleDxe", UEFI_GOP_ROLE_CONSUMER, UEFI_GOP_SURE_MEDIUM },
		{ "ConSplitterDxe", UEFI_GOP_ROLE_CONSUMER, UEFI_GOP_SURE_MEDIUM },
		{ "ConPlatformDxe", UEFI_GOP_ROLE_CONSUMER, UEFI_GOP_SURE_MEDIUM },
		{ "BdsDxe", UEFI_GOP_ROLE_CONSUMER, UEFI_GOP_SURE_MEDIUM },
		{ "QemuRamfbDxe", UEFI_GOP_ROLE_UNSURE, UEFI_GOP_SURE_LOW },
		{ "PlatformDxe", UEFI_GOP_ROLE_UNSURE, UEFI_GOP_SURE_LOW },
		{ "PciBusDxe", UEFI_GOP_ROLE_NONE, UEFI_GOP_SURE_HIGH },
	};
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_role_info r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct uefi_gop_candidate *c = NULL;
		struct uefi_gop_result res;
		size_t k;

		/* The UI name may be part of others' ("ConPlatformDxe"). */
		assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, cases[i].ui, NULL, &res), 0);
		for (k = 0; k < res.n; k++)
			if (res.cand[k].ui_name && !strcmp(res.cand[k].ui_name, cases[i].ui))
				c = &res.cand[k];
		if (!c)
			fail_msg("%s not found in OVMF", cases[i].ui);
		if (c->role.role != cases[i].role || c->role.confidence != cases[i].sure)
			fail_msg("%s: role %s (%s), wanted %s (%s)", cases[i].ui,
				 uefi_gop_role_str(c->role.role),
				 uefi_gop_confidence_str(c->role.confidence),
				 uefi_gop_role_str(cases[i].role),
				 uefi_gop_confidence_str(cases[i].sure));
		assert_int_equal(c->usable, cases[i].role == UEFI_GOP_ROLE_PRODUCER);
		uefi_gop_result_free(&res);
	}
	/* QemuVideoDxe: known by hash (high); by its GUIDs alone, medium. */
	uefi_gop_role(t_qemu_video()->p, t_qemu_video()->len, QEMU_VIDEO_GUID, "QemuVideoDxe", NULL,
		      &r);
	assert_int_equal(r.role, UEFI_GOP_ROLE_PRODUCER);
	assert_int_equal(r.confidence, UEFI_GOP_SURE_MEDIUM);
	/* An Intel GOP file GUID decides even without the structural pattern. */
	uefi_gop_role(t_qemu_video()->p, t_qemu_video()->len,
		      "7755CA7B-CA8F-43C5-889B-E1F59A93D575", NULL, NULL, &r);
	assert_int_equal(r.role, UEFI_GOP_ROLE_PRODUCER);
	assert_int_equal(r.confidence, UEFI_GOP_SURE_HIGH);
}

/* ---- decode only what can hold a GOP ---- */

/* The same LZMA-compressed driver sections in a DXE driver file are
 * searched; in a PEIM file they are not decoded at all. */
static void test_skip_files_without_gop(void **state)
{
	const struct tbuf *pe = t_qemu_video();
	struct tbuf secs = t_driver_sections(pe->p, pe->len, "QemuVideoDxe");
	struct tbuf lz = t_lzma_body(secs.p, secs.len, false);
	struct tbuf sec = t_guided(&uefi_guid_lzma, 0x01, lz.p, lz.len);
	uint8_t types[] = { 0x07, 0x06 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct tbuf file = t_file(&drv_guid, types[i], sec.p, sec.len, 0xFF, false, 0x07);
		struct tbuf vol = volume_of(&file);
		struct uefi_gop_result res;

		assert_int_equal(uefi_gop_find(vol.p, vol.len, MATCH, NULL, &res), 0);
		assert_int_equal(res.n, i == 0 ? 1 : 0);
		assert_int_equal(res.stats.skipped, i == 0 ? 0 : 1);
		assert_int_equal(res.stats.decompressed, i == 0 ? secs.len : 0);
		uefi_gop_result_free(&res);
		t_free(&vol);
		t_free(&file);
	}
	t_free(&sec);
	t_free(&lz);
	t_free(&secs);
}

/* One walk serves the exact and the case-folded search. */
static void test_fold_in_one_walk(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result exact, folded;

	(void)state;
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, MATCH, NULL, &exact), 0);
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, "qemu VIDEO driver", NULL, &folded), 0);
	assert_true(folded.case_folded);
	assert_string_equal(folded.cand[0].sha256, QEMU_VIDEO_SHA256);
	assert_int_equal(folded.stats.decompressed, exact.stats.decompressed);
	assert_int_equal(folded.stats.volumes, exact.stats.volumes);
	uefi_gop_result_free(&exact);
	uefi_gop_result_free(&folded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ovmf_pristine),
		cmocka_unit_test(test_data_checksum),
		cmocka_unit_test(test_header_checksum),
		cmocka_unit_test(test_volume_checksum),
		cmocka_unit_test(test_crc32_section),
		cmocka_unit_test(test_decompressed_size),
		cmocka_unit_test(test_section_lengths),
		cmocka_unit_test(test_cut_in_half),
		cmocka_unit_test(test_cut_in_stream),
		cmocka_unit_test(test_broken_lzma),
		cmocka_unit_test(test_pe_consistency),
		cmocka_unit_test(test_roles_ovmf),
		cmocka_unit_test(test_skip_files_without_gop),
		cmocka_unit_test(test_fold_in_one_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
