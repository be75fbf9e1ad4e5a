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
#include "uefi/uefi_gop_loose.h"
#include "uefi/uefi_text.h"

/* Exact and case-folded matches are tracked side by side (one walk). */
enum { EXACT, FOLDED, MODES };

struct pe_item {
	const uint8_t *data;
	uint8_t *copy; /* owned copy, when the walker frees data before file end */
	size_t len;
	uint8_t section_type;
	char subtype_guid[UEFI_GUID_STRLEN];
	uint64_t offset;
	const char *damage;
	bool matched[MODES];
};

struct file_state {
	const struct uefi_node *node;
	bool hit[MODES];
	char *ui_name;
	char *version;
	uint16_t build_number;
	struct pe_item *pe;
	size_t n_pe;
};

/* Candidates of one match mode. */
struct cand_set {
	struct uefi_gop_candidate *cand;
	size_t n;
	unsigned int hit_files;
};

struct finder {
	const uint8_t *needle;
	size_t needle_len;
	struct file_state *stack;
	size_t depth, cap;
	struct cand_set set[MODES];
	struct uefi_gop_result *res;
	int error;
};

static void state_free(struct file_state *s)
{
	size_t i;

	for (i = 0; i < s->n_pe; i++)
		free(s->pe[i].copy);
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

/* Whether the walker frees the leaf's bytes before its file is left: they
 * were decoded by a section inside the file. */
static bool decoded_in_file(const struct uefi_node *n)
{
	for (; n && n->kind != UEFI_NODE_FILE; n = n->parent)
		if (n->kind == UEFI_NODE_SECTION && n->codec != UEFI_CODEC_NONE)
			return true;
	return false;
}

/* A PE body of the current file. Its bytes are copied only when the file
 * turns out to hold the text, unless a decoder inside the file owns them
 * (then now, before they are freed). */
static int add_pe(struct file_state *s, const struct uefi_node *n, const bool *matched)
{
	struct pe_item *p = realloc(s->pe, (s->n_pe + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	s->pe = p;
	p = &s->pe[s->n_pe];
	memset(p, 0, sizeof(*p));
	p->data = n->leaf;
	if (n->kind == UEFI_NODE_SECTION && decoded_in_file(n->parent)) {
		p->copy = malloc(n->leaf_len);
		if (!p->copy)
			return -ENOMEM;
		memcpy(p->copy, n->leaf, n->leaf_len);
		p->data = p->copy;
	}
	p->len = n->leaf_len;
	memcpy(p->matched, matched, sizeof(p->matched));
	p->damage = n->damage;
	p->offset = n->offset == UEFI_OFFSET_NONE ? UEFI_OFFSET_NONE :
						    n->offset + (uint64_t)(n->leaf - n->data);
	if (n->kind == UEFI_NODE_SECTION) {
		p->section_type = n->sec.type;
		if (n->sec.type == UEFI_SEC_FREEFORM_SUBTYPE)
			uefi_guid_format(n->sec.guid, p->subtype_guid);
	}
	s->n_pe++;
	return 0;
}

static int on_leaf(struct finder *f, const struct uefi_node *n)
{
	struct file_state *s;
	bool matched[MODES];

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
	matched[EXACT] = uefi_utf16_find(n->leaf, n->leaf_len, f->needle, f->needle_len, false);
	/* An exact match is a folded one; the folded search is only needed
	 * while no exact hit exists anywhere. */
	matched[FOLDED] = matched[EXACT] ||
			  (!f->set[EXACT].hit_files &&
			   uefi_utf16_find(n->leaf, n->leaf_len, f->needle, f->needle_len, true));
	s->hit[EXACT] |= matched[EXACT];
	s->hit[FOLDED] |= matched[FOLDED];
	if (pe_leaf(n))
		return add_pe(s, n, matched);
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

static void judge(struct uefi_gop_candidate *c)
{
	c->usable = c->verdict == UEFI_PE_OK && !c->damage &&
		    c->role.role == UEFI_GOP_ROLE_PRODUCER;
}

void uefi_gop_assess(struct uefi_gop_candidate *c)
{
	c->verdict = uefi_pe_check_gop(c->data, c->len, &c->pe);
	c->known = uefi_gop_known(c->sha256);
	uefi_gop_role(c->data, c->len, c->file_guid[0] ? c->file_guid : NULL, c->ui_name, c->known,
		      &c->role);
	judge(c);
}

static struct uefi_gop_candidate *find_dup(struct cand_set *set, const char *sha)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (!strcmp(set->cand[i].sha256, sha))
			return &set->cand[i];
	return NULL;
}

static int add_candidate(struct cand_set *set, struct file_state *s, struct pe_item *p)
{
	struct uefi_gop_candidate *c, *nc;
	char sha[SHA256_HEX_SIZE];

	sha256_hex(p->data, p->len, sha);
	c = find_dup(set, sha);
	if (c) {
		/* Identical bytes found intact elsewhere are intact. */
		c->copies++;
		if (!p->damage)
			c->damage = NULL;
		judge(c);
		return 0;
	}
	nc = realloc(set->cand, (set->n + 1) * sizeof(*nc));
	if (!nc)
		return -ENOMEM;
	set->cand = nc;
	c = &set->cand[set->n++];
	memset(c, 0, sizeof(*c));
	memcpy(c->sha256, sha, sizeof(sha));
	if (p->copy) {
		c->data = p->copy;
		p->copy = NULL;
	} else {
		c->data = malloc(p->len);
		if (!c->data)
			return -ENOMEM;
		memcpy(c->data, p->data, p->len);
	}
	p->data = NULL;
	c->len = p->len;
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
	c->matched = p->matched[EXACT] || p->matched[FOLDED];
	c->damage = p->damage;
	uefi_gop_assess(c);
	return 0;
}

/* A hit file's PE images that hold the text (or, failing that, all of
 * them) become candidates of that match mode. */
static int collect(struct cand_set *set, struct file_state *s, int mode)
{
	bool any_matched = false;
	size_t i;
	int ret = 0;

	set->hit_files++;
	for (i = 0; i < s->n_pe; i++)
		any_matched |= s->pe[i].matched[mode];
	for (i = 0; i < s->n_pe && !ret; i++)
		if (s->pe[i].data && (s->pe[i].matched[mode] || !any_matched))
			ret = add_candidate(set, s, &s->pe[i]);
	return ret;
}

static void set_free(struct cand_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->cand[i].data);
		free(set->cand[i].ui_name);
		free(set->cand[i].version);
	}
	free(set->cand);
	memset(set, 0, sizeof(*set));
}

static void finder_leave(const struct uefi_node *n, void *ctx)
{
	struct finder *f = ctx;
	struct file_state *s;

	if (n->kind != UEFI_NODE_FILE || !f->depth)
		return;
	s = &f->stack[--f->depth];
	if (!f->error && s->hit[EXACT])
		f->error = collect(&f->set[EXACT], s, EXACT);
	else if (!f->error && s->hit[FOLDED] && !f->set[EXACT].hit_files)
		f->error = collect(&f->set[FOLDED], s, FOLDED);
	/* Once an exact hit exists the folded candidates are moot. */
	if (f->set[EXACT].hit_files && f->set[FOLDED].n)
		set_free(&f->set[FOLDED]);
	state_free(s);
}

void uefi_gop_warn(struct uefi_gop_result *res, enum uefi_warn_kind kind, const char *msg)
{
	struct uefi_gop_warning *w = realloc(res->warnings, (res->n_warnings + 1) * sizeof(*w));

	res->warn_count[kind]++;
	if (!w)
		return;
	res->warnings = w;
	w[res->n_warnings].kind = kind;
	w[res->n_warnings].msg = strdup(msg);
	if (w[res->n_warnings].msg)
		res->n_warnings++;
}

static void finder_warn(const struct uefi_node *n, enum uefi_warn_kind kind, const char *msg,
			void *ctx)
{
	struct finder *f = ctx;

	(void)n;
	uefi_gop_warn(f->res, kind, msg);
}

/* Files that cannot be (or contain) an x64 DXE GOP driver: SEC, PEI core,
 * DXE core, PEIM, application, MM types and pad. Their compressed sections
 * are not decoded. Freeform, raw, OEM and unknown types may be. */
static bool finder_decode_file(const struct uefi_ffs_file *file, void *ctx)
{
	(void)ctx;
	switch (file->type) {
	case 0x03:
	case 0x04:
	case 0x05:
	case 0x06:
	case 0x09:
	case 0x0A:
	case 0x0D:
	case 0x0E:
	case 0x0F:
	case UEFI_FT_PAD:
		return false;
	}
	return true;
}

/* Usable first, then larger first: a real GOP is ~100-200 KiB. */
static int cand_cmp(const void *a, const void *b)
{
	const struct uefi_gop_candidate *x = a, *y = b;

	if (x->usable != y->usable)
		return x->usable ? -1 : 1;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

int uefi_gop_find(const uint8_t *buf, size_t len, const char *match,
		  const struct uefi_walk_limits *limits, struct uefi_gop_result *res)
{
	static const struct uefi_walk_ops ops = {
		.enter = finder_enter,
		.leave = finder_leave,
		.warn = finder_warn,
		.decode_file = finder_decode_file,
	};
	struct finder f = { .res = res };
	uint8_t *needle;
	int ret, mode;

	memset(res, 0, sizeof(*res));
	ret = uefi_utf16_encode(match, &needle, &f.needle_len);
	if (ret)
		return ret;
	f.needle = needle;
	ret = uefi_walk_image(buf, len, limits, &ops, &f, &res->stats);
	while (f.depth)
		state_free(&f.stack[--f.depth]);
	if (ret >= 0 && f.error)
		ret = f.error;
	if (ret == -ENOENT) {
		/* No volume (so no file, no candidate yet): the file may be
		 * the driver itself, or an option ROM. */
		ret = uefi_gop_loose(buf, len, needle, f.needle_len,
				     limits ? limits->max_output : UEFI_WALK_MAX_OUTPUT, res);
	} else if (ret >= 0) {
		ret = 0;
		mode = f.set[EXACT].hit_files ? EXACT : FOLDED;
		res->case_folded = mode == FOLDED && f.set[FOLDED].hit_files;
		res->cand = f.set[mode].cand;
		res->n = f.set[mode].n;
		res->hit_files = f.set[mode].hit_files;
		memset(&f.set[mode], 0, sizeof(f.set[mode]));
	}
	set_free(&f.set[EXACT]);
	set_free(&f.set[FOLDED]);
	free(f.stack);
	free(needle);
	if (!ret && res->n > 1)
		qsort(res->cand, res->n, sizeof(*res->cand), cand_cmp);
	return ret;
}

size_t uefi_gop_usable_count(const struct uefi_gop_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->n; i++)
		n += res->cand[i].usable;
	return n;
}

void uefi_gop_result_free(struct uefi_gop_result *res)
{
	struct cand_set set = { .cand = res->cand, .n = res->n };
	size_t i;

	set_free(&set);
	for (i = 0; i < res->n_warnings; i++)
		free(res->warnings[i].msg);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}
