// SPDX-License-Identifier: MIT
/*
 * Firmware volume headers and FFS file headers.
 */
#include <errno.h>
#include <string.h>

#include "uefi/uefi_fv.h"
#include "uefi/uefi_guid.h"
#include "uefi/uefi_le.h"

#define FV_ATTR_ERASE_POLARITY 0x800
#define FV_EXT_HEADER_MIN 20 /* FvName GUID + u32 ExtHeaderSize */
#define FFS_HEADER 0x18
#define FFS3_HEADER 0x20

/*
 * Vendor file systems that are laid out as FFSv2 (Apple, Intel, Sony);
 * UEFITool parses them the same way.
 */
static const struct uefi_guid ffs2_vendor[] = {
	UEFI_GUID(0xBD001B8C, 0x6A71, 0x487B, 0xA1, 0x4F, 0x0C, 0x2A, 0x2D, 0xCF, 0x7A, 0x5D),
	UEFI_GUID(0x04ADEEAD, 0x61FF, 0x4D31, 0xB6, 0xBA, 0x64, 0xF8, 0xBF, 0x90, 0x1F, 0x5A),
	UEFI_GUID(0xAD3FFFFF, 0xD28B, 0x44C4, 0x9F, 0x13, 0x9E, 0xA9, 0x8A, 0x97, 0xF9, 0xF0),
	UEFI_GUID(0xD6A1CD70, 0x4B33, 0x4994, 0xA6, 0xEA, 0x37, 0x5F, 0x2C, 0xCC, 0x54, 0x37),
	UEFI_GUID(0x4F494156, 0xAED6, 0x4D64, 0xA5, 0x37, 0xB8, 0xA5, 0x55, 0x7B, 0xCE, 0xEC),
};

static enum uefi_ffs_fmt fv_ffs_format(const uint8_t *guid)
{
	size_t i;

	if (uefi_guid_eq(&uefi_guid_ffs1, guid) || uefi_guid_eq(&uefi_guid_ffs2, guid))
		return UEFI_FFS_V2;
	if (uefi_guid_eq(&uefi_guid_ffs3, guid))
		return UEFI_FFS_V3;
	for (i = 0; i < sizeof(ffs2_vendor) / sizeof(ffs2_vendor[0]); i++)
		if (uefi_guid_eq(&ffs2_vendor[i], guid))
			return UEFI_FFS_V2;
	return UEFI_FFS_NONE;
}

int uefi_fv_parse(const uint8_t *buf, size_t len, struct uefi_fv *fv)
{
	uint16_t sum = 0;
	size_t off;

	memset(fv, 0, sizeof(*fv));
	if (len < UEFI_FV_HEADER_MIN + 8 || memcmp(buf + UEFI_FV_SIGNATURE_OFFSET, "_FVH", 4))
		return -EINVAL;

	fv->fs_guid = buf + 0x10;
	fv->length = uefi_le64(buf + 0x20);
	fv->attributes = uefi_le32(buf + 0x2C);
	fv->header_len = uefi_le16(buf + 0x30);
	fv->revision = buf[0x37];
	if (fv->revision != 1 && fv->revision != 2)
		return -EINVAL;
	/* The header holds at least the block map terminator. */
	if (fv->header_len < UEFI_FV_HEADER_MIN + 8 || fv->header_len & 1 || fv->header_len > len ||
	    fv->length < fv->header_len || fv->length >= (1ULL << 32))
		return -EINVAL;

	/* Block map: {NumBlocks, Length} pairs ending in {0, 0}. */
	for (off = UEFI_FV_HEADER_MIN;; off += 8) {
		if (off + 8 > fv->header_len)
			return -EINVAL;
		if (!uefi_le32(buf + off) && !uefi_le32(buf + off + 4))
			break;
	}

	for (off = 0; off < fv->header_len; off += 2)
		sum = (uint16_t)(sum + uefi_le16(buf + off));
	fv->checksum_ok = sum == 0;

	fv->avail = fv->length <= len ? (size_t)fv->length : len;
	fv->truncated = fv->length > len;
	fv->erase = fv->attributes & FV_ATTR_ERASE_POLARITY ? 0xFF : 0x00;
	fv->ffs = fv_ffs_format(fv->fs_guid);

	fv->files_off = uefi_align(fv->header_len, 8);
	off = uefi_le16(buf + 0x34);
	if (fv->revision == 2 && off) {
		/* Files start after the extended header and its entries. */
		if (off + FV_EXT_HEADER_MIN <= fv->avail) {
			uint32_t ext = uefi_le32(buf + off + 16);

			fv->name = buf + off;
			if (ext >= FV_EXT_HEADER_MIN && off + ext <= fv->avail)
				fv->files_off = uefi_align(off + ext, 8);
			else
				fv->name = NULL;
		}
	}
	return 0;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

/* edk2's rule: the highest set state bit decides. */
static bool ffs_state_usable(uint8_t state)
{
	int bit;

	for (bit = 7; bit >= 0; bit--)
		if (state & (1u << bit))
			break;
	return bit == 2 || bit == 3;
}

int uefi_ffs_next(const struct uefi_fv *fv, const uint8_t *vol, size_t off,
		  struct uefi_ffs_file *file)
{
	const uint8_t *h;
	uint8_t sum = 0;
	size_t i;

	memset(file, 0, sizeof(*file));
	if (off >= fv->avail || fv->avail - off < FFS_HEADER)
		return UEFI_FFS_END;
	h = vol + off;
	if (all_bytes(h, FFS_HEADER, fv->erase))
		return UEFI_FFS_END;

	file->name = h;
	file->type = h[0x12];
	file->attributes = h[0x13];
	file->size = uefi_le24(h + 0x14);
	file->state = fv->erase ? (uint8_t)~h[0x17] : h[0x17];
	file->header_len = FFS_HEADER;
	if (fv->ffs == UEFI_FFS_V3 && file->attributes & UEFI_FFS_ATTR_LARGE) {
		if (fv->avail - off < FFS3_HEADER)
			return -EINVAL;
		file->size = uefi_le64(h + 0x18);
		file->header_len = FFS3_HEADER;
	}
	if (file->size < file->header_len || file->size > fv->avail - off)
		return -EINVAL;

	/* Header checksum: State and the file checksum count as zero. */
	for (i = 0; i < file->header_len; i++)
		if (i != 0x11 && i != 0x17)
			sum = (uint8_t)(sum + h[i]);
	file->header_checksum_ok = sum == 0;

	file->usable = ffs_state_usable(file->state);
	file->body = h + file->header_len;
	file->body_len = (size_t)file->size - file->header_len;
	/* Revision 1 volumes: TAIL_PRESENT adds a 2-byte tail to the body. */
	if (fv->revision == 1 && file->attributes & 0x01 && file->body_len >= 2)
		file->body_len -= 2;

	file->has_data_checksum = file->attributes & UEFI_FFS_ATTR_CHECKSUM;
	if (file->has_data_checksum) {
		sum = h[0x11];
		for (i = 0; i < file->body_len; i++)
			sum = (uint8_t)(sum + file->body[i]);
		file->data_checksum_ok = sum == 0;
	} else {
		file->data_checksum_ok = h[0x11] == (fv->revision == 1 ? 0x5A : 0xAA);
	}
	return UEFI_FFS_OK;
}

size_t uefi_fv_parse_extent(const uint8_t *buf, size_t len)
{
	size_t ext, end = UEFI_FV_HEADER_MIN + 8;

	if (len < UEFI_FV_HEADER_MIN)
		return len;
	/* the header with its block map, then the extended header's size */
	if (uefi_le16(buf + 0x30) > end)
		end = uefi_le16(buf + 0x30);
	ext = uefi_le16(buf + 0x34);
	if (ext && ext + FV_EXT_HEADER_MIN > end)
		end = ext + FV_EXT_HEADER_MIN;
	return end < len ? end : len;
}

size_t uefi_ffs_extent(const struct uefi_fv *fv, const uint8_t *vol, size_t off)
{
	const uint8_t *h = vol + off;
	size_t rest, size;

	if (off >= fv->avail)
		return 0;
	rest = fv->avail - off;
	if (rest < FFS3_HEADER)
		return rest;
	if (all_bytes(h, FFS_HEADER, fv->erase))
		return FFS_HEADER;
	size = uefi_le24(h + 0x14);
	if (fv->ffs == UEFI_FFS_V3 && h[0x13] & UEFI_FFS_ATTR_LARGE)
		size = uefi_le64(h + 0x18) < rest ? (size_t)uefi_le64(h + 0x18) : rest;
	if (size < FFS3_HEADER)
		size = FFS3_HEADER;
	return size < rest ? size : rest;
}

const char *uefi_ffs_type_name(uint8_t type)
{
	static const char *const names[] = {
		[0x01] = "raw",	       [0x02] = "freeform",	    [0x03] = "SEC core",
		[0x04] = "PEI core",   [0x05] = "DXE core",	    [0x06] = "PEI module",
		[0x07] = "DXE driver", [0x08] = "combined PEI/DXE", [0x09] = "application",
		[0x0A] = "MM module",  [0x0B] = "volume image",	    [0x0C] = "combined MM/DXE",
		[0x0D] = "MM core",    [0x0E] = "MM standalone",    [0x0F] = "MM core standalone",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	if (type == UEFI_FT_PAD)
		return "pad";
	if (type >= 0xC0 && type <= 0xDF)
		return "OEM";
	if (type >= 0xE0 && type <= 0xEF)
		return "debug";
	return "unknown";
}
