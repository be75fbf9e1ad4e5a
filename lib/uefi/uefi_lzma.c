// SPDX-License-Identifier: MIT
/*
 * EDK2 LZMA and LZMAF86 sections through liblzma.
 *
 * The 13-byte EDK2 header is the ".lzma" (LZMA_Alone) header, so the stream
 * is raw LZMA1. We use a raw decoder chain rather than lzma_alone_decoder so
 * that the x86 BCJ filter can be put in front of LZMA1 in the same chain
 * (BCJ with start offset 0 reverses the LZMA SDK's x86_Convert(ip = 0)), and
 * so that we choose the dictionary allocation ourselves.
 */
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>

#include "uefi/uefi_decompress.h"
#include "uefi/uefi_le.h"

#define LZMA_HEADER 13
#define LZMA_SIZE_UNKNOWN UINT64_MAX
#define LZMA_DICT_MIN 4096u

static int lzma_grow(uint8_t **buf, size_t *cap, size_t want, size_t limit)
{
	size_t n = *cap ? *cap : 64 * 1024;
	uint8_t *p;

	while (n < want)
		n *= 2;
	if (n > limit)
		n = limit;
	if (n <= *cap)
		return -EFBIG;
	p = realloc(*buf, n);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = n;
	return 0;
}

int uefi_lzma_decompress(const uint8_t *in, size_t len, bool x86, size_t limit, uint8_t **out,
			 size_t *out_len)
{
	lzma_options_lzma opt = { 0 };
	lzma_filter chain[3];
	lzma_stream strm = LZMA_STREAM_INIT;
	uint8_t *buf = NULL;
	size_t cap = 0;
	uint64_t size;
	unsigned int props;
	int ret = 0, f = 0;

	if (len < LZMA_HEADER)
		return -EINVAL;
	props = in[0];
	if (props >= 9 * 5 * 5)
		return -EINVAL;
	opt.lc = props % 9;
	opt.lp = (props / 9) % 5;
	opt.pb = props / 45;
	opt.dict_size = uefi_le32(in + 1);
	size = uefi_le64(in + 5);
	if (size != LZMA_SIZE_UNKNOWN && size > limit)
		return -EFBIG;

	/*
	 * Matches never reach before the start of the output, so a dictionary
	 * larger than the output is wasted memory; cap it there.
	 */
	if (size != LZMA_SIZE_UNKNOWN && opt.dict_size > size)
		opt.dict_size = (uint32_t)size;
	if (opt.dict_size > limit)
		opt.dict_size = (uint32_t)(limit > UINT32_MAX ? UINT32_MAX : limit);
	if (opt.dict_size < LZMA_DICT_MIN)
		opt.dict_size = LZMA_DICT_MIN;
	opt.ext_flags = LZMA_LZMA1EXT_ALLOW_EOPM;
	opt.ext_size_low = (uint32_t)size;
	opt.ext_size_high = (uint32_t)(size >> 32);

	if (x86)
		chain[f++] = (lzma_filter){ .id = LZMA_FILTER_X86 };
	chain[f++] = (lzma_filter){ .id = LZMA_FILTER_LZMA1EXT, .options = &opt };
	chain[f] = (lzma_filter){ .id = LZMA_VLI_UNKNOWN };
	if (lzma_raw_decoder(&strm, chain) != LZMA_OK)
		return -EINVAL;

	/* The header states the size: one allocation, decoded into in place
	 * (pages are touched only as liblzma writes them). */
	if (size != LZMA_SIZE_UNKNOWN) {
		buf = malloc(size ? (size_t)size : 1);
		if (!buf) {
			lzma_end(&strm);
			return -ENOMEM;
		}
		cap = (size_t)size;
		strm.next_out = buf;
		strm.avail_out = cap;
	}
	strm.next_in = in + LZMA_HEADER;
	strm.avail_in = len - LZMA_HEADER;
	for (;;) {
		lzma_ret r;

		if (!strm.avail_out) {
			size_t want = size != LZMA_SIZE_UNKNOWN && size < 64 * 1024 ? (size_t)size :
										      cap * 2;

			if (!want)
				want = 1;
			ret = lzma_grow(&buf, &cap, want, limit);
			if (ret)
				break;
			strm.next_out = buf + strm.total_out;
			strm.avail_out = cap - strm.total_out;
		}
		r = lzma_code(&strm, LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK) {
			ret = r == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
			break;
		}
		/* Out of input with room left: truncated stream. */
		if (strm.avail_out && !strm.avail_in) {
			ret = -EINVAL;
			break;
		}
	}
	if (!ret && size != LZMA_SIZE_UNKNOWN && strm.total_out != size)
		ret = -EINVAL;
	if (!ret) {
		*out = buf;
		*out_len = strm.total_out;
	} else {
		free(buf);
	}
	lzma_end(&strm);
	return ret;
}
