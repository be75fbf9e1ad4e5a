/* SPDX-License-Identifier: MIT */
/*
 * GUIDs as they are stored in firmware (mixed-endian, 16 bytes) and the
 * well-known ones the parser needs (facts from the PI/UEFI specifications).
 */
#ifndef UEFI_GUID_H
#define UEFI_GUID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uefi_guid {
	uint8_t b[16];
};

/* Text form "8C8CE578-8A3D-4F1C-9935-896185C32DD3" plus the NUL. */
#define UEFI_GUID_STRLEN 37

/* Stored byte order: the first three fields are little-endian. */
#define UEFI_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                                        \
	{                                                                                         \
		{                                                                                 \
			(a) & 0xff, ((a) >> 8) & 0xff, ((a) >> 16) & 0xff, ((a) >> 24) & 0xff,    \
				(b)&0xff, ((b) >> 8) & 0xff, (c)&0xff, ((c) >> 8) & 0xff, d0, d1, \
				d2, d3, d4, d5, d6, d7                                            \
		}                                                                                 \
	}

/* Volume file systems */
extern const struct uefi_guid uefi_guid_ffs1;
extern const struct uefi_guid uefi_guid_ffs2;
extern const struct uefi_guid uefi_guid_ffs3;

/* GUID-defined section processors */
extern const struct uefi_guid uefi_guid_lzma;
extern const struct uefi_guid uefi_guid_lzma_hp;
extern const struct uefi_guid uefi_guid_lzmaf86;
extern const struct uefi_guid uefi_guid_tiano;
extern const struct uefi_guid uefi_guid_brotli;
extern const struct uefi_guid uefi_guid_crc32;

/* Capsules */
extern const struct uefi_guid uefi_guid_capsule_efi;
extern const struct uefi_guid uefi_guid_capsule_fmp;
extern const struct uefi_guid uefi_guid_capsule_intel;
extern const struct uefi_guid uefi_guid_capsule_lenovo;
extern const struct uefi_guid uefi_guid_capsule_lenovo2;
extern const struct uefi_guid uefi_guid_capsule_aptio_signed;
extern const struct uefi_guid uefi_guid_capsule_aptio_unsigned;

/* EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID */
extern const struct uefi_guid uefi_guid_gop;

/**
 * uefi_guid_eq - compare a GUID with stored bytes
 * @g: the GUID
 * @p: 16 bytes in stored order
 *
 * Return: true when equal.
 */
bool uefi_guid_eq(const struct uefi_guid *g, const uint8_t *p);

/**
 * uefi_guid_format - write the text form of a stored GUID
 * @p: 16 bytes in stored order
 * @out: buffer of at least UEFI_GUID_STRLEN bytes
 *
 * Return: @out.
 */
char *uefi_guid_format(const uint8_t *p, char *out);

#endif
