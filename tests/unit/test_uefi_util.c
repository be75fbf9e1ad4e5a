// SPDX-License-Identifier: MIT
/*
 * Helpers of the lib/uefi tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common_file.h"
#include "tests/unit/test_uefi_util.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_text.h"

const char *t_ovmf_path(void)
{
	static char path[4096];
	const char *env = getenv("OVMF_CODE");
	FILE *p;

	if (env && *env)
		return env;
	if (path[0])
		return path;
	p = popen("dpkg -L ovmf 2>/dev/null", "r");
	assert_non_null(p);
	while (fgets(path, sizeof(path), p)) {
		path[strcspn(path, "\n")] = 0;
		size_t n = strlen(path), k = strlen("/OVMF_CODE_4M.fd");

		if (n > k && !strcmp(path + n - k, "/OVMF_CODE_4M.fd"))
			break;
		path[0] = 0;
	}
	pclose(p);
	if (!path[0])
		fail_msg(
			"OVMF_CODE_4M.fd not found: install Debian's ovmf (make deps) or set OVMF_CODE");
	return path;
}

struct tbuf t_read(const char *path)
{
	struct tbuf b = { 0 };
	char *p;
	int ret = common_read_file(path, 64u << 20, 0, &p, &b.len);

	if (ret)
		fail_msg("cannot read %s: %s", path, strerror(-ret));
	b.p = (uint8_t *)p;
	return b;
}

const struct tbuf *t_ovmf(void)
{
	static struct tbuf ovmf;

	if (!ovmf.p)
		ovmf = t_read(t_ovmf_path());
	return &ovmf;
}

const struct tbuf *t_qemu_video(void)
{
	static struct tbuf pe;
	struct uefi_gop_result res;

	if (pe.p)
		return &pe;
	assert_int_equal(uefi_gop_find(t_ovmf()->p, t_ovmf()->len, "QEMU Video Driver", NULL, &res),
			 0);
	assert_int_equal(res.n, 1);
	assert_string_equal(res.cand[0].sha256, QEMU_VIDEO_SHA256);
	t_append(&pe, res.cand[0].data, res.cand[0].len);
	uefi_gop_result_free(&res);
	return &pe;
}

struct tbuf t_ovmf_driver(const char *ui)
{
	struct uefi_gop_result res;
	struct tbuf pe = { 0 };
	size_t i;

	/* The UI name is UTF-16 in the file, so it is a match text too; it may
	 * be part of others' ("ConPlatformDxe"), the UI section decides. */
	assert_int_equal(uefi_gop_find(t_ovmf()->p, t_ovmf()->len, ui, NULL, &res), 0);
	for (i = 0; i < res.n && !pe.p; i++)
		if (res.cand[i].ui_name && !strcmp(res.cand[i].ui_name, ui))
			t_append(&pe, res.cand[i].data, res.cand[i].len);
	uefi_gop_result_free(&res);
	if (!pe.p)
		fail_msg("%s not found in OVMF", ui);
	return pe;
}

void t_append(struct tbuf *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->len + n + 1);
	assert_non_null(b->p);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

void t_fill(struct tbuf *b, uint8_t v, size_t n)
{
	b->p = realloc(b->p, b->len + n + 1);
	assert_non_null(b->p);
	memset(b->p + b->len, v, n);
	b->len += n;
}

void t_align(struct tbuf *b, size_t a, uint8_t v)
{
	t_fill(b, v, uefi_align(b->len, a) - b->len);
}

void t_free(struct tbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

struct tbuf t_section(uint8_t type, const void *body, size_t len, bool ext)
{
	struct tbuf b = { 0 };
	uint8_t h[8];

	if (ext) {
		uefi_put32(h, 0xFFFFFF);
		h[3] = type;
		uefi_put32(h + 4, (uint32_t)(len + 8));
		t_append(&b, h, 8);
	} else {
		assert_true(len + 4 < 0xFFFFFF);
		uefi_put32(h, (uint32_t)(len + 4));
		h[3] = type;
		t_append(&b, h, 4);
	}
	t_append(&b, body, len);
	return b;
}

struct tbuf t_guided(const struct uefi_guid *g, uint16_t attr, const void *body, size_t len)
{
	struct tbuf b = { 0 };
	uint8_t h[24];

	uefi_put32(h, (uint32_t)(len + 24));
	h[3] = 0x02;
	memcpy(h + 4, g->b, 16);
	uefi_put16(h + 20, 24);
	uefi_put16(h + 22, attr);
	t_append(&b, h, 24);
	t_append(&b, body, len);
	return b;
}

struct tbuf t_subtype(const struct uefi_guid *g, const void *body, size_t len)
{
	struct tbuf b = { 0 };
	uint8_t h[20];

	uefi_put32(h, (uint32_t)(len + 20));
	h[3] = 0x18;
	memcpy(h + 4, g->b, 16);
	t_append(&b, h, 20);
	t_append(&b, body, len);
	return b;
}

struct tbuf t_file(const struct uefi_guid *name, uint8_t type, const void *body, size_t len,
		   uint8_t erase, bool large, uint8_t state)
{
	struct tbuf b = { 0 };
	uint8_t h[32] = { 0 }, sum = 0;
	size_t hl = large ? 32 : 24, i;

	memcpy(h, name->b, 16);
	h[0x12] = type;
	h[0x13] = large ? 0x01 : 0x00;
	if (large) {
		uefi_put64(h + 0x18, len + hl);
	} else {
		assert_true(len + hl <= 0xFFFFFF);
		h[0x14] = (uint8_t)(len + hl);
		h[0x15] = (uint8_t)((len + hl) >> 8);
		h[0x16] = (uint8_t)((len + hl) >> 16);
	}
	for (i = 0; i < hl; i++)
		sum = (uint8_t)(sum + h[i]);
	h[0x10] = (uint8_t)-sum;
	h[0x11] = 0xAA;
	h[0x17] = erase ? (uint8_t)~state : state;
	t_append(&b, h, hl);
	t_append(&b, body, len);
	return b;
}

void t_append_file(struct tbuf *files, const struct tbuf *file, uint8_t erase)
{
	/* Files start 8-aligned from the volume start; volumes put the first
	 * file at an 8-aligned offset, so aligning the list is enough. */
	t_align(files, 8, erase);
	t_append(files, file->p, file->len);
}

struct tbuf t_volume(const struct uefi_guid *fs, uint8_t erase, const struct tbuf *files,
		     bool named, size_t min_len)
{
	static const struct uefi_guid name =
		UEFI_GUID(0x11223344, 0x5566, 0x7788, 1, 2, 3, 4, 5, 6, 7, 8);
	struct tbuf b = { 0 };
	uint8_t h[0x48] = { 0 };
	uint16_t sum = 0;
	size_t hdr = 0x48, total, i;

	total = hdr + (named ? 0x18 : 0) + files->len;
	if (total < min_len)
		total = min_len;
	total = uefi_align(total, 0x1000);
	memcpy(h + 0x10, fs->b, 16);
	uefi_put64(h + 0x20, total);
	memcpy(h + 0x28, "_FVH", 4);
	uefi_put32(h + 0x2C, 0x0004FEFF & (erase ? ~0u : ~0x800u));
	uefi_put16(h + 0x30, (uint16_t)hdr);
	uefi_put16(h + 0x34, named ? 0x48 : 0);
	h[0x37] = 2;
	uefi_put32(h + 0x38, (uint32_t)(total / 0x1000));
	uefi_put32(h + 0x3C, 0x1000);
	for (i = 0; i < hdr; i += 2)
		sum = (uint16_t)(sum + uefi_le16(h + i));
	uefi_put16(h + 0x32, (uint16_t)-sum);
	t_append(&b, h, hdr);
	if (named) {
		uint8_t ext[0x18];

		memcpy(ext, name.b, 16);
		uefi_put32(ext + 16, 0x14);
		memset(ext + 0x14, erase, 4);
		t_append(&b, ext, sizeof(ext)); /* files at ALIGN8(0x5C) = 0x60 */
	}
	t_append(&b, files->p, files->len);
	t_fill(&b, erase, total - b.len);
	return b;
}

struct tbuf t_rom_image(const void *payload, size_t len, uint8_t code_type, uint16_t compression,
			bool last)
{
	enum { PCIR = 0x1C, PAYLOAD = 0x40, BLOCK = 512 };
	struct tbuf b = { 0 };
	size_t blocks;

	t_fill(&b, 0, PAYLOAD);
	t_append(&b, payload, len);
	t_align(&b, BLOCK, 0);
	blocks = b.len / BLOCK;
	b.p[0] = 0x55;
	b.p[1] = 0xAA;
	uefi_put16(b.p + 0x18, PCIR);
	if (code_type == 3) {
		uefi_put16(b.p + 0x02, (uint16_t)blocks); /* InitializationSize */
		uefi_put32(b.p + 0x04, 0x0EF1);
		uefi_put16(b.p + 0x08, 11); /* EFI boot-service driver */
		uefi_put16(b.p + 0x0A, 0x8664);
		uefi_put16(b.p + 0x0C, compression);
		uefi_put16(b.p + 0x16, PAYLOAD);
	}
	memcpy(b.p + PCIR, "PCIR", 4);
	uefi_put16(b.p + PCIR + 0x04, 0x8086);
	uefi_put16(b.p + PCIR + 0x06, 0xA7A0);
	uefi_put16(b.p + PCIR + 0x0A, 0x1C); /* structure length */
	b.p[PCIR + 0x0C] = 3; /* revision */
	b.p[PCIR + 0x0F] = 0x03; /* class: display */
	uefi_put16(b.p + PCIR + 0x10, (uint16_t)blocks);
	b.p[PCIR + 0x14] = code_type;
	b.p[PCIR + 0x15] = last ? 0x80 : 0;
	return b;
}

struct tbuf t_driver_sections(const void *pe, size_t len, const char *ui)
{
	struct tbuf b = { 0 }, s;
	uint8_t *u16;
	size_t u16_len;

	s = t_section(0x10, pe, len, false);
	t_append(&b, s.p, s.len);
	t_free(&s);
	t_align(&b, 4, 0);
	assert_int_equal(uefi_utf16_encode(ui, &u16, &u16_len), 0);
	u16 = realloc(u16, u16_len + 2);
	u16[u16_len] = u16[u16_len + 1] = 0;
	s = t_section(0x15, u16, u16_len + 2, false);
	t_append(&b, s.p, s.len);
	t_free(&s);
	free(u16);
	return b;
}

struct tbuf t_lzma_body(const void *p, size_t len, bool x86)
{
	lzma_options_lzma opt;
	lzma_filter chain[3];
	struct tbuf b = { 0 };
	uint8_t h[13];
	size_t cap = len + len / 2 + 4096, out = 0;
	uint8_t *buf = malloc(cap);
	int f = 0;

	assert_non_null(buf);
	assert_false(lzma_lzma_preset(&opt, 6));
	if (x86)
		chain[f++] = (lzma_filter){ .id = LZMA_FILTER_X86 };
	chain[f++] = (lzma_filter){ .id = LZMA_FILTER_LZMA1, .options = &opt };
	chain[f] = (lzma_filter){ .id = LZMA_VLI_UNKNOWN };
	assert_int_equal(lzma_raw_buffer_encode(chain, NULL, p, len, buf, &out, cap), LZMA_OK);
	h[0] = (uint8_t)((opt.pb * 5 + opt.lp) * 9 + opt.lc);
	uefi_put32(h + 1, opt.dict_size);
	uefi_put64(h + 5, len);
	t_append(&b, h, 13);
	t_append(&b, buf, out);
	free(buf);
	return b;
}

char *t_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *d;

	assert_true(asprintf(&d, "%s/uefitest.XXXXXX", tmp && *tmp ? tmp : "/tmp") > 0);
	assert_non_null(mkdtemp(d));
	return d;
}

void t_rm_rf(const char *dir)
{
	char *cmd;

	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}
