/* SPDX-License-Identifier: MIT */
/*
 * A depth-first walk over everything the parser understands in a firmware
 * image: volumes found by scanning, the FFS files in them, their sections,
 * recursively through compressed, GUID-defined and volume-image sections.
 *
 * The walker owns decompressed buffers: a node's bytes are valid only during
 * the enter/leave callbacks of that node and its descendants. Callers copy
 * what they keep.
 *
 * LZMA data is decoded only as far as the walk reads it: the free space
 * after the last file of the last volume in a stream is not decoded (on
 * OVMF, over half of the DXE volume). The answer is that of a whole
 * decode, with one difference: damage inside that tail goes unseen.
 */
#ifndef UEFI_WALK_H
#define UEFI_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uefi/uefi_fv.h"
#include "uefi/uefi_image.h"
#include "uefi/uefi_section.h"

#define UEFI_OFFSET_NONE UINT64_MAX

enum uefi_node_kind {
	UEFI_NODE_VOLUME,
	UEFI_NODE_FILE,
	UEFI_NODE_SECTION,
};

/* How a compressed container was decoded (for reports and tests). */
enum uefi_codec {
	UEFI_CODEC_NONE = 0,
	UEFI_CODEC_LZMA,
	UEFI_CODEC_LZMAF86,
	UEFI_CODEC_EFI11,
	UEFI_CODEC_TIANO,
	UEFI_CODEC_BROTLI,
};

struct uefi_node {
	enum uefi_node_kind kind;
	const struct uefi_node *parent;
	unsigned int depth;
	/* Offset of the item in the input, or UEFI_OFFSET_NONE inside
	 * decompressed data. */
	uint64_t offset;
	const uint8_t *data; /* the whole item */
	size_t len;
	/* Opaque payload of a leaf (a section that holds no sections, or a
	 * file that holds no sections); NULL for containers. */
	const uint8_t *leaf;
	size_t leaf_len;
	enum uefi_codec codec; /* set on a section whose body was decoded */
	/* The first integrity check that failed on the way to this node (this
	 * node's or an ancestor's), e.g. "FFS data checksum"; NULL when every
	 * check passed. Bytes under a damaged node are not to be trusted. */
	const char *damage;
	union {
		struct uefi_fv fv;
		struct uefi_ffs_file file;
		struct uefi_section sec;
	};
};

/* Return values of the enter callback besides a negative errno (abort). */
#define UEFI_WALK_CONTINUE 0
#define UEFI_WALK_SKIP 1 /* do not descend into this node */

/* What a warning means for the search; one kind, one explanation. */
enum uefi_warn_kind {
	UEFI_WARN_TRUNCATED, /* the image ends before a volume or region does */
	UEFI_WARN_CHECKSUM, /* a header, data or CRC checksum does not match */
	UEFI_WARN_UNDECODED, /* a compressed section could not be decoded */
	UEFI_WARN_MALFORMED, /* a header or length is inconsistent; bytes skipped */
	UEFI_WARN_LIMIT, /* a size or depth limit stopped the walk */
	UEFI_WARN_KINDS
};

struct uefi_walk_ops {
	int (*enter)(const struct uefi_node *node, void *ctx);
	void (*leave)(const struct uefi_node *node, void *ctx);
	/* Something was malformed or could not be decoded; the walk goes on. */
	void (*warn)(const struct uefi_node *node, enum uefi_warn_kind kind, const char *msg,
		     void *ctx);
	/* If set, compressed sections of files for which this returns false
	 * are not decoded (a search that knows what it cannot find there). */
	bool (*decode_file)(const struct uefi_ffs_file *file, void *ctx);
};

struct uefi_walk_limits {
	size_t max_output; /* largest single decompressed buffer */
	size_t max_total; /* all decompressed bytes of one walk */
	unsigned int max_depth;
};

/* Defaults: flash chips are at most 64 MiB; this leaves room for several
 * layers of compressed volumes and stops decompression bombs. */
#define UEFI_WALK_MAX_OUTPUT (256u << 20)
#define UEFI_WALK_MAX_TOTAL (1024u << 20)
#define UEFI_WALK_MAX_DEPTH 48

struct uefi_walk_stats {
	struct uefi_image_info image;
	unsigned int volumes; /* volumes walked, nested ones included */
	unsigned int files;
	unsigned int sections;
	unsigned int warnings;
	unsigned int skipped; /* compressed sections not decoded (decode_file) */
	size_t decompressed; /* decoded sizes of the sections decoded (the budget) */
	/* Of those, the bytes never decoded because nothing the walk reads
	 * lies there (an LZMA stream's tail after the last file it holds). */
	size_t not_decoded;
};

/**
 * uefi_walk_image - identify a firmware file and walk all of it
 * @buf: the whole file
 * @len: its length
 * @limits: decompression limits, or NULL for the defaults
 * @ops: callbacks (each may be NULL)
 * @ctx: passed to the callbacks
 * @stats: if not NULL, what was found
 *
 * Identifies the container (uefi_image_identify()), scans its flash area for
 * volumes and walks each one. If the area holds no volume, the whole file
 * is scanned as a fallback.
 *
 * Return: the number of top-level volumes (>= 0), -EPROTONOSUPPORT for a
 * container that cannot be scanned (AMI PFAT), -ENOENT when no volume was
 * found, or the negative errno an enter callback returned.
 */
int uefi_walk_image(const uint8_t *buf, size_t len, const struct uefi_walk_limits *limits,
		    const struct uefi_walk_ops *ops, void *ctx, struct uefi_walk_stats *stats);

/**
 * uefi_node_file - the innermost FFS file a node belongs to
 * @node: any node
 *
 * Return: the FILE node itself or its nearest FILE ancestor, or NULL.
 */
const struct uefi_node *uefi_node_file(const struct uefi_node *node);

#endif
