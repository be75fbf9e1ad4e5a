/* SPDX-License-Identifier: MIT */
/*
 * Finding the GOP driver in a BIOS file: every FFS file whose payload holds
 * the UTF-16LE match text, the innermost PE image in it, validated and
 * deduplicated by SHA-256 (the manual UEFITool recipe, automated).
 */
#ifndef UEFI_GOP_H
#define UEFI_GOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uefi/sha256.h"
#include "uefi/uefi_gop_role.h"
#include "uefi/uefi_guid.h"
#include "uefi/uefi_pe.h"
#include "uefi/uefi_walk.h"

#define UEFI_GOP_DEFAULT_MATCH "Intel(R) GOP Driver"

struct uefi_gop_candidate {
	uint8_t *data; /* the PE body */
	size_t len;
	char sha256[SHA256_HEX_SIZE];
	char file_guid[UEFI_GUID_STRLEN];
	char subtype_guid[UEFI_GUID_STRLEN]; /* freeform subtype sections */
	char *ui_name; /* USER_INTERFACE section, or NULL */
	char *version; /* VERSION section text, or NULL */
	uint16_t build_number;
	uint8_t file_type;
	uint8_t section_type; /* 0 when the PE is a file body */
	uint64_t offset; /* in the input, or UEFI_OFFSET_NONE */
	unsigned int copies; /* identical bodies found */
	bool matched; /* the PE itself holds the match text */
	enum uefi_pe_verdict verdict;
	struct uefi_pe_info pe;
	const char *known; /* known-good GOP this hash is, or NULL */
	/* The integrity check that failed on its path (volume, file or
	 * section), or NULL; an intact copy elsewhere clears it. */
	const char *damage;
	struct uefi_gop_role_info role;
	bool usable; /* intact, a valid x64 driver and a GOP producer */
};

struct uefi_gop_warning {
	enum uefi_warn_kind kind;
	char *msg;
};

struct uefi_gop_result {
	struct uefi_gop_candidate *cand;
	size_t n;
	unsigned int hit_files; /* files whose payload holds the text */
	bool case_folded; /* matched only case-insensitively */
	struct uefi_walk_stats stats;
	struct uefi_gop_warning *warnings; /* in walk order */
	size_t n_warnings;
	unsigned int warn_count[UEFI_WARN_KINDS];
};

/**
 * uefi_gop_find - find GOP driver candidates in a BIOS file
 * @buf: the whole file
 * @len: its length
 * @match: UTF-8 text to look for (stored as UTF-16LE in the driver)
 * @limits: decompression limits, or NULL for the defaults
 * @res: result; free with uefi_gop_result_free() whatever the return
 *
 * One walk looks for @match exactly and ignoring ASCII case; the folded
 * hits are used only when no file holds the exact text (res->case_folded).
 * Compressed data is decoded once, LZMA only as far as the walk reads it
 * (uefi_walk.h), and not at all inside files that cannot be a GOP driver
 * (PEI, SEC, MM, applications, pad). Every file that holds the text is a
 * candidate: the search never stops at the first, since `gop extract`
 * must know whether a second, different GOP driver exists. Usable
 * candidates come first.
 *
 * A file without a volume may be the driver itself or a PCI option ROM
 * holding it (uefi_gop_loose.h): res->stats.image.container says so, and
 * such candidates have no file GUID (file_guid is "").
 *
 * Return: 0 (possibly with no candidates), -EINVAL for an empty or invalid
 * @match, -EPROTONOSUPPORT for AMI PFAT, -ENOENT when the file holds no
 * firmware volume and is neither a PE image nor an option ROM, -ENOMEM.
 */
int uefi_gop_find(const uint8_t *buf, size_t len, const char *match,
		  const struct uefi_walk_limits *limits, struct uefi_gop_result *res);

/**
 * uefi_gop_result_free - release a result
 * @res: result of uefi_gop_find()
 */
void uefi_gop_result_free(struct uefi_gop_result *res);

/**
 * uefi_gop_usable_count - number of usable candidates
 * @res: result of uefi_gop_find()
 *
 * Return: how many candidates are intact, valid GOP producers.
 */
size_t uefi_gop_usable_count(const struct uefi_gop_result *res);

/**
 * uefi_gop_known - name of a known-good GOP driver by hash
 * @sha256: lower- or upper-case hex digest
 *
 * Return: a description, or NULL when the hash is not in the list.
 */
const char *uefi_gop_known(const char *sha256);

#endif
