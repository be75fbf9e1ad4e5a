// SPDX-License-Identifier: MIT
/*
 * PE/COFF header checks (Microsoft PE/COFF specification; the offsets are in
 * the research notes, section 6).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "uefi/uefi_guid.h"
#include "uefi/uefi_le.h"
#include "uefi/uefi_pe.h"

#define PE_COFF_HEADER 20
#define PE_SECTION_HEADER 40
#define PE_OPT_SUBSYSTEM 68
#define PE_OPT_SIZE_OF_IMAGE 56
#define PE_OPT_SIZE_OF_HEADERS 60
/* Offset of the data directory count and its entry 4 (the attribute
 * certificate table, whose address is a file offset) by optional header. */
#define PE32_OPT_RVA_COUNT 92
#define PE32P_OPT_RVA_COUNT 108
#define PE_DIR_SECURITY 4

/* A certificate table after the sections extends the file (lengths past
 * the end are left to the section checks: the table is not loaded). */
static void cert_end(const uint8_t *buf, size_t opt, uint32_t opt_size, struct uefi_pe_info *info)
{
	size_t count = info->magic == 0x20B ? PE32P_OPT_RVA_COUNT : PE32_OPT_RVA_COUNT;
	size_t dir = count + 4 + PE_DIR_SECURITY * 8;
	uint64_t end;

	if (opt_size < dir + 8 || uefi_le32(buf + opt + count) <= PE_DIR_SECURITY)
		return;
	end = (uint64_t)uefi_le32(buf + opt + dir) + uefi_le32(buf + opt + dir + 4);
	if (uefi_le32(buf + opt + dir + 4) && end > info->file_end)
		info->file_end = end > SIZE_MAX ? SIZE_MAX : (size_t)end;
}

int uefi_pe_parse(const uint8_t *buf, size_t len, struct uefi_pe_info *info)
{
	uint32_t lfanew, opt_size, headers;
	size_t opt, sec, i;

	memset(info, 0, sizeof(*info));
	if (len < 0x40 || buf[0] != 'M' || buf[1] != 'Z')
		return -EINVAL;
	lfanew = uefi_le32(buf + 0x3C);
	if (lfanew & 3 || lfanew > len || len - lfanew < 4 + PE_COFF_HEADER ||
	    memcmp(buf + lfanew, "PE\0\0", 4))
		return -EINVAL;
	info->machine = uefi_le16(buf + lfanew + 4);
	info->sections = uefi_le16(buf + lfanew + 6);
	opt_size = uefi_le16(buf + lfanew + 20);
	opt = lfanew + 4 + PE_COFF_HEADER;
	if (opt_size < PE_OPT_SUBSYSTEM + 2)
		return -EINVAL;
	/* Valid signatures but headers cut short: a truncated image. */
	if (len - opt < opt_size)
		return -ERANGE;
	info->magic = uefi_le16(buf + opt);
	if (info->magic != 0x10B && info->magic != 0x20B)
		return -EINVAL;
	info->size_of_image = uefi_le32(buf + opt + PE_OPT_SIZE_OF_IMAGE);
	headers = uefi_le32(buf + opt + PE_OPT_SIZE_OF_HEADERS);
	info->subsystem = uefi_le16(buf + opt + PE_OPT_SUBSYSTEM);

	sec = opt + opt_size;
	if (!info->sections || (len - sec) / PE_SECTION_HEADER < info->sections)
		return -ERANGE;
	if (headers < sec + (size_t)info->sections * PE_SECTION_HEADER)
		return -EBADMSG;
	for (i = 0; i < info->sections; i++) {
		const uint8_t *s = buf + sec + i * PE_SECTION_HEADER;
		uint32_t vsize = uefi_le32(s + 8), va = uefi_le32(s + 12);
		uint32_t raw = uefi_le32(s + 16), ptr = uefi_le32(s + 20);
		uint64_t end = (uint64_t)ptr + raw;

		/* Loaded sections lie inside the image, after the headers;
		 * raw data does not overlap the headers. */
		if ((uint64_t)va + vsize > info->size_of_image || (vsize && va < headers) ||
		    (raw && ptr < headers))
			return -EBADMSG;
		if (raw && end > info->raw_end)
			info->raw_end = (size_t)(end > len ? len + 1 : end);
	}
	if (info->raw_end > len)
		return -ERANGE;
	info->file_end = info->raw_end;
	cert_end(buf, opt, opt_size, info);
	info->has_gop_guid = memmem(buf, len, uefi_guid_gop.b, 16) != NULL;
	return 0;
}

enum uefi_pe_verdict uefi_pe_check_gop(const uint8_t *buf, size_t len, struct uefi_pe_info *info)
{
	struct uefi_pe_info local;
	int ret;

	if (!info)
		info = &local;
	ret = uefi_pe_parse(buf, len, info);
	if (ret == -EINVAL)
		return UEFI_PE_NOT_MZ;
	if (ret == -EBADMSG)
		return UEFI_PE_INCONSISTENT;
	if (ret)
		return UEFI_PE_TRUNCATED;
	/* The optional header's CheckSum is not checked: EDK2 builds link
	 * with it set and GenFw then rewrites the image (zeroes the time
	 * stamp) without updating it, so genuine Intel GOP builds carry a
	 * stale one, and no firmware reads it. The FFS checksums speak for
	 * the bytes. */
	if (info->machine != PE_MACHINE_X64)
		return UEFI_PE_NOT_X64;
	if (info->subsystem != PE_SUBSYSTEM_EFI_BOOT_DRIVER)
		return UEFI_PE_NOT_BOOT_DRIVER;
	if (!info->has_gop_guid)
		return UEFI_PE_NO_GOP_GUID;
	return UEFI_PE_OK;
}

const char *uefi_pe_verdict_str(enum uefi_pe_verdict v)
{
	switch (v) {
	case UEFI_PE_OK:
		return "valid x64 EFI boot-service driver with the GOP GUID";
	case UEFI_PE_NOT_MZ:
		return "not a PE image (no MZ/PE headers)";
	case UEFI_PE_TRUNCATED:
		return "PE image truncated (sections run past the end)";
	case UEFI_PE_INCONSISTENT:
		return "PE headers inconsistent (sections outside the image or over the headers)";
	case UEFI_PE_NOT_X64:
		return "PE image is not for x64 (machine is not 0x8664)";
	case UEFI_PE_NOT_BOOT_DRIVER:
		return "PE image is not an EFI boot-service driver (subsystem is not 11)";
	case UEFI_PE_NO_GOP_GUID:
		return "PE image does not contain the Graphics Output Protocol GUID";
	}
	return "unknown";
}

/* PE/COFF machine types firmware drivers are built for (the PE/COFF
 * specification's values; EDK2 builds ARM images as Thumb-2 mixed). */
static const char *pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case 0x014C:
		return "IA32 (32-bit x86)";
	case PE_MACHINE_X64:
		return "x64";
	case 0x01C2:
	case 0x01C4:
		return "32-bit ARM";
	case 0xAA64:
		return "AArch64";
	case 0x0EBC:
		return "EFI Byte Code";
	case 0x0200:
		return "Itanium";
	case 0x5032:
		return "32-bit RISC-V";
	case 0x5064:
		return "64-bit RISC-V";
	case 0x6264:
		return "64-bit LoongArch";
	}
	return NULL;
}

static const char *pe_subsystem_name(uint16_t subsystem)
{
	switch (subsystem) {
	case PE_SUBSYSTEM_EFI_APPLICATION:
		return "an EFI application";
	case PE_SUBSYSTEM_EFI_RUNTIME_DRIVER:
		return "an EFI runtime driver";
	case 13:
		return "an EFI ROM image";
	}
	return NULL;
}

const char *uefi_pe_verdict_explain(enum uefi_pe_verdict v, const struct uefi_pe_info *info,
				    char *buf, size_t len)
{
	const char *name;

	if (v == UEFI_PE_NOT_X64) {
		name = pe_machine_name(info->machine);
		if (name)
			snprintf(
				buf, len,
				"PE image is built for %s, machine 0x%04x, not x64: an x64 VM's firmware cannot run it",
				name, info->machine);
		else
			snprintf(
				buf, len,
				"PE image is not for x64 (machine 0x%04x, not 0x8664): an x64 VM's firmware cannot run it",
				info->machine);
		return buf;
	}
	if (v == UEFI_PE_NOT_BOOT_DRIVER) {
		name = pe_subsystem_name(info->subsystem);
		if (name)
			snprintf(
				buf, len,
				"PE image is %s (subsystem %u), not an EFI boot-service driver (11)",
				name, info->subsystem);
		else
			snprintf(
				buf, len,
				"PE image is not an EFI boot-service driver (subsystem %u, not 11)",
				info->subsystem);
		return buf;
	}
	snprintf(buf, len, "%s", uefi_pe_verdict_str(v));
	return buf;
}
