// SPDX-License-Identifier: MIT
/*
 * lib/uefi against real images: Debian's OVMF_CODE_4M.fd, then every
 * firmware build Debian ships.
 *
 * The oracle (research notes, section 7): "QEMU Video Driver" leads to the
 * 16,896-byte QemuVideoDxe PE32 body with a known SHA-256, found through
 * FV -> FV image file -> LZMA section -> FV -> driver file -> PE32 section.
 * The peer: the volumes and files we walk must be UEFIExtract's (Debian
 * uefitool-cli), and every PE32 and TE section body we find must equal,
 * byte for byte, the body.bin it dumps for the same file GUID.
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
#include <sys/stat.h>

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

/* What a walk or a dump holds: PE32 and TE bodies by file, and counts. */
struct peer_view {
	struct pe_list pe;
	unsigned int volumes, files;
};

/* Section types whose bodies are executable images (PE32, TE): the bodies
 * UEFIExtract dumps as "PE32 image section" and "TE image section". */
static bool image_section(uint8_t type)
{
	return type == 0x10 || type == 0x12;
}

static int ours_enter(const struct uefi_node *n, void *ctx)
{
	struct peer_view *v = ctx;
	const struct uefi_node *file;
	char guid[UEFI_GUID_STRLEN], sha[SHA256_HEX_SIZE];

	if (n->kind == UEFI_NODE_VOLUME)
		v->volumes++;
	if (n->kind == UEFI_NODE_FILE)
		v->files++;
	if (n->kind != UEFI_NODE_SECTION || !image_section(n->sec.type))
		return 0;
	file = uefi_node_file(n);
	assert_non_null(file);
	pe_add(&v->pe, uefi_guid_format(file->file.name, guid),
	       sha256_hex(n->leaf, n->leaf_len, sha));
	return 0;
}

static struct peer_view *peer_view;

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcmp(s + n - k, tail);
}

/* The first line of @path that starts with @key, without its newline. */
static bool info_line(const char *path, const char *key, char *line, size_t len)
{
	FILE *f = fopen(path, "r");
	bool found = false;

	assert_non_null(f);
	while (!found && fgets(line, (int)len, f))
		found = !strncmp(line, key, strlen(key));
	fclose(f);
	if (found)
		line[strcspn(line, "\n")] = 0;
	return found;
}

/*
 * UEFIExtract's dump: a directory per node, with info.txt ("Type: Volume",
 * "Type: File", a file's "File GUID: ...") and body.bin; an image section's
 * directory is named after its kind, inside its file's directory.
 */
static int peer_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	char *info, line[256], sha[SHA256_HEX_SIZE];
	struct tbuf body;

	(void)st;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	if (ends_with(path, "/info.txt")) {
		if (info_line(path, "Type: Volume", line, sizeof(line)))
			peer_view->volumes++;
		if (info_line(path, "Type: File", line, sizeof(line)))
			peer_view->files++;
		return 0;
	}
	if (!ends_with(path, "PE32 image section/body.bin") &&
	    !ends_with(path, "TE image section/body.bin"))
		return 0;
	body = t_read(path);
	sha256_hex(body.p, body.len, sha);
	t_free(&body);
	/* The file's directory, one level up, describes the FFS file. */
	info = strdup(path);
	*strrchr(info, '/') = 0;
	strcpy(strrchr(info, '/'), "/info.txt");
	assert_true(info_line(info, "File GUID: ", line, sizeof(line)));
	line[11 + 36] = 0;
	pe_add(&peer_view->pe, line + 11, sha);
	free(info);
	return 0;
}

/* Walks @img and has UEFIExtract dump it: the same volumes and files, and
 * every PE32 and TE body the same bytes under the same file GUID. */
static void compare_with_uefiextract(const char *name, const struct tbuf *img)
{
	static const struct uefi_walk_ops ops = { .enter = ours_enter };
	struct peer_view ours = { 0 }, peer = { 0 };
	char *dir = t_mkdtemp(), *copy, *cmd, *dump;
	FILE *f;
	size_t i;

	assert_true(uefi_walk_image(img->p, img->len, NULL, &ops, &ours, NULL) > 0);

	/* UEFIExtract writes IMAGE.dump/ next to the image: work on a copy. */
	assert_true(asprintf(&copy, "%s/image.fd", dir) > 0);
	f = fopen(copy, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img->p, 1, img->len, f), img->len);
	fclose(f);
	assert_true(asprintf(&cmd, "UEFIExtract '%s' dump >/dev/null 2>&1", copy) > 0);
	if (system(cmd) != 0)
		fail_msg("UEFIExtract failed or is missing: install uefitool-cli (make deps)");
	assert_true(asprintf(&dump, "%s.dump", copy) > 0);
	peer_view = &peer;
	assert_int_equal(nftw(dump, peer_visit, 16, FTW_PHYS), 0);

	qsort(ours.pe.r, ours.pe.n, sizeof(*ours.pe.r), pe_cmp);
	qsort(peer.pe.r, peer.pe.n, sizeof(*peer.pe.r), pe_cmp);
	print_message("%s: volumes %u/%u, files %u/%u, image bodies %zu/%zu (ours/UEFIExtract)\n",
		      name, ours.volumes, peer.volumes, ours.files, peer.files, ours.pe.n,
		      peer.pe.n);
	assert_true(peer.pe.n > 50);
	assert_int_equal(ours.volumes, peer.volumes);
	assert_int_equal(ours.files, peer.files);
	assert_int_equal(ours.pe.n, peer.pe.n);
	for (i = 0; i < ours.pe.n; i++) {
		if (strcmp(ours.pe.r[i].guid, peer.pe.r[i].guid) ||
		    strcmp(ours.pe.r[i].sha, peer.pe.r[i].sha))
			fail_msg("%s: image body %zu differs: ours %s %s, UEFIExtract %s %s", name,
				 i, ours.pe.r[i].guid, ours.pe.r[i].sha, peer.pe.r[i].guid,
				 peer.pe.r[i].sha);
	}
	free(ours.pe.r);
	free(peer.pe.r);
	free(copy);
	free(cmd);
	free(dump);
	t_rm_rf(dir);
	free(dir);
}

/*
 * The image the other tests read, then every firmware code image Debian
 * ships, each build once: OVMF with and
 * without Secure Boot in both flash sizes, the IA32 build, and the AArch64
 * and 32-bit ARM builds (other volume layouts, TE images in PEI, 64 MiB
 * images mostly padding). None holds an Intel GOP; they are real
 * layouts no one here made, with UEFIExtract as the peer.
 */
static const char *const firmware_packages[] = { "ovmf", "ovmf-ia32", "qemu-efi-aarch64",
						 "qemu-efi-arm" };

static void test_debian_firmware_equal_uefiextract(void **state)
{
	char line[4096], seen[16][SHA256_HEX_SIZE], sha[SHA256_HEX_SIZE], *cmd;
	unsigned int n_seen = 0, i, k;
	struct stat st;
	FILE *p;

	(void)state;
	/* The image the other tests read ($OVMF_CODE may name another). */
	sha256_hex(t_ovmf()->p, t_ovmf()->len, seen[n_seen++]);
	compare_with_uefiextract(t_ovmf_path(), t_ovmf());
	for (i = 0; i < sizeof(firmware_packages) / sizeof(firmware_packages[0]); i++) {
		assert_true(asprintf(&cmd, "dpkg -L %s 2>/dev/null", firmware_packages[i]) > 0);
		p = popen(cmd, "r");
		assert_non_null(p);
		k = 0;
		while (fgets(line, sizeof(line), p)) {
			struct tbuf img;
			bool dup = false;
			unsigned int j;

			line[strcspn(line, "\n")] = 0;
			if (!strstr(strrchr(line, '/') ?: line, "_CODE") ||
			    !ends_with(line, ".fd") || lstat(line, &st) || !S_ISREG(st.st_mode))
				continue;
			k++;
			img = t_read(line);
			sha256_hex(img.p, img.len, sha);
			for (j = 0; j < n_seen; j++)
				dup |= !strcmp(seen[j], sha);
			if (!dup) {
				assert_true(n_seen < 16);
				strcpy(seen[n_seen++], sha);
				compare_with_uefiextract(line, &img);
			}
			t_free(&img);
		}
		pclose(p);
		if (!k)
			fail_msg("no firmware code image from %s: install it (make deps)",
				 firmware_packages[i]);
		free(cmd);
	}
	print_message("%u distinct firmware builds compared\n", n_seen);
	assert_true(n_seen >= 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oracle_qemu_video),
		cmocka_unit_test(test_case_fold_fallback),
		cmocka_unit_test(test_intel_gop_absent),
		cmocka_unit_test(test_non_gop_candidate_rejected),
		cmocka_unit_test(test_debian_firmware_equal_uefiextract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
