/* SPDX-License-Identifier: MIT */
/*
 * Checks of an extracted PE/COFF image (the .efi a GOP candidate must be).
 */
#ifndef UEFI_PE_H
#define UEFI_PE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PE_MACHINE_X64 0x8664
#define PE_SUBSYSTEM_EFI_APPLICATION 10
#define PE_SUBSYSTEM_EFI_BOOT_DRIVER 11
#define PE_SUBSYSTEM_EFI_RUNTIME_DRIVER 12

struct uefi_pe_info {
	uint16_t machine;
	uint16_t subsystem;
	uint16_t magic; /* 0x10B PE32, 0x20B PE32+ */
	uint16_t sections;
	uint32_t size_of_image;
	size_t raw_end; /* end of the last section's raw data */
	/* Where the file ends: raw_end, or the end of the attribute
	 * certificate table when a signed image appends one after it. */
	size_t file_end;
	bool has_gop_guid; /* EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID bytes */
};

/* Why an image is not a usable GOP driver, in check order. */
enum uefi_pe_verdict {
	UEFI_PE_OK = 0,
	UEFI_PE_NOT_MZ, /* no MZ/PE headers: not a PE image */
	UEFI_PE_TRUNCATED, /* headers or sections run past the end */
	UEFI_PE_INCONSISTENT, /* header fields contradict each other */
	UEFI_PE_NOT_X64,
	UEFI_PE_NOT_BOOT_DRIVER,
	UEFI_PE_NO_GOP_GUID,
};

/**
 * uefi_pe_parse - parse the headers of a PE/COFF image
 * @buf: image bytes
 * @len: number of bytes
 * @info: result
 *
 * Return: 0, -EINVAL when there are no PE headers, -ERANGE when headers or
 * section data run past @len, -EBADMSG when header fields contradict each
 * other (sections outside SizeOfImage or overlapping the headers).
 */
int uefi_pe_parse(const uint8_t *buf, size_t len, struct uefi_pe_info *info);

/**
 * uefi_pe_check_gop - decide whether an image can be the GOP driver
 * @buf: image bytes
 * @len: number of bytes
 * @info: if not NULL, the parsed headers
 *
 * A GOP driver for an x64 VM is a PE32+ for machine 0x8664, subsystem EFI
 * boot-service driver, that contains the Graphics Output Protocol GUID.
 *
 * Return: UEFI_PE_OK or the first failed check.
 */
enum uefi_pe_verdict uefi_pe_check_gop(const uint8_t *buf, size_t len, struct uefi_pe_info *info);

/**
 * uefi_pe_verdict_str - one-phrase explanation of a verdict
 * @v: verdict
 *
 * Return: a static string.
 */
const char *uefi_pe_verdict_str(enum uefi_pe_verdict v);

/**
 * uefi_pe_verdict_explain - the verdict's phrase with what the headers say
 * @v: verdict
 * @info: the headers uefi_pe_check_gop() parsed
 * @buf: where the text goes
 * @len: its size
 *
 * For a wrong machine or subsystem, names the one the image is built for
 * (a user holding an IA32 or AArch64 driver learns that, not only that it
 * is not x64); other verdicts are uefi_pe_verdict_str().
 *
 * Return: @buf.
 */
const char *uefi_pe_verdict_explain(enum uefi_pe_verdict v, const struct uefi_pe_info *info,
				    char *buf, size_t len);

#endif
