/* SPDX-License-Identifier: MIT */
/*
 * FFS sections (EFI_COMMON_SECTION_HEADER and its typed extensions).
 */
#ifndef UEFI_SECTION_H
#define UEFI_SECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UEFI_SEC_COMPRESSION 0x01
#define UEFI_SEC_GUID_DEFINED 0x02
#define UEFI_SEC_DISPOSABLE 0x03
#define UEFI_SEC_PE32 0x10
#define UEFI_SEC_PIC 0x11
#define UEFI_SEC_TE 0x12
#define UEFI_SEC_DXE_DEPEX 0x13
#define UEFI_SEC_VERSION 0x14
#define UEFI_SEC_USER_INTERFACE 0x15
#define UEFI_SEC_COMPAT16 0x16
#define UEFI_SEC_FV_IMAGE 0x17
#define UEFI_SEC_FREEFORM_SUBTYPE 0x18
#define UEFI_SEC_RAW 0x19
#define UEFI_SEC_PEI_DEPEX 0x1B
#define UEFI_SEC_MM_DEPEX 0x1C

/* GUID-defined section attributes */
#define UEFI_GUIDED_PROCESSING_REQUIRED 0x01

struct uefi_section {
	const uint8_t *guid; /* GUID_DEFINED definition / FREEFORM subtype */
	const uint8_t *body; /* data after all headers (DataOffset) */
	size_t body_len;
	size_t size; /* whole section */
	size_t header_len; /* up to the body */
	uint32_t uncompressed_len; /* COMPRESSION */
	uint16_t attributes; /* GUID_DEFINED */
	uint16_t build_number; /* VERSION */
	uint8_t type;
	uint8_t compression_type; /* COMPRESSION */
};

/**
 * uefi_section_parse - parse one section header
 * @buf: bytes at the section
 * @len: bytes available
 * @sec: result
 *
 * Accepts the extended-size form (Size 0xFFFFFF and a u32 ExtendedSize) in
 * any volume, as edk2 does.
 *
 * Return: 0, or -EINVAL when the header is short, inconsistent or overruns.
 */
int uefi_section_parse(const uint8_t *buf, size_t len, struct uefi_section *sec);

/**
 * uefi_section_stream_valid - whether bytes are exactly a section stream
 * @buf: bytes
 * @len: number of bytes
 *
 * Sections must follow each other at 4-byte alignment and end at @len
 * (alignment padding of up to 3 bytes allowed). Used to choose between
 * decoders and to decide whether an opaque body holds sections.
 *
 * Return: true when every byte belongs to a well-formed section.
 */
bool uefi_section_stream_valid(const uint8_t *buf, size_t len);

/**
 * uefi_section_type_name - short name of a section type
 * @type: the type byte
 *
 * Return: a static string ("PE32", "user interface", ...).
 */
const char *uefi_section_type_name(uint8_t type);

#endif
