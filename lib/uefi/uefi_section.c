// SPDX-License-Identifier: MIT
/*
 * FFS section headers.
 */
#include <errno.h>
#include <string.h>

#include "uefi/uefi_le.h"
#include "uefi/uefi_section.h"

int uefi_section_parse(const uint8_t *buf, size_t len, struct uefi_section *sec)
{
	size_t hdr = 4, extra = 0;

	memset(sec, 0, sizeof(*sec));
	if (len < 4)
		return -EINVAL;
	sec->size = uefi_le24(buf);
	sec->type = buf[3];
	if (sec->size == 0xFFFFFF) {
		if (len < 8)
			return -EINVAL;
		sec->size = uefi_le32(buf + 4);
		hdr = 8;
	}
	if (sec->size < hdr || sec->size > len)
		return -EINVAL;

	switch (sec->type) {
	case UEFI_SEC_COMPRESSION:
		extra = 5;
		break;
	case UEFI_SEC_GUID_DEFINED:
		extra = 20;
		break;
	case UEFI_SEC_VERSION:
		extra = 2;
		break;
	case UEFI_SEC_FREEFORM_SUBTYPE:
		extra = 16;
		break;
	}
	if (sec->size < hdr + extra)
		return -EINVAL;
	sec->header_len = hdr + extra;

	switch (sec->type) {
	case UEFI_SEC_COMPRESSION:
		sec->uncompressed_len = uefi_le32(buf + hdr);
		sec->compression_type = buf[hdr + 4];
		break;
	case UEFI_SEC_GUID_DEFINED: {
		/* DataOffset counts from the start of the section. */
		uint16_t data_off = uefi_le16(buf + hdr + 16);

		sec->guid = buf + hdr;
		sec->attributes = uefi_le16(buf + hdr + 18);
		if (data_off < hdr + extra || data_off > sec->size)
			return -EINVAL;
		sec->header_len = data_off;
		break;
	}
	case UEFI_SEC_VERSION:
		sec->build_number = uefi_le16(buf + hdr);
		break;
	case UEFI_SEC_FREEFORM_SUBTYPE:
		sec->guid = buf + hdr;
		break;
	}
	sec->body = buf + sec->header_len;
	sec->body_len = sec->size - sec->header_len;
	return 0;
}

bool uefi_section_stream_valid(const uint8_t *buf, size_t len)
{
	struct uefi_section sec;
	size_t off = 0;

	if (!len)
		return false;
	for (;;) {
		if (uefi_section_parse(buf + off, len - off, &sec))
			return false;
		/* Only alignment padding may follow the last section. */
		off = uefi_align(off + sec.size, 4);
		if (off >= len)
			return true;
	}
}

const char *uefi_section_type_name(uint8_t type)
{
	switch (type) {
	case UEFI_SEC_COMPRESSION:
		return "compressed";
	case UEFI_SEC_GUID_DEFINED:
		return "GUID defined";
	case UEFI_SEC_DISPOSABLE:
		return "disposable";
	case UEFI_SEC_PE32:
		return "PE32 image";
	case UEFI_SEC_PIC:
		return "PIC image";
	case UEFI_SEC_TE:
		return "TE image";
	case UEFI_SEC_DXE_DEPEX:
		return "DXE dependency";
	case UEFI_SEC_VERSION:
		return "version";
	case UEFI_SEC_USER_INTERFACE:
		return "user interface";
	case UEFI_SEC_COMPAT16:
		return "16-bit image";
	case UEFI_SEC_FV_IMAGE:
		return "volume image";
	case UEFI_SEC_FREEFORM_SUBTYPE:
		return "freeform subtype GUID";
	case UEFI_SEC_RAW:
		return "raw";
	case UEFI_SEC_PEI_DEPEX:
		return "PEI dependency";
	case UEFI_SEC_MM_DEPEX:
		return "MM dependency";
	}
	return "unknown";
}
