// SPDX-License-Identifier: MIT
/*
 * lib/uefi against a real image: Debian's OVMF_CODE_4M.fd.
 *
 * The oracle (research notes, section 7): "QEMU Video Driver" leads to the
 * 16,896-byte QemuVideoDxe PE32 body with a known SHA-256, found through
 * FV -> FV image file -> LZMA section -> FV -> driver file -> PE32 section.
 * The peer: every PE32 section body we find must equal, byte for byte, the
 * body.bin UEFIExtract (Debian uefitool-cli) dumps for the same file GUID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_uefi_util.h"
#include "uefi/sha256.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_walk.h"

static void test_oracle_qemu_video(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;
	const struct uefi_gop_candidate *c;

	(void)state;
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, "QEMU Video Driver", NULL, &res), 0);
	assert_int_equal(res.hit_files, 1);
	assert_false(res.case_folded);
	assert_int_equal(res.n, 1);
	c = &res.cand[0];
	assert_int_equal(c->len, QEMU_VIDEO_SIZE);
	assert_string_equal(c->sha256, QEMU_VIDEO_SHA256);
	assert_string_equal(c->file_guid, QEMU_VIDEO_GUID);
	assert_string_equal(c->ui_name, "QemuVideoDxe");
	assert_int_equal(c->file_type, 0x07);
	assert_int_equal(c->section_type, 0x10);
	assert_true(c->matched);
	/* It lives in the LZMA-compressed DXE volume. */
	assert_true(c->offset == UEFI_OFFSET_NONE);
	assert_int_equal(c->verdict, UEFI_PE_OK);
	assert_int_equal(c->pe.machine, 0x8664);
	assert_int_equal(c->pe.subsystem, 11);
	assert_int_equal(c->pe.size_of_image, 0x4200);
	assert_int_equal(c->pe.raw_end, QEMU_VIDEO_SIZE);
	assert_non_null(c->known);
	assert_int_equal(res.stats.image.container, UEFI_CONTAINER_RAW);
	assert_false(res.stats.image.descriptor);
	/* Two top-level volumes, two inside the LZMA section. */
	assert_int_equal(res.stats.volumes, 4);
	assert_true(res.stats.decompressed > 13000000);
	uefi_gop_result_free(&res);
}

static void test_case_fold_fallback(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;

	(void)state;
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, "qemu VIDEO driver", NULL, &res), 0);
	assert_true(res.case_folded);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	uefi_gop_result_free(&res);
}

/* OVMF has no Intel GOP: zero hits, not an error. */
static void test_intel_gop_absent(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;

	(void)state;
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, UEFI_GOP_DEFAULT_MATCH, NULL, &res), 0);
	assert_int_equal(res.hit_files, 0);
	assert_int_equal(res.n, 0);
	assert_true(res.stats.files > 100);
	uefi_gop_result_free(&res);
}

/* A hit whose PE does not hold the text and is not a GOP: listed invalid. */
static void test_non_gop_candidate_rejected(void **state)
{
	const struct tbuf *ovmf = t_ovmf();
	struct uefi_gop_result res;

	(void)state;
	/* The UI section text of the PCI bus driver, not in its PE body. */
	assert_int_equal(uefi_gop_find(ovmf->p, ovmf->len, "PciBusDxe", NULL, &res), 0);
	assert_int_equal(res.hit_files, 1);
	assert_int_equal(res.n, 1);
	assert_false(res.cand[0].matched);
	assert_string_equal(res.cand[0].ui_name, "PciBusDxe");
	assert_int_equal(res.cand[0].verdict, UEFI_PE_NO_GOP_GUID);
	uefi_gop_result_free(&res);
}

/* ---- comparison with UEFIExtract ---- */

struct pe_rec {
	char guid[UEFI_GUID_STRLEN];
	char sha[SHA256_HEX_SIZE];
};

struct pe_list {
	struct pe_rec *r;
	size_t n;
};

static void pe_add(struct pe_list *l, const char *guid, const char *sha)
{
	l->r = realloc(l->r, (l->n + 1) * sizeof(*l->r));
	assert_non_null(l->r);
	snprintf(l->r[l->n].guid, sizeof(l->r[l->n].guid), "%s", guid);
	snprintf(l->r[l->n].sha, sizeof(l->r[l->n].sha), "%s", sha);
	l->n++;
}

static int pe_cmp(const void *a, const void *b)
{
	const struct pe_rec *x = a, *y = b;
	int c = strcmp(x->guid, y->guid);

	return c ? c : strcmp(x->sha, y->sha);
}

static int ours_enter(const struct uefi_node *n, void *ctx)
{
	const struct uefi_node *file;
	char guid[UEFI_GUID_STRLEN], sha[SHA256_HEX_SIZE];

	if (n->kind != UEFI_NODE_SECTION || n->sec.type != 0x10)
		return 0;
	file = uefi_node_file(n);
	assert_non_null(file);
	pe_add(ctx, uefi_guid_format(file->file.name, guid), sha256_hex(n->leaf, n->leaf_len, sha));
	return 0;
}

static struct pe_list *peer_list;

static int peer_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	static const char suffix[] = "PE32 image section/body.bin";
	char *info, *slash, line[256], sha[SHA256_HEX_SIZE];
	struct tbuf body;
	FILE *f;
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (flag != FTW_F || n < sizeof(suffix) || strcmp(path + n - sizeof(suffix) + 1, suffix))
		return 0;
	body = t_read(path);
	sha256_hex(body.p, body.len, sha);
	t_free(&body);
	/* The file directory two levels up describes the FFS file. */
	info = strdup(path);
	*strrchr(info, '/') = 0;
	slash = strrchr(info, '/');
	strcpy(slash, "/info.txt");
	f = fopen(info, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "File GUID: ", 11)) {
			line[11 + 36] = 0;
			pe_add(peer_list, line + 11, sha);
		}
	fclose(f);
	free(info);
	return 0;
}

static void test_pe_bodies_equal_uefiextract(void **state)
{
	static const struct uefi_walk_ops ops = { .enter = ours_enter };
	const struct tbuf *ovmf = t_ovmf();
	struct pe_list ours = { 0 }, peer = { 0 };
	char *dir = t_mkdtemp(), *img, *cmd, *dump;
	FILE *f;
	size_t i;

	(void)state;
	assert_true(uefi_walk_image(ovmf->p, ovmf->len, NULL, &ops, &ours, NULL) > 0);

	/* UEFIExtract writes IMAGE.dump/ next to the image: work on a copy. */
	assert_true(asprintf(&img, "%s/ovmf.fd", dir) > 0);
	f = fopen(img, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(ovmf->p, 1, ovmf->len, f), ovmf->len);
	fclose(f);
	assert_true(asprintf(&cmd, "UEFIExtract '%s' dump >/dev/null 2>&1", img) > 0);
	if (system(cmd) != 0)
		fail_msg("UEFIExtract failed or is missing: install uefitool-cli (make deps)");
	assert_true(asprintf(&dump, "%s.dump", img) > 0);
	peer_list = &peer;
	assert_int_equal(nftw(dump, peer_visit, 16, FTW_PHYS), 0);

	qsort(ours.r, ours.n, sizeof(*ours.r), pe_cmp);
	qsort(peer.r, peer.n, sizeof(*peer.r), pe_cmp);
	print_message("PE32 bodies: ours %zu, UEFIExtract %zu\n", ours.n, peer.n);
	assert_true(peer.n > 100);
	assert_int_equal(ours.n, peer.n);
	for (i = 0; i < ours.n; i++) {
		if (strcmp(ours.r[i].guid, peer.r[i].guid) || strcmp(ours.r[i].sha, peer.r[i].sha))
			fail_msg("PE32 body %zu differs: ours %s %s, UEFIExtract %s %s", i,
				 ours.r[i].guid, ours.r[i].sha, peer.r[i].guid, peer.r[i].sha);
	}
	free(ours.r);
	free(peer.r);
	free(img);
	free(cmd);
	free(dump);
	t_rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oracle_qemu_video),
		cmocka_unit_test(test_case_fold_fallback),
		cmocka_unit_test(test_intel_gop_absent),
		cmocka_unit_test(test_non_gop_candidate_rejected),
		cmocka_unit_test(test_pe_bodies_equal_uefiextract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
