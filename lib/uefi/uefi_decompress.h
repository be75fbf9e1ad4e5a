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

/*
 * An EDK2 LZMA section body decoded as the caller reads it: the output
 * buffer has the size the header states from the start (it never moves),
 * and bytes become valid front to back as uefi_lzma_fill() asks for them.
 * A walk that never needs the tail (the free space after a volume's last
 * file) never pays for decoding it.
 */
struct uefi_lzma_stream {
	uint8_t *buf; /* the whole output: size bytes, the first filled valid */
	size_t size;
	size_t filled;
	bool ended; /* decoded to its end, and the end checked */
	bool failed; /* the data is corrupt from about @filled on */
	void *priv; /* liblzma's state */
};

/**
 * uefi_lzma_open - start decoding an EDK2 LZMA section body
 * @z: the stream
 * @in: 13-byte header and stream, valid until uefi_lzma_close()
 * @len: bytes in @in
 * @x86: undo the x86 BCJ filter (LZMAF86 sections)
 * @limit: largest acceptable output
 *
 * Return: 0, -ENOTSUP when the header does not state the size (decode it
 * with uefi_lzma_decompress()), -EINVAL, -EFBIG or -ENOMEM.
 */
int uefi_lzma_open(struct uefi_lzma_stream *z, const uint8_t *in, size_t len, bool x86,
		   size_t limit);

/**
 * uefi_lzma_fill - decode until at least @want output bytes are valid
 * @z: an open stream
 * @want: bytes wanted from the start of the output (capped at its size)
 *
 * Decoding the last byte also checks that the stream ends there.
 *
 * Return: 0, -EINVAL when the data is corrupt before @want, or -ENOMEM.
 */
int uefi_lzma_fill(struct uefi_lzma_stream *z, size_t want);

/**
 * uefi_lzma_close - free the decoder state and the output
 * @z: a stream uefi_lzma_open() opened
 */
void uefi_lzma_close(struct uefi_lzma_stream *z);

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
