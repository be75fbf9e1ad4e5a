// SPDX-License-Identifier: MIT
/*
 * EDK2 Brotli sections (BrotliCustomDecompressLib layout: u64 decompressed
 * size, u64 scratch size, then a plain Brotli stream) through libbrotlidec.
 */
#include <brotli/decode.h>
#include <errno.h>
#include <stdlib.h>

#include "uefi/uefi_decompress.h"
#include "uefi/uefi_le.h"

#define BROTLI_SECTION_HEADER 16

int uefi_brotli_decompress(const uint8_t *in, size_t len, size_t limit, uint8_t **out,
			   size_t *out_len)
{
	BrotliDecoderState *st;
	BrotliDecoderResult r;
	const uint8_t *next_in;
	size_t avail_in, avail_out, total = 0;
	uint64_t size;
	uint8_t *buf, *next_out;

	if (len < BROTLI_SECTION_HEADER)
		return -EINVAL;
	size = uefi_le64(in);
	if (size > limit)
		return -EFBIG;
	buf = malloc(size ? (size_t)size : 1);
	if (!buf)
		return -ENOMEM;
	st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if (!st) {
		free(buf);
		return -ENOMEM;
	}
	next_in = in + BROTLI_SECTION_HEADER;
	avail_in = len - BROTLI_SECTION_HEADER;
	next_out = buf;
	avail_out = (size_t)size;
	r = BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, &total);
	BrotliDecoderDestroyInstance(st);
	/* Exactly the declared size: more output is NEEDS_MORE_OUTPUT. */
	if (r != BROTLI_DECODER_RESULT_SUCCESS || total != size) {
		free(buf);
		return r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT ? -EFBIG : -EINVAL;
	}
	*out = buf;
	*out_len = (size_t)size;
	return 0;
}
