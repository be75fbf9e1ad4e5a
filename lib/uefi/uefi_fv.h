/* SPDX-License-Identifier: MIT */
/*
 * Firmware volumes (EFI_FIRMWARE_VOLUME_HEADER) and the FFS files in them.
 *
 * Layouts from the PI specification, volume 3; the research notes list the
 * offsets. All functions take a buffer and its length and check every offset
 * before reading.
 */
#ifndef UEFI_FV_H
#define UEFI_FV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UEFI_FV_SIGNATURE_OFFSET 0x28
#define UEFI_FV_HEADER_MIN 0x38

enum uefi_ffs_fmt {
	UEFI_FFS_NONE = 0, /* not a file system we parse (NVRAM, microcode) */
	UEFI_FFS_V2 = 2,
	UEFI_FFS_V3 = 3,
};

struct uefi_fv {
	const uint8_t *fs_guid; /* 16 bytes inside the buffer */
	const uint8_t *name; /* FvName from the extended header, or NULL */
	uint64_t length; /* FvLength as stored */
	size_t avail; /* bytes of the volume present in the buffer */
	uint32_t attributes;
	uint16_t header_len;
	uint8_t revision;
	uint8_t erase; /* free-space byte: 0xFF or 0x00 */
	enum uefi_ffs_fmt ffs;
	size_t files_off; /* first file, relative to the volume */
	bool checksum_ok;
	bool truncated; /* FvLength runs past the end of the buffer */
};

/* FFS file types and attributes used by the walker */
#define UEFI_FT_RAW 0x01
#define UEFI_FT_FREEFORM 0x02
#define UEFI_FT_DRIVER 0x07
#define UEFI_FT_FV_IMAGE 0x0B
#define UEFI_FT_PAD 0xF0

#define UEFI_FFS_ATTR_LARGE 0x01
#define UEFI_FFS_ATTR_CHECKSUM 0x40

#define UEFI_FFS_STATE_HEADER_VALID 0x02
#define UEFI_FFS_STATE_DATA_VALID 0x04
#define UEFI_FFS_STATE_MARKED_FOR_UPDATE 0x08

struct uefi_ffs_file {
	const uint8_t *name; /* 16-byte file GUID */
	const uint8_t *body;
	size_t body_len;
	uint64_t size; /* whole file including the header */
	size_t header_len; /* 0x18, or 0x20 for an FFSv3 large file */
	uint8_t type;
	uint8_t attributes;
	uint8_t state; /* after inverting for erase polarity 1 */
	bool usable; /* state says the data is valid */
	bool header_checksum_ok;
	/* FFS_ATTRIB_CHECKSUM: IntegrityCheck.File is the 8-bit checksum of
	 * the body; otherwise it is a fixed value (0xAA, 0x5A in revision 1
	 * volumes) that says nothing about the body. */
	bool has_data_checksum;
	bool data_checksum_ok; /* the checksum, or the fixed value, matches */
};

enum uefi_ffs_next {
	UEFI_FFS_OK = 0, /* a file was parsed */
	UEFI_FFS_END = 1, /* free space: no more files */
};

/**
 * uefi_fv_parse - parse and validate a volume header
 * @buf: bytes starting at the volume (ZeroVector)
 * @len: bytes available from @buf
 * @fv: result
 *
 * Accepts what UEFITool accepts: the `_FVH` signature, revision 1 or 2, a sane
 * FvLength and HeaderLength and a block map that ends inside the header. A bad
 * header checksum is reported in @fv, not rejected. A volume longer than @len
 * is accepted and marked truncated.
 *
 * Return: 0, or -EINVAL when this is not a volume header.
 */
int uefi_fv_parse(const uint8_t *buf, size_t len, struct uefi_fv *fv);

/**
 * uefi_fv_parse_extent - how many bytes uefi_fv_parse() reads
 * @buf: a volume header candidate, its first UEFI_FV_HEADER_MIN bytes (or
 *       all @len, if fewer) valid
 * @len: bytes from @buf in the buffer
 *
 * For data decoded as it is read: the caller makes these bytes valid
 * before it parses.
 *
 * Return: at most @len.
 */
size_t uefi_fv_parse_extent(const uint8_t *buf, size_t len);

/**
 * uefi_ffs_next - parse the FFS file at an offset of a volume
 * @fv: the parsed volume
 * @vol: the volume bytes (fv->avail of them)
 * @off: offset of the file header relative to @vol
 * @file: result
 *
 * Return: UEFI_FFS_OK with @file filled, UEFI_FFS_END when the rest of the
 * volume is free space or too short for a header, or -EINVAL for a corrupt
 * header (size smaller than the header or past the volume end).
 */
int uefi_ffs_next(const struct uefi_fv *fv, const uint8_t *vol, size_t off,
		  struct uefi_ffs_file *file);

/* Header bytes to make valid before uefi_ffs_extent(). */
#define UEFI_FFS_PROBE 0x20

/**
 * uefi_ffs_extent - how many bytes uefi_ffs_next() reads at an offset
 * @fv: the parsed volume
 * @vol: the volume bytes, the first UEFI_FFS_PROBE from @off valid (or up
 *       to fv->avail, if fewer)
 * @off: offset of the file header relative to @vol
 *
 * Return: the whole file when the header holds a plausible size, the
 * header alone at the free space; never past fv->avail.
 */
size_t uefi_ffs_extent(const struct uefi_fv *fv, const uint8_t *vol, size_t off);

/**
 * uefi_ffs_type_name - short name of an FFS file type
 * @type: the type byte
 *
 * Return: a static string ("DXE driver", "raw", ...).
 */
const char *uefi_ffs_type_name(uint8_t type);

#endif
