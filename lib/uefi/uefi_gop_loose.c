// SPDX-License-Identifier: MIT
/*
 * Drivers that are not in a firmware volume (uefi_gop_loose.h). A PE file
 * is taken whole, so that what is written is the file given. In an option
 * ROM the EFI image header says where the PE starts and whether it is
 * compressed (PCI Firmware 3.0; type 1 is the EFI 1.1 algorithm that
 * EfiRom -ec writes and PciBusDxe decodes); legacy images are skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/pci_optrom.h"
#include "uefi/uefi_gop_loose.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_text.h"

#define ROM_MAX_IMAGES 64

struct loose {
	const uint8_t *needle;
	size_t needle_len;
	struct uefi_gop_candidate *cand;
	bool *exact; /* per candidate: holds the text as given, not only folded */
	size_t n;
};

/* Takes @data (malloc'ed) whether or not it becomes a candidate. */
static int add(struct loose *l, uint8_t *data, size_t len, uint64_t offset)
{
	bool exact = uefi_utf16_find(data, len, l->needle, l->needle_len, false);
	struct uefi_gop_candidate *c;
	bool *e;

	char sha[SHA256_HEX_SIZE];
	size_t i;

	if (!exact && !uefi_utf16_find(data, len, l->needle, l->needle_len, true)) {
		free(data);
		return 0;
	}
	/* The same driver twice in a ROM is one candidate, as in a volume. */
	sha256_hex(data, len, sha);
	for (i = 0; i < l->n; i++) {
		if (!strcmp(l->cand[i].sha256, sha)) {
			l->cand[i].copies++;
			free(data);
			return 0;
		}
	}
	c = realloc(l->cand, (l->n + 1) * sizeof(*c));
	if (c)
		l->cand = c;
	e = c ? realloc(l->exact, (l->n + 1) * sizeof(*e)) : NULL;
	if (!e) {
		free(data);
		return -ENOMEM;
	}
	l->exact = e;
	e[l->n] = exact;
	c = &l->cand[l->n++];
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->len = len;
	c->offset = offset;
	c->copies = 1;
	c->matched = true;
	memcpy(c->sha256, sha, sizeof(sha));
	uefi_gop_assess(c);
	return 0;
}

static int add_copy(struct loose *l, const uint8_t *p, size_t len, uint64_t offset)
{
	uint8_t *d = malloc(len ? len : 1);

	if (!d)
		return -ENOMEM;
	memcpy(d, p, len);
	return add(l, d, len, offset);
}

static int rom_efi_image(struct loose *l, const uint8_t *rom, const struct optrom_image *img,
			 size_t max_output, struct uefi_gop_result *res)
{
	uint8_t *out;
	size_t out_len;
	char msg[160];
	int ret;

	ret = optrom_efi_driver(rom, img, max_output, &out, &out_len);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		snprintf(
			msg, sizeof(msg),
			"option ROM image at 0x%zx: its EFI-compressed driver cannot be decoded (%s)",
			img->offset, strerror(-ret));
		uefi_gop_warn(res, UEFI_WARN_UNDECODED, msg);
		return 0;
	}
	return add(l, out, out_len,
		   img->compression ? UEFI_OFFSET_NONE : img->offset + img->efi_offset);
}

/* Whether the image at @h has valid headers that run past the end. */
static bool rom_cut(const uint8_t *h, size_t avail)
{
	size_t pcir;

	if (avail < 0x1A || h[0] != 0x55 || h[1] != 0xAA)
		return false;
	pcir = uefi_le16(h + 0x18);
	return pcir + 0x12 <= avail && !memcmp(h + pcir, "PCIR", 4) &&
	       (size_t)uefi_le16(h + pcir + 0x10) * OPTROM_BLOCK > avail;
}

/* Images one by one, so that a bad one after good ones keeps them. */
static int rom_walk(struct loose *l, const uint8_t *buf, size_t len, size_t max_output,
		    struct uefi_gop_result *res)
{
	struct optrom_image img;
	size_t off = 0, n = 0;
	char msg[160];
	int ret;

	while (off < len && n < ROM_MAX_IMAGES) {
		if (optrom_parse(buf + off, len - off, &img, 1) != 1) {
			bool cut = rom_cut(buf + off, len - off);

			if (!n && !cut)
				return -ENOENT;
			snprintf(msg, sizeof(msg), "option ROM image at 0x%zx: %s", off,
				 cut ? "it runs past the end of the file" :
				       "no valid image where the previous one ends");
			uefi_gop_warn(res, cut ? UEFI_WARN_TRUNCATED : UEFI_WARN_MALFORMED, msg);
			return 0;
		}
		img.offset = off;
		n++;
		if (img.code_type == OPTROM_CODE_TYPE_EFI) {
			ret = rom_efi_image(l, buf, &img, max_output, res);
			if (ret)
				return ret;
		}
		off += img.length;
		if (img.indicator & OPTROM_INDICATOR_LAST)
			break;
	}
	return 0;
}

/* As in a volume: the exact hits when there are any, else the folded. */
static void keep_best(struct loose *l, struct uefi_gop_result *res)
{
	size_t i, kept = 0, exact = 0;

	for (i = 0; i < l->n; i++)
		exact += l->exact[i];
	for (i = 0; i < l->n; i++) {
		if (exact && !l->exact[i])
			free(l->cand[i].data);
		else
			l->cand[kept++] = l->cand[i];
	}
	res->cand = l->cand;
	res->n = kept;
	res->hit_files = (unsigned int)kept;
	res->case_folded = kept && !exact;
	l->cand = NULL;
}

int uefi_gop_loose(const uint8_t *buf, size_t len, const uint8_t *needle, size_t needle_len,
		   size_t max_output, struct uefi_gop_result *res)
{
	struct loose l = { .needle = needle, .needle_len = needle_len };
	struct uefi_pe_info info;
	size_t i;
	int ret;

	if (uefi_pe_parse(buf, len, &info) != -EINVAL) {
		res->stats.image.container = UEFI_CONTAINER_PE_IMAGE;
		res->stats.image.container_name = "PE image (the driver itself)";
		ret = add_copy(&l, buf, len, 0);
	} else if (len >= OPTROM_BLOCK && buf[0] == 0x55 && buf[1] == 0xAA) {
		ret = rom_walk(&l, buf, len, max_output, res);
		if (!ret) {
			res->stats.image.container = UEFI_CONTAINER_OPTION_ROM;
			res->stats.image.container_name = "PCI option ROM";
		}
	} else {
		ret = -ENOENT;
	}
	if (!ret)
		keep_best(&l, res);
	for (i = 0; l.cand && i < l.n; i++)
		free(l.cand[i].data);
	free(l.cand);
	free(l.exact);
	return ret;
}
