// SPDX-License-Identifier: MIT
/*
 * Update-file containers (research notes, section 1). UEFITool's order is
 * kept: capsule header, then flash descriptor, then a raw scan.
 */
#include <errno.h>
#include <string.h>

#include "uefi/uefi_guid.h"
#include "uefi/uefi_image.h"
#include "uefi/uefi_le.h"

#define CAPSULE_HEADER 28
#define APTIO_HEADER 32
#define DESC_SIGNATURE 0x0FF0A55A
#define DESC_REGION_BIOS 1
#define PFAT_MAGIC "_AMIPFAT"
#define INSYDE_MARKER "$_IFLASH_BIOSIMG"
#define INSYDE_HEADER 24 /* marker, u32 FullSize, u32 UsedSize */

static bool is_pfat(const uint8_t *buf, size_t len)
{
	return len >= 16 && !memcmp(buf + 8, PFAT_MAGIC, 8);
}

int uefi_descriptor_bios_region(const uint8_t *buf, size_t len, size_t *start, size_t *size)
{
	uint32_t flmap0, frba, reg, base, limit;

	if (len < 0x20 || uefi_le32(buf + 0x10) != DESC_SIGNATURE)
		return -EINVAL;
	flmap0 = uefi_le32(buf + 0x14);
	frba = ((flmap0 >> 16) & 0xFF) << 4;
	/* The section bases must lie in the 4 KiB descriptor. */
	if (frba > 0xE0 || frba + 4 * (DESC_REGION_BIOS + 1) > len)
		return -EINVAL;
	reg = uefi_le32(buf + frba + 4 * DESC_REGION_BIOS);
	base = reg & 0x7FFF;
	limit = (reg >> 16) & 0x7FFF;
	/* Unused regions have base 0x7FFF and limit 0. */
	if (!limit || limit < base)
		return -ENOENT;
	*start = (size_t)base << 12;
	*size = ((size_t)(limit - base) + 1) << 12;
	return 0;
}

/* Sets info->start/len from a capsule at the start of the file. */
static bool identify_capsule(const uint8_t *buf, size_t len, struct uefi_image_info *info)
{
	static const struct {
		const struct uefi_guid *guid;
		const char *name;
	} capsules[] = {
		{ &uefi_guid_capsule_efi, "EFI capsule" },
		{ &uefi_guid_capsule_fmp, "EFI FMP capsule" },
		{ &uefi_guid_capsule_intel, "Intel capsule" },
		{ &uefi_guid_capsule_lenovo, "Lenovo capsule" },
		{ &uefi_guid_capsule_lenovo2, "Lenovo capsule" },
	};
	uint32_t hdr, image;
	size_t i;

	if (len < APTIO_HEADER)
		return false;
	hdr = uefi_le32(buf + 0x10);
	image = uefi_le32(buf + 0x18);

	if (uefi_guid_eq(&uefi_guid_capsule_aptio_signed, buf) ||
	    uefi_guid_eq(&uefi_guid_capsule_aptio_unsigned, buf)) {
		/* RomImageOffset is where the flash image starts. */
		uint16_t rom = uefi_le16(buf + 0x1C);

		if (!rom || rom > image || image > len)
			return false;
		info->container = uefi_guid_eq(&uefi_guid_capsule_aptio_signed, buf) ?
					  UEFI_CONTAINER_APTIO_SIGNED :
					  UEFI_CONTAINER_APTIO_UNSIGNED;
		info->container_name = info->container == UEFI_CONTAINER_APTIO_SIGNED ?
					       "AMI Aptio capsule (signed)" :
					       "AMI Aptio capsule (unsigned)";
		info->start = rom;
		info->len = image - rom;
		return true;
	}
	for (i = 0; i < sizeof(capsules) / sizeof(capsules[0]); i++) {
		if (!uefi_guid_eq(capsules[i].guid, buf))
			continue;
		if (hdr < CAPSULE_HEADER || hdr > image || image > len)
			return false;
		info->container = UEFI_CONTAINER_CAPSULE;
		info->container_name = capsules[i].name;
		info->start = hdr;
		info->len = image - hdr;
		return true;
	}
	return false;
}

static bool identify_insyde(const uint8_t *buf, size_t len, struct uefi_image_info *info)
{
	const uint8_t *m = memmem(buf, len, INSYDE_MARKER, 16);
	size_t off;
	uint32_t used;

	if (!m)
		return false;
	off = (size_t)(m - buf);
	if (len - off < INSYDE_HEADER)
		return false;
	used = uefi_le32(m + 20);
	if (!used || used > len - off - INSYDE_HEADER)
		return false;
	info->container = UEFI_CONTAINER_INSYDE;
	info->container_name = "Insyde iFlash image";
	info->start = off + INSYDE_HEADER;
	info->len = used;
	return true;
}

int uefi_image_identify(const uint8_t *buf, size_t len, struct uefi_image_info *info)
{
	size_t start, size;

	memset(info, 0, sizeof(*info));
	info->container_name = "plain image";
	info->len = len;

	if (is_pfat(buf, len)) {
		info->container = UEFI_CONTAINER_PFAT;
		info->container_name = "AMI PFAT (BIOS Guard) container";
		return -EPROTONOSUPPORT;
	}
	if (!identify_capsule(buf, len, info))
		identify_insyde(buf, len, info);
	if (is_pfat(buf + info->start, info->len)) {
		info->container = UEFI_CONTAINER_PFAT;
		info->container_name = "AMI PFAT (BIOS Guard) container";
		return -EPROTONOSUPPORT;
	}

	/* A full SPI image: scan only its BIOS region. */
	if (!uefi_descriptor_bios_region(buf + info->start, info->len, &start, &size)) {
		info->descriptor = true;
		if (start >= info->len) {
			info->region_truncated = true;
			return 0;
		}
		if (size > info->len - start) {
			info->region_truncated = true;
			size = info->len - start;
		}
		info->start += start;
		info->len = size;
	}
	return 0;
}
