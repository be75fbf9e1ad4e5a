// SPDX-License-Identifier: MIT
/*
 * The recursive walk: area scan -> volume -> file -> sections, decoding
 * compressed and GUID-defined sections on the way.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>

#include "uefi/uefi_decompress.h"
#include "uefi/uefi_guid.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_walk.h"

/* A decoded buffer still being filled (uefi_lzma_stream), innermost first. */
struct lazy {
	struct uefi_lzma_stream *z;
	const struct lazy *outer;
};

struct walker {
	const struct uefi_walk_ops *ops;
	void *ctx;
	struct uefi_walk_limits lim;
	struct uefi_walk_stats *st;
	const uint8_t *base; /* the input file, for offsets */
	size_t base_len;
	const struct lazy *lazy;
};

/* The longest section header uefi_section_parse() reads (extended size,
 * GUID-defined). */
#define SECTION_PROBE 28

static int walk_area(struct walker *w, const uint8_t *buf, size_t len, struct uefi_node *parent,
		     bool decoded);
static int walk_sections(struct walker *w, const uint8_t *buf, size_t len, struct uefi_node *parent,
			 bool decoded);

/* Integrity checks, named as the user sees them (one string per check). */
static const char dmg_fv_checksum[] = "volume header checksum";
static const char dmg_fv_truncated[] = "volume truncated (the image ends inside it)";
static const char dmg_ffs_header[] = "FFS header checksum";
static const char dmg_ffs_data[] = "FFS data checksum";
static const char dmg_sections[] = "section lengths do not fit their container";
static const char dmg_size[] = "decompressed size differs from the section header";
static const char dmg_crc32[] = "CRC32 section checksum";

/* The stream whose output holds @p, or NULL (the input file). */
static struct uefi_lzma_stream *lazy_of(const struct walker *w, const uint8_t *p)
{
	const struct lazy *l;

	for (l = w->lazy; l; l = l->outer)
		if (p >= l->z->buf && p <= l->z->buf + l->z->size)
			return l->z;
	return NULL;
}

/*
 * Makes @n bytes at @p valid before they are read: in data decoded as the
 * walk goes, this decodes up to there. False when the data is corrupt
 * before that point (the stream is marked failed).
 */
static bool need(const struct walker *w, const uint8_t *p, size_t n)
{
	struct uefi_lzma_stream *z = lazy_of(w, p);

	return !z || !uefi_lzma_fill(z, (size_t)(p - z->buf) + n);
}

/* How many of the @len bytes at @buf are valid now. */
static size_t valid_len(const struct walker *w, const uint8_t *buf, size_t len)
{
	struct uefi_lzma_stream *z = lazy_of(w, buf);
	size_t have;

	if (!z)
		return len;
	have = z->filled > (size_t)(buf - z->buf) ? z->filled - (size_t)(buf - z->buf) : 0;
	return have < len ? have : len;
}

/* uefi_section_stream_valid(), each header made valid before it is read. */
static bool stream_valid(const struct walker *w, const uint8_t *buf, size_t len)
{
	struct uefi_section sec;
	size_t off = 0;

	if (!len)
		return false;
	for (;;) {
		if (!need(w, buf + off, len - off < SECTION_PROBE ? len - off : SECTION_PROBE) ||
		    uefi_section_parse(buf + off, len - off, &sec))
			return false;
		off = uefi_align(off + sec.size, 4);
		if (off >= len)
			return true;
	}
}

static void damage(struct uefi_node *n, const char *check)
{
	if (!n->damage)
		n->damage = check;
}

__attribute__((format(printf, 4, 5))) static void
warn(struct walker *w, const struct uefi_node *node, enum uefi_warn_kind kind, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	w->st->warnings++;
	if (!w->ops->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->ops->warn(node, kind, msg, w->ctx);
}

/* Bytes a walk needs cannot be decoded. The first pass over decoded data
 * (decode_stream) finds that before anything is reported, so this is a
 * safety net. */
static int lost(struct walker *w, const struct uefi_node *n)
{
	warn(w, n, UEFI_WARN_UNDECODED,
	     "compressed data is corrupt inside the part being searched; the rest was skipped");
	return 0;
}

static void node_init(struct walker *w, struct uefi_node *n, enum uefi_node_kind kind,
		      const struct uefi_node *parent, const uint8_t *data, size_t len, bool decoded)
{
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->parent = parent;
	n->depth = parent ? parent->depth + 1 : 0;
	n->data = data;
	n->len = len;
	n->offset = decoded ? UEFI_OFFSET_NONE : (uint64_t)(data - w->base);
	n->damage = parent ? parent->damage : NULL;
}

static int enter(struct walker *w, const struct uefi_node *n)
{
	return w->ops->enter ? w->ops->enter(n, w->ctx) : UEFI_WALK_CONTINUE;
}

static void leave(struct walker *w, const struct uefi_node *n)
{
	if (w->ops->leave)
		w->ops->leave(n, w->ctx);
}

/* Charge a decoder's output against the walk budget. */
static bool budget(struct walker *w, const struct uefi_node *n, size_t bytes)
{
	if (bytes > w->lim.max_total - w->st->decompressed) {
		warn(w, n, UEFI_WARN_LIMIT, "decompressed data exceeds the %zu MiB budget; skipped",
		     w->lim.max_total >> 20);
		return false;
	}
	w->st->decompressed += bytes;
	return true;
}

/* Type 1 sections may hold EFI 1.1 or Tiano data: the same bits decode
 * differently. UEFITool's rule: use the one that decodes, and when both do,
 * the one whose output is a section stream, Tiano first. So when Tiano
 * gives a section stream the other decoder cannot change the answer and
 * is not run: each stream is decoded once in the common case. */
static int decode_efi(struct walker *w, const uint8_t *in, size_t len, uint8_t **out,
		      size_t *out_len, enum uefi_codec *codec)
{
	uint8_t *t = NULL, *e = NULL;
	size_t tl = 0, el = 0;
	int rt, re;

	rt = uefi_efi_decompress(in, len, UEFI_TIANO, w->lim.max_output, &t, &tl);
	if (!rt && uefi_section_stream_valid(t, tl))
		goto tiano;
	re = uefi_efi_decompress(in, len, UEFI_EFI11, w->lim.max_output, &e, &el);
	if (!rt && (re || !uefi_section_stream_valid(e, el))) {
		free(e);
		goto tiano;
	}
	free(t);
	if (!re) {
		*out = e;
		*out_len = el;
		*codec = UEFI_CODEC_EFI11;
		return 0;
	}
	return rt;
tiano:
	*out = t;
	*out_len = tl;
	*codec = UEFI_CODEC_TIANO;
	return 0;
}

/* Whether the search wants this file's compressed data decoded. */
static bool wants_decode(struct walker *w, const struct uefi_node *n)
{
	const struct uefi_node *file = uefi_node_file(n);

	if (!w->ops->decode_file || !file || w->ops->decode_file(&file->file, w->ctx))
		return true;
	w->st->skipped++;
	return false;
}

static void decode_failed(struct walker *w, const struct uefi_node *n, int ret)
{
	const struct uefi_section *s = &n->sec;

	if (ret == -EFBIG)
		warn(w, n, UEFI_WARN_LIMIT, "%s section decodes to more than %zu MiB; not decoded",
		     uefi_section_type_name(s->type), w->lim.max_output >> 20);
	else
		warn(w, n, UEFI_WARN_UNDECODED,
		     "%s section could not be decompressed (corrupt data)",
		     uefi_section_type_name(s->type));
}

/* A compression section states its decoded size; a different size means
 * its header or its data is wrong. */
static void check_size(struct walker *w, struct uefi_node *n, size_t out_len)
{
	const struct uefi_section *s = &n->sec;

	if (s->type == UEFI_SEC_COMPRESSION && out_len != s->uncompressed_len) {
		damage(n, dmg_size);
		warn(w, n, UEFI_WARN_CHECKSUM,
		     "compressed section decodes to 0x%zx bytes, its header says 0x%x", out_len,
		     s->uncompressed_len);
	}
}

static int walk_decoded(struct walker *w, const uint8_t *out, size_t out_len, struct uefi_node *n,
			bool is_fv)
{
	int ret = is_fv ? walk_area(w, out, out_len, n, true) :
			  walk_sections(w, out, out_len, n, true);

	return ret < 0 && ret != -ENOENT ? ret : 0;
}

/* The first pass over data decoded as it is read: every node but the
 * volumes and volume images is skipped, so only the structure is read,
 * nothing is reported and nothing nested is decoded. */
static int prescan_enter(const struct uefi_node *n, void *ctx)
{
	(void)ctx;
	if (n->kind == UEFI_NODE_VOLUME ||
	    (n->kind == UEFI_NODE_SECTION && n->sec.type == UEFI_SEC_FV_IMAGE))
		return UEFI_WALK_CONTINUE;
	return UEFI_WALK_SKIP;
}

/*
 * LZMA with a stated size, decoded only as far as the walk reads: the tail
 * no structure reaches (the free space after a volume's last file) is
 * never decoded. Two passes keep the answer of a whole decode: the first
 * reads the structure alone, decoding up to the end of the last file it
 * meets; if the data is corrupt before that, the section is not decoded,
 * as when decoding it whole fails, and nothing inside it is reported. The
 * second is the walk, over bytes all decoded by then. What is not checked
 * is that the stream ends well after the last byte the walk needs.
 *
 * Returns 1 when the section was handled, 0 to decode it whole instead.
 */
static int decode_stream(struct walker *w, struct uefi_node *n, bool x86, bool is_fv, int *ret)
{
	static const struct uefi_walk_ops prescan_ops = { .enter = prescan_enter };
	const struct uefi_section *s = &n->sec;
	struct uefi_walk_stats scratch = *w->st;
	struct uefi_lzma_stream z;
	struct uefi_node shadow = *n;
	struct walker pre;
	struct lazy l;

	*ret = uefi_lzma_open(&z, s->body, s->body_len, x86, w->lim.max_output);
	if (*ret == -ENOTSUP)
		return 0;
	if (*ret) {
		decode_failed(w, n, *ret);
		*ret = 0;
		return 1;
	}
	l = (struct lazy){ .z = &z, .outer = w->lazy };
	pre = *w;
	pre.ops = &prescan_ops;
	pre.ctx = NULL;
	pre.st = &scratch;
	pre.lazy = &l;
	*ret = walk_decoded(&pre, z.buf, z.size, &shadow, is_fv);
	if (z.failed) {
		decode_failed(w, n, -EINVAL);
		*ret = 0;
	} else if (!*ret) {
		n->codec = x86 ? UEFI_CODEC_LZMAF86 : UEFI_CODEC_LZMA;
		check_size(w, n, z.size);
		if (budget(w, n, z.size)) {
			w->lazy = &l;
			*ret = walk_decoded(w, z.buf, z.size, n, is_fv);
			w->lazy = l.outer;
			w->st->not_decoded += z.size - z.filled;
		}
	}
	uefi_lzma_close(&z);
	return 1;
}

static int decode(struct walker *w, struct uefi_node *n, enum uefi_codec codec, bool is_fv)
{
	const struct uefi_section *s = &n->sec;
	uint8_t *out = NULL;
	size_t out_len = 0;
	int ret;

	if (!wants_decode(w, n))
		return 0;
	if ((codec == UEFI_CODEC_LZMA || codec == UEFI_CODEC_LZMAF86) &&
	    decode_stream(w, n, codec == UEFI_CODEC_LZMAF86, is_fv, &ret))
		return ret;
	switch (codec) {
	case UEFI_CODEC_LZMA:
	case UEFI_CODEC_LZMAF86:
		ret = uefi_lzma_decompress(s->body, s->body_len, codec == UEFI_CODEC_LZMAF86,
					   w->lim.max_output, &out, &out_len);
		break;
	case UEFI_CODEC_BROTLI:
		ret = uefi_brotli_decompress(s->body, s->body_len, w->lim.max_output, &out,
					     &out_len);
		break;
	case UEFI_CODEC_TIANO:
		ret = uefi_efi_decompress(s->body, s->body_len, UEFI_TIANO, w->lim.max_output, &out,
					  &out_len);
		break;
	default:
		ret = decode_efi(w, s->body, s->body_len, &out, &out_len, &codec);
		break;
	}
	if (ret) {
		decode_failed(w, n, ret);
		return 0;
	}
	n->codec = codec;
	check_size(w, n, out_len);
	if (budget(w, n, out_len))
		ret = walk_decoded(w, out, out_len, n, is_fv);
	free(out);
	return ret;
}

static enum uefi_codec guided_codec(const uint8_t *guid)
{
	if (uefi_guid_eq(&uefi_guid_lzma, guid) || uefi_guid_eq(&uefi_guid_lzma_hp, guid))
		return UEFI_CODEC_LZMA;
	if (uefi_guid_eq(&uefi_guid_lzmaf86, guid))
		return UEFI_CODEC_LZMAF86;
	if (uefi_guid_eq(&uefi_guid_tiano, guid))
		return UEFI_CODEC_TIANO;
	if (uefi_guid_eq(&uefi_guid_brotli, guid))
		return UEFI_CODEC_BROTLI;
	return UEFI_CODEC_NONE;
}

/* A CRC32 GUID-defined section keeps the CRC of its data (from DataOffset
 * to the end) in the u32 after the common GUID-defined header. */
static void check_crc32(struct walker *w, struct uefi_node *n)
{
	const struct uefi_section *s = &n->sec;
	const uint8_t *crc = s->guid + 20;

	if (!uefi_guid_eq(&uefi_guid_crc32, s->guid) || crc + 4 > s->body)
		return;
	if (lzma_crc32(s->body, s->body_len, 0) != uefi_le32(crc)) {
		damage(n, dmg_crc32);
		warn(w, n, UEFI_WARN_CHECKSUM, "CRC32 section checksum mismatch");
	}
}

static int walk_section_body(struct walker *w, struct uefi_node *n, bool decoded)
{
	const struct uefi_section *s = &n->sec;
	enum uefi_codec codec;

	switch (s->type) {
	case UEFI_SEC_COMPRESSION:
		if (s->compression_type == 0) {
			if (s->body_len != s->uncompressed_len) {
				damage(n, dmg_size);
				warn(w, n, UEFI_WARN_CHECKSUM,
				     "uncompressed section holds 0x%zx bytes, its header says 0x%x",
				     s->body_len, s->uncompressed_len);
			}
			return walk_sections(w, s->body, s->body_len, n, decoded);
		}
		if (s->compression_type == 1)
			return decode(w, n, UEFI_CODEC_NONE, false);
		if (s->compression_type == 2)
			return decode(w, n, UEFI_CODEC_LZMA, false);
		warn(w, n, UEFI_WARN_UNDECODED, "unknown compression type %u", s->compression_type);
		return 0;
	case UEFI_SEC_GUID_DEFINED:
		codec = guided_codec(s->guid);
		if (codec != UEFI_CODEC_NONE)
			return decode(w, n, codec, false);
		/* CRC32, signed and unknown GUIDs: the data may be sections. */
		if (uefi_section_stream_valid(s->body, s->body_len))
			return walk_sections(w, s->body, s->body_len, n, decoded);
		return 0;
	case UEFI_SEC_DISPOSABLE:
		return walk_sections(w, s->body, s->body_len, n, decoded);
	case UEFI_SEC_FV_IMAGE: {
		int ret = walk_area(w, s->body, s->body_len, n, decoded);

		if (ret == -ENOENT)
			warn(w, n, UEFI_WARN_MALFORMED, "volume image section holds no volume");
		return ret < 0 && ret != -ENOENT ? ret : 0;
	}
	}
	return 0;
}

static bool section_is_leaf(const struct uefi_section *s)
{
	switch (s->type) {
	case UEFI_SEC_COMPRESSION:
	case UEFI_SEC_DISPOSABLE:
	case UEFI_SEC_FV_IMAGE:
		return false;
	case UEFI_SEC_GUID_DEFINED:
		return guided_codec(s->guid) == UEFI_CODEC_NONE &&
		       !uefi_section_stream_valid(s->body, s->body_len);
	}
	return true;
}

static int walk_sections(struct walker *w, const uint8_t *buf, size_t len, struct uefi_node *parent,
			 bool decoded)
{
	size_t off = 0;

	if (parent->depth >= w->lim.max_depth) {
		warn(w, parent, UEFI_WARN_LIMIT, "nesting deeper than %u levels; skipped",
		     w->lim.max_depth);
		return 0;
	}
	/* Sections must tile their container: anything else means a length
	 * field (or the bytes after it) is wrong. */
	if (!stream_valid(w, buf, len))
		damage(parent, dmg_sections);
	while (off < len) {
		struct uefi_node n;
		struct uefi_section s;
		int ret;

		if (!need(w, buf + off, len - off < SECTION_PROBE ? len - off : SECTION_PROBE))
			return lost(w, parent);
		if (uefi_section_parse(buf + off, len - off, &s)) {
			warn(w, parent, UEFI_WARN_MALFORMED,
			     "malformed section at +0x%zx; %zu bytes of non-UEFI data", off,
			     len - off);
			break;
		}
		/* A volume image is read as its volume is walked; any other
		 * section is read whole (its leaf, its decoder's input). */
		if (!need(w, buf + off, s.type == UEFI_SEC_FV_IMAGE ? s.header_len : s.size))
			return lost(w, parent);
		node_init(w, &n, UEFI_NODE_SECTION, parent, buf + off, s.size, decoded);
		n.sec = s;
		if (s.type == UEFI_SEC_GUID_DEFINED)
			check_crc32(w, &n);
		if (section_is_leaf(&s)) {
			n.leaf = s.body;
			n.leaf_len = s.body_len;
		}
		w->st->sections++;
		ret = enter(w, &n);
		if (ret < 0)
			return ret;
		if (ret != UEFI_WALK_SKIP && !n.leaf) {
			ret = walk_section_body(w, &n, decoded);
			if (ret < 0)
				return ret;
		}
		leave(w, &n);
		off = uefi_align(off + s.size, 4);
	}
	return 0;
}

/* Executable and volume file types: their body must be a section stream
 * (PI volume 3). Freeform and OEM files are often opaque. */
static bool file_has_sections(uint8_t type)
{
	return type >= 0x03 && type <= 0x0F;
}

static int walk_file(struct walker *w, struct uefi_node *n, bool decoded)
{
	const struct uefi_ffs_file *f = &n->file;
	char guid[UEFI_GUID_STRLEN];
	int ret;

	if (!f->header_checksum_ok) {
		damage(n, dmg_ffs_header);
		warn(w, n, UEFI_WARN_CHECKSUM, "file %s: header checksum mismatch",
		     uefi_guid_format(f->name, guid));
	}
	if (f->usable && !f->data_checksum_ok) {
		/* Only a computed checksum speaks for the body. */
		if (f->has_data_checksum)
			damage(n, dmg_ffs_data);
		warn(w, n, UEFI_WARN_CHECKSUM, "file %s: %s mismatch",
		     uefi_guid_format(f->name, guid),
		     f->has_data_checksum ? "data checksum" : "fixed data checksum value");
	}
	/* Files without sections: their body is the payload. A file type
	 * that must hold sections is walked as sections as long as the first
	 * one parses, so that a broken length is reported, not hidden. */
	if (f->usable && (f->type == UEFI_FT_RAW || f->type == UEFI_FT_PAD ||
			  !uefi_section_stream_valid(f->body, f->body_len))) {
		struct uefi_section first;

		if (!file_has_sections(f->type) ||
		    uefi_section_parse(f->body, f->body_len, &first)) {
			n->leaf = f->body;
			n->leaf_len = f->body_len;
		}
	}
	ret = enter(w, n);
	if (ret < 0)
		return ret;
	/* Deleted or half-written files are listed, not searched. */
	if (ret != UEFI_WALK_SKIP && f->usable && !n->leaf) {
		ret = walk_sections(w, f->body, f->body_len, n, decoded);
		if (ret < 0)
			return ret;
	}
	leave(w, n);
	return 0;
}

static int walk_volume(struct walker *w, const uint8_t *vol, const struct uefi_fv *fv,
		       struct uefi_node *parent, bool decoded)
{
	struct uefi_node v;
	size_t off;
	int ret;

	node_init(w, &v, UEFI_NODE_VOLUME, parent, vol, fv->avail, decoded);
	v.fv = *fv;
	w->st->volumes++;
	if (fv->truncated) {
		damage(&v, dmg_fv_truncated);
		warn(w, &v, UEFI_WARN_TRUNCATED,
		     "volume claims 0x%llx bytes but only 0x%zx are present (truncated file?)",
		     (unsigned long long)fv->length, fv->avail);
	}
	if (!fv->checksum_ok) {
		damage(&v, dmg_fv_checksum);
		warn(w, &v, UEFI_WARN_CHECKSUM, "volume header checksum mismatch");
	}
	ret = enter(w, &v);
	if (ret < 0)
		return ret;
	if (ret == UEFI_WALK_SKIP || fv->ffs == UEFI_FFS_NONE)
		goto out;
	if (v.depth >= w->lim.max_depth) {
		warn(w, &v, UEFI_WARN_LIMIT, "nesting deeper than %u levels; skipped",
		     w->lim.max_depth);
		goto out;
	}
	for (off = fv->files_off; off < fv->avail;) {
		struct uefi_node n;
		struct uefi_ffs_file f;

		if (!need(w, vol + off,
			  fv->avail - off < UEFI_FFS_PROBE ? fv->avail - off : UEFI_FFS_PROBE) ||
		    !need(w, vol + off, uefi_ffs_extent(fv, vol, off))) {
			lost(w, &v);
			break;
		}
		ret = uefi_ffs_next(fv, vol, off, &f);
		if (ret == UEFI_FFS_END)
			break;
		if (ret < 0) {
			warn(w, &v, fv->truncated ? UEFI_WARN_TRUNCATED : UEFI_WARN_MALFORMED,
			     "malformed file header at +0x%zx; rest of volume skipped", off);
			break;
		}
		node_init(w, &n, UEFI_NODE_FILE, &v, vol + off, (size_t)f.size, decoded);
		n.file = f;
		w->st->files++;
		ret = walk_file(w, &n, decoded);
		if (ret < 0)
			return ret;
		off = (size_t)uefi_align(off + f.size, 8);
	}
out:
	leave(w, &v);
	return 0;
}

/* The next "_FVH" at or after @pos, decoding as far as the search goes. */
static const uint8_t *find_fvh(const struct walker *w, const uint8_t *buf, size_t len, size_t pos)
{
	for (;;) {
		size_t have = valid_len(w, buf, len);
		const uint8_t *hit;

		if (have >= pos + 4) {
			hit = memmem(buf + pos, have - pos, "_FVH", 4);
			if (hit)
				return hit;
			pos = have - 3; /* a signature may straddle */
		}
		if (have >= len || !need(w, buf + have, 1))
			return NULL;
	}
}

/* Scan for "_FVH" and walk every valid volume; returns how many. */
static int walk_area(struct walker *w, const uint8_t *buf, size_t len, struct uefi_node *parent,
		     bool decoded)
{
	size_t pos = UEFI_FV_SIGNATURE_OFFSET;
	int found = 0;

	while (pos + 4 <= len) {
		const uint8_t *hit = find_fvh(w, buf, len, pos);
		struct uefi_fv fv;
		size_t start;
		int ret;

		if (!hit)
			break;
		start = (size_t)(hit - buf) - UEFI_FV_SIGNATURE_OFFSET;
		if (!need(w, buf + start,
			  len - start < UEFI_FV_HEADER_MIN ? len - start : UEFI_FV_HEADER_MIN) ||
		    !need(w, buf + start, uefi_fv_parse_extent(buf + start, len - start))) {
			lost(w, parent);
			break;
		}
		if (uefi_fv_parse(buf + start, len - start, &fv)) {
			pos = (size_t)(hit - buf) + 1;
			continue;
		}
		ret = walk_volume(w, buf + start, &fv, parent, decoded);
		if (ret < 0)
			return ret;
		found++;
		pos = start + fv.avail + UEFI_FV_SIGNATURE_OFFSET;
	}
	return found ? found : -ENOENT;
}

const struct uefi_node *uefi_node_file(const struct uefi_node *node)
{
	while (node && node->kind != UEFI_NODE_FILE)
		node = node->parent;
	return node;
}

int uefi_walk_image(const uint8_t *buf, size_t len, const struct uefi_walk_limits *limits,
		    const struct uefi_walk_ops *ops, void *ctx, struct uefi_walk_stats *stats)
{
	static const struct uefi_walk_ops no_ops;
	struct uefi_walk_stats local;
	struct walker w = {
		.ops = ops ? ops : &no_ops,
		.ctx = ctx,
		.base = buf,
		.base_len = len,
	};
	int ret;

	w.st = stats ? stats : &local;
	memset(w.st, 0, sizeof(*w.st));
	if (limits) {
		w.lim = *limits;
	} else {
		w.lim.max_output = UEFI_WALK_MAX_OUTPUT;
		w.lim.max_total = UEFI_WALK_MAX_TOTAL;
		w.lim.max_depth = UEFI_WALK_MAX_DEPTH;
	}

	ret = uefi_image_identify(buf, len, &w.st->image);
	if (ret)
		return ret;
	if (w.st->image.region_truncated)
		warn(&w, NULL, UEFI_WARN_TRUNCATED,
		     "the flash descriptor's BIOS region runs past the end of the file (truncated file?)");
	ret = walk_area(&w, buf + w.st->image.start, w.st->image.len, NULL, false);
	if (ret == -ENOENT && w.st->image.len != len)
		ret = walk_area(&w, buf, len, NULL, false);
	return ret;
}
