// SPDX-License-Identifier: MIT
/*
 * EDK2 LZMA and LZMAF86 sections through liblzma.
 *
 * The 13-byte EDK2 header is the ".lzma" (LZMA_Alone) header, so the stream
 * is raw LZMA1. We use a raw decoder chain rather than lzma_alone_decoder so
 * that the x86 BCJ filter can be put in front of LZMA1 in the same chain
 * (BCJ with start offset 0 reverses the LZMA SDK's x86_Convert(ip = 0)), and
 * so that we choose the dictionary allocation ourselves.
 *
 * Two ways to decode: all at once (uefi_lzma_decompress), or as a stream
 * whose output is filled front to back on demand (uefi_lzma_open/fill).
 */
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>

#include "uefi/uefi_decompress.h"
#include "uefi/uefi_le.h"

#define LZMA_HEADER 13
#define LZMA_SIZE_UNKNOWN UINT64_MAX
#define LZMA_DICT_MIN 4096u
/* Decode at least this much more per fill: fewer liblzma calls for a walk
 * that asks for a few bytes at a time. */
#define LZMA_FILL_STEP (64u * 1024)

/* Reads the header, starts the decoder on the stream after it. */
static int lzma_setup(const uint8_t *in, size_t len, bool x86, size_t limit, lzma_stream *strm,
		      uint64_t *size)
{
	lzma_options_lzma opt = { 0 };
	lzma_filter chain[3];
	unsigned int props;
	int f = 0;

	if (len < LZMA_HEADER)
		return -EINVAL;
	props = in[0];
	if (props >= 9 * 5 * 5)
		return -EINVAL;
	opt.lc = props % 9;
	opt.lp = (props / 9) % 5;
	opt.pb = props / 45;
	opt.dict_size = uefi_le32(in + 1);
	*size = uefi_le64(in + 5);
	if (*size != LZMA_SIZE_UNKNOWN && *size > limit)
		return -EFBIG;

	/*
	 * Matches never reach before the start of the output, so a dictionary
	 * larger than the output is wasted memory; cap it there.
	 */
	if (*size != LZMA_SIZE_UNKNOWN && opt.dict_size > *size)
		opt.dict_size = (uint32_t)*size;
	if (opt.dict_size > limit)
		opt.dict_size = (uint32_t)(limit > UINT32_MAX ? UINT32_MAX : limit);
	if (opt.dict_size < LZMA_DICT_MIN)
		opt.dict_size = LZMA_DICT_MIN;
	opt.ext_flags = LZMA_LZMA1EXT_ALLOW_EOPM;
	opt.ext_size_low = (uint32_t)*size;
	opt.ext_size_high = (uint32_t)(*size >> 32);

	if (x86)
		chain[f++] = (lzma_filter){ .id = LZMA_FILTER_X86 };
	chain[f++] = (lzma_filter){ .id = LZMA_FILTER_LZMA1EXT, .options = &opt };
	chain[f] = (lzma_filter){ .id = LZMA_VLI_UNKNOWN };
	if (lzma_raw_decoder(strm, chain) != LZMA_OK)
		return -EINVAL;
	strm->next_in = in + LZMA_HEADER;
	strm->avail_in = len - LZMA_HEADER;
	return 0;
}

int uefi_lzma_open(struct uefi_lzma_stream *z, const uint8_t *in, size_t len, bool x86,
		   size_t limit)
{
	lzma_stream init = LZMA_STREAM_INIT, *strm;
	uint64_t size;
	int ret;

	*z = (struct uefi_lzma_stream){ 0 };
	strm = malloc(sizeof(*strm));
	if (!strm)
		return -ENOMEM;
	*strm = init;
	ret = lzma_setup(in, len, x86, limit, strm, &size);
	if (!ret && size == LZMA_SIZE_UNKNOWN)
		ret = -ENOTSUP;
	/* One byte of slack past the stated size lets liblzma report the end
	 * of the stream in the call that writes the last byte. Pages are
	 * touched only as liblzma writes them. */
	if (!ret) {
		z->buf = malloc((size_t)size + 1);
		if (!z->buf)
			ret = -ENOMEM;
	}
	if (ret) {
		lzma_end(strm);
		free(strm);
		return ret;
	}
	z->size = (size_t)size;
	z->priv = strm;
	return 0;
}

int uefi_lzma_fill(struct uefi_lzma_stream *z, size_t want)
{
	lzma_stream *strm = z->priv;
	size_t target;
	int ret = -EINVAL;

	if (want >= z->size) {
		want = z->size;
		if (z->ended)
			return 0;
	} else if (z->filled >= want) {
		return 0;
	}
	if (z->failed)
		return -EINVAL;
	target = z->filled + LZMA_FILL_STEP;
	if (target < want)
		target = want;
	if (target > z->size)
		target = z->size;
	for (;;) {
		lzma_ret r;

		strm->next_out = z->buf + z->filled;
		strm->avail_out = target - z->filled + (target == z->size);
		r = lzma_code(strm, LZMA_FINISH);
		z->filled = (size_t)strm->total_out;
		if (z->filled > z->size)
			break; /* more than the header states */
		if (r == LZMA_STREAM_END) {
			if (z->filled != z->size)
				break; /* an end marker before the stated size */
			z->ended = true;
			return 0;
		}
		if (r != LZMA_OK) {
			if (r == LZMA_MEM_ERROR)
				ret = -ENOMEM;
			break;
		}
		if (z->filled >= target && target < z->size)
			return 0;
		/* Out of input with room left: truncated stream. */
		if (strm->avail_out && !strm->avail_in)
			break;
	}
	z->failed = true;
	if (z->filled > z->size)
		z->filled = z->size;
	return ret;
}

void uefi_lzma_close(struct uefi_lzma_stream *z)
{
	if (z->priv) {
		lzma_end(z->priv);
		free(z->priv);
	}
	free(z->buf);
	*z = (struct uefi_lzma_stream){ 0 };
}

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

/* No size in the header: the stream ends with an end marker; the output
 * grows until then. */
static int lzma_unsized(lzma_stream *strm, size_t limit, uint8_t **out, size_t *out_len)
{
	uint8_t *buf = NULL;
	size_t cap = 0;
	int ret = 0;

	for (;;) {
		lzma_ret r;

		if (!strm->avail_out) {
			ret = lzma_grow(&buf, &cap, cap * 2, limit);
			if (ret)
				break;
			strm->next_out = buf + strm->total_out;
			strm->avail_out = cap - strm->total_out;
		}
		r = lzma_code(strm, LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK) {
			ret = r == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
			break;
		}
		if (strm->avail_out && !strm->avail_in) {
			ret = -EINVAL;
			break;
		}
	}
	if (!ret) {
		*out = buf;
		*out_len = strm->total_out;
	} else {
		free(buf);
	}
	return ret;
}

int uefi_lzma_decompress(const uint8_t *in, size_t len, bool x86, size_t limit, uint8_t **out,
			 size_t *out_len)
{
	struct uefi_lzma_stream z;
	lzma_stream strm = LZMA_STREAM_INIT;
	uint64_t size;
	int ret;

	ret = uefi_lzma_open(&z, in, len, x86, limit);
	if (!ret) {
		ret = uefi_lzma_fill(&z, z.size);
		if (!ret) {
			*out = z.buf;
			*out_len = z.size;
			z.buf = NULL;
		}
		uefi_lzma_close(&z);
		return ret;
	}
	if (ret != -ENOTSUP)
		return ret;
	ret = lzma_setup(in, len, x86, limit, &strm, &size);
	if (!ret)
		ret = lzma_unsized(&strm, limit, out, out_len);
	lzma_end(&strm);
	return ret;
}
