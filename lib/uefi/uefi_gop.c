// SPDX-License-Identifier: MIT
/*
 * GOP candidate search over the walker.
 *
 * UEFITool users search the hex of the UTF-16LE name, open the hit (a leaf
 * body) and extract the PE32 body of that file. We do the same for every
 * hit: per FFS file we note whether any leaf payload holds the text and copy
 * the PE images among its leaves; when the file is left, its PE images that
 * hold the text (or, failing that, all of them) become candidates.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/uefi_gop.h"
#include "uefi/uefi_text.h"

struct pe_item {
	uint8_t *data;
	size_t len;
	uint8_t section_type;
	char subtype_guid[UEFI_GUID_STRLEN];
	uint64_t offset;
	bool matched;
};

struct file_state {
	const struct uefi_node *node;
	bool hit;
	char *ui_name;
	char *version;
	uint16_t build_number;
	struct pe_item *pe;
	size_t n_pe;
};

struct finder {
	const uint8_t *needle;
	size_t needle_len;
	bool fold;
	struct file_state *stack;
	size_t depth, cap;
	struct uefi_gop_result *res;
	int error;
};

static void state_free(struct file_state *s)
{
	size_t i;

	for (i = 0; i < s->n_pe; i++)
		free(s->pe[i].data);
	free(s->pe);
	free(s->ui_name);
	free(s->version);
	memset(s, 0, sizeof(*s));
}

/* Payloads that may be the driver: PE32 sections, and opaque bodies that
 * start with MZ (raw/freeform-subtype sections, raw files). */
static bool pe_leaf(const struct uefi_node *n)
{
	if (n->leaf_len < 2 || n->leaf[0] != 'M' || n->leaf[1] != 'Z')
		return false;
	if (n->kind == UEFI_NODE_FILE)
		return true;
	switch (n->sec.type) {
	case UEFI_SEC_PE32:
	case UEFI_SEC_RAW:
	case UEFI_SEC_FREEFORM_SUBTYPE:
	case UEFI_SEC_GUID_DEFINED:
		return true;
	}
	return false;
}

static int add_pe(struct finder *f, struct file_state *s, const struct uefi_node *n, bool matched)
{
	struct pe_item *p = realloc(s->pe, (s->n_pe + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	s->pe = p;
	p = &s->pe[s->n_pe];
	memset(p, 0, sizeof(*p));
	p->data = malloc(n->leaf_len);
	if (!p->data)
		return -ENOMEM;
	memcpy(p->data, n->leaf, n->leaf_len);
	p->len = n->leaf_len;
	p->matched = matched;
	p->offset = n->offset == UEFI_OFFSET_NONE ? UEFI_OFFSET_NONE :
						    n->offset + (uint64_t)(n->leaf - n->data);
	if (n->kind == UEFI_NODE_SECTION) {
		p->section_type = n->sec.type;
		if (n->sec.type == UEFI_SEC_FREEFORM_SUBTYPE)
			uefi_guid_format(n->sec.guid, p->subtype_guid);
	}
	s->n_pe++;
	(void)f;
	return 0;
}

static int on_leaf(struct finder *f, const struct uefi_node *n)
{
	struct file_state *s;
	bool matched;

	if (!f->depth)
		return 0;
	s = &f->stack[f->depth - 1];
	if (n->kind == UEFI_NODE_SECTION && n->sec.type == UEFI_SEC_USER_INTERFACE && !s->ui_name) {
		s->ui_name = uefi_utf16_decode(n->leaf, n->leaf_len);
		if (!s->ui_name)
			return -ENOMEM;
	}
	if (n->kind == UEFI_NODE_SECTION && n->sec.type == UEFI_SEC_VERSION && !s->version) {
		s->version = uefi_utf16_decode(n->leaf, n->leaf_len);
		s->build_number = n->sec.build_number;
		if (!s->version)
			return -ENOMEM;
	}
	matched = uefi_utf16_find(n->leaf, n->leaf_len, f->needle, f->needle_len, f->fold);
	if (matched)
		s->hit = true;
	if (pe_leaf(n))
		return add_pe(f, s, n, matched);
	return 0;
}

static int finder_enter(const struct uefi_node *n, void *ctx)
{
	struct finder *f = ctx;
	int ret;

	if (n->kind == UEFI_NODE_FILE) {
		if (f->depth == f->cap) {
			size_t cap = f->cap ? 2 * f->cap : 8;
			struct file_state *st = realloc(f->stack, cap * sizeof(*st));

			if (!st)
				return -ENOMEM;
			f->stack = st;
			f->cap = cap;
		}
		memset(&f->stack[f->depth], 0, sizeof(f->stack[0]));
		f->stack[f->depth++].node = n;
	}
	if (n->leaf) {
		ret = on_leaf(f, n);
		if (ret)
			return ret;
	}
	return UEFI_WALK_CONTINUE;
}

static struct uefi_gop_candidate *find_dup(struct uefi_gop_result *res, const char *sha)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		if (!strcmp(res->cand[i].sha256, sha))
			return &res->cand[i];
	return NULL;
}

static int add_candidate(struct finder *f, struct file_state *s, struct pe_item *p)
{
	struct uefi_gop_result *res = f->res;
	struct uefi_gop_candidate *c, *nc;
	char sha[SHA256_HEX_SIZE];

	sha256_hex(p->data, p->len, sha);
	c = find_dup(res, sha);
	if (c) {
		c->copies++;
		return 0;
	}
	nc = realloc(res->cand, (res->n + 1) * sizeof(*nc));
	if (!nc)
		return -ENOMEM;
	res->cand = nc;
	c = &res->cand[res->n++];
	memset(c, 0, sizeof(*c));
	memcpy(c->sha256, sha, sizeof(sha));
	c->data = p->data;
	c->len = p->len;
	p->data = NULL;
	uefi_guid_format(s->node->file.name, c->file_guid);
	memcpy(c->subtype_guid, p->subtype_guid, sizeof(c->subtype_guid));
	if (s->ui_name)
		c->ui_name = strdup(s->ui_name);
	if (s->version)
		c->version = strdup(s->version);
	if ((s->ui_name && !c->ui_name) || (s->version && !c->version))
		return -ENOMEM;
	c->build_number = s->build_number;
	c->file_type = s->node->file.type;
	c->section_type = p->section_type;
	c->offset = p->offset;
	c->copies = 1;
	c->matched = p->matched;
	c->verdict = uefi_pe_check_gop(c->data, c->len, &c->pe);
	c->known = uefi_gop_known(c->sha256);
	return 0;
}

static void finder_leave(const struct uefi_node *n, void *ctx)
{
	struct finder *f = ctx;
	struct file_state *s;
	bool any_matched = false;
	size_t i;

	if (n->kind != UEFI_NODE_FILE || !f->depth)
		return;
	s = &f->stack[--f->depth];
	if (s->hit) {
		f->res->hit_files++;
		for (i = 0; i < s->n_pe; i++)
			any_matched |= s->pe[i].matched;
		for (i = 0; i < s->n_pe && !f->error; i++)
			if (s->pe[i].matched || !any_matched)
				f->error = add_candidate(f, s, &s->pe[i]);
	}
	state_free(s);
}

static void finder_warn(const struct uefi_node *n, const char *msg, void *ctx)
{
	struct finder *f = ctx;
	struct uefi_gop_result *res = f->res;
	char **w = realloc(res->warnings, (res->n_warnings + 1) * sizeof(*w));
	char *copy;

	(void)n;
	if (!w)
		return;
	res->warnings = w;
	copy = strdup(msg);
	if (copy)
		res->warnings[res->n_warnings++] = copy;
}

static int search(const uint8_t *buf, size_t len, struct finder *f,
		  const struct uefi_walk_limits *limits)
{
	static const struct uefi_walk_ops ops = {
		.enter = finder_enter,
		.leave = finder_leave,
		.warn = finder_warn,
	};
	int ret;

	ret = uefi_walk_image(buf, len, limits, &ops, f, &f->res->stats);
	while (f->depth)
		state_free(&f->stack[--f->depth]);
	if (ret >= 0 && f->error)
		ret = f->error;
	return ret < 0 ? ret : 0;
}

/* Valid first, then larger first: a real GOP is ~100-200 KiB. */
static int cand_cmp(const void *a, const void *b)
{
	const struct uefi_gop_candidate *x = a, *y = b;

	if ((x->verdict == UEFI_PE_OK) != (y->verdict == UEFI_PE_OK))
		return x->verdict == UEFI_PE_OK ? -1 : 1;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static void clear_candidates(struct uefi_gop_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->cand[i].data);
		free(res->cand[i].ui_name);
		free(res->cand[i].version);
	}
	free(res->cand);
	res->cand = NULL;
	res->n = 0;
	res->hit_files = 0;
}

static void clear_warnings(struct uefi_gop_result *res)
{
	size_t i;

	for (i = 0; i < res->n_warnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	res->warnings = NULL;
	res->n_warnings = 0;
}

int uefi_gop_find(const uint8_t *buf, size_t len, const char *match,
		  const struct uefi_walk_limits *limits, struct uefi_gop_result *res)
{
	struct finder f = { .res = res };
	uint8_t *needle;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = uefi_utf16_encode(match, &needle, &f.needle_len);
	if (ret)
		return ret;
	f.needle = needle;
	ret = search(buf, len, &f, limits);
	if (!ret && !res->hit_files) {
		clear_candidates(res);
		clear_warnings(res);
		f.fold = true;
		res->case_folded = true;
		ret = search(buf, len, &f, limits);
		if (!res->hit_files)
			res->case_folded = false;
	}
	free(f.stack);
	free(needle);
	if (!ret && res->n > 1)
		qsort(res->cand, res->n, sizeof(*res->cand), cand_cmp);
	return ret;
}

void uefi_gop_result_free(struct uefi_gop_result *res)
{
	clear_candidates(res);
	clear_warnings(res);
}
