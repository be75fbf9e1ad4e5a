/* SPDX-License-Identifier: MIT */
/*
 * Decompressors for compressed and GUID-defined sections.
 *
 * Each takes the section body and returns a malloc'ed buffer. @limit caps the
 * output so that a hostile image cannot make the tool allocate without bound.
 * Errors: -EINVAL corrupt data, -EFBIG larger than @limit, -ENOMEM.
 */
#ifndef UEFI_DECOMPRESS_H
#define UEFI_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* EFI_STANDARD_COMPRESSION variants: they differ in the position-set width. */
enum uefi_efi_variant {
	UEFI_EFI11 = 4, /* EFI 1.1: 4-bit position set count */
	UEFI_TIANO = 5, /* Tiano: 5-bit */
};

/**
 * uefi_lzma_decompress - decode an EDK2 LZMA section body
 * @in: 13-byte LZMA header (props, u32 dictionary, u64 size) and stream
 * @len: bytes in @in
 * @x86: undo the x86 BCJ filter afterwards (LZMAF86 sections)
 * @limit: largest acceptable output
 * @out: on success, the malloc'ed output
 * @out_len: on success, its length
 *
 * Return: 0 or a negative errno.
 */
int uefi_lzma_decompress(const uint8_t *in, size_t len, bool x86, size_t limit, uint8_t **out,
			 size_t *out_len);

/**
 * uefi_efi_decompress - decode EFI 1.1 or Tiano compressed data
 * @in: 8-byte header (u32 CompSize, u32 OrigSize) and the bit stream
 * @len: bytes in @in (at least CompSize + 8)
 * @variant: UEFI_EFI11 or UEFI_TIANO
 * @limit: largest acceptable output
 * @out: on success, the malloc'ed output
 * @out_len: on success, its length (OrigSize)
 *
 * Return: 0 or a negative errno.
 */
int uefi_efi_decompress(const uint8_t *in, size_t len, enum uefi_efi_variant variant, size_t limit,
			uint8_t **out, size_t *out_len);

/**
 * uefi_brotli_decompress - decode an EDK2 Brotli section body
 * @in: u64 output size, u64 scratch size, then the Brotli stream
 * @len: bytes in @in
 * @limit: largest acceptable output
 * @out: on success, the malloc'ed output
 * @out_len: on success, its length
 *
 * Return: 0 or a negative errno.
 */
int uefi_brotli_decompress(const uint8_t *in, size_t len, size_t limit, uint8_t **out,
			   size_t *out_len);

#endif
