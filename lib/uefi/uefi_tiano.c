// SPDX-License-Identifier: MIT
/*
 * EFI 1.1 and Tiano decompression (EFI_STANDARD_COMPRESSION).
 *
 * Written from the algorithm as the UEFI specification describes it
 * ("Compression Algorithm Specification"): LZ77 with a 2^13 (EFI 1.1) or
 * 2^19 (Tiano) window, coded in blocks. Each block carries three canonical
 * Huffman code-length tables: the "extra" set used to code the
 * character/length lengths, the character/length set (256 literals plus
 * match lengths 3..256) and the position set. Bits are read MSB first.
 * The variants differ only in how many bits give the position-set size.
 *
 * Unlike the firmware decoder, every table index, tree walk and match
 * distance is checked, and reading past the compressed size is an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/uefi_decompress.h"
#include "uefi/uefi_le.h"

#define THRESHOLD 3
#define NC (0xff + 256 + 2 - THRESHOLD) /* literals + lengths 3..256 */
#define CBIT 9
#define NT 19 /* 16 lengths + 3 run codes */
#define TBIT 5
#define NP_MAX 31 /* (1 << 5) - 1 */
#define NPT NP_MAX
#define CTABLE_BITS 12
#define PTTABLE_BITS 8
#define MAX_CODE_LEN 16

struct efi_dec {
	const uint8_t *src;
	uint64_t bits; /* total bits in the stream */
	uint64_t pos; /* bits consumed */
	uint8_t pbit;
	uint16_t left[2 * NC];
	uint16_t right[2 * NC];
	uint8_t c_len[NC];
	uint8_t pt_len[NPT];
	uint16_t c_table[1 << CTABLE_BITS];
	uint16_t pt_table[1 << PTTABLE_BITS];
};

/* The next 32 bits of the stream, MSB first; zeros past the end. */
static uint32_t peek32(const struct efi_dec *d)
{
	uint64_t byte = d->pos / 8, v = 0;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		v <<= 8;
		if ((byte + i) * 8 < d->bits)
			v |= d->src[byte + i];
	}
	return (uint32_t)(v >> (8 - d->pos % 8));
}

static uint32_t get_bits(struct efi_dec *d, unsigned int n)
{
	uint32_t v = n ? peek32(d) >> (32 - n) : 0;

	d->pos += n;
	return v;
}

static bool overrun(const struct efi_dec *d)
{
	return d->pos > d->bits;
}

/*
 * Build a lookup table for a canonical code: codes up to @tbits bits are
 * looked up directly; longer ones continue in a binary tree whose nodes are
 * numbered from @n upwards in d->left/d->right.
 */
static int make_table(struct efi_dec *d, unsigned int n, const uint8_t *len, unsigned int tbits,
		      uint16_t *table)
{
	uint32_t count[MAX_CODE_LEN + 1] = { 0 };
	uint32_t start[MAX_CODE_LEN + 2], weight[MAX_CODE_LEN + 1];
	unsigned int i, ch, avail = n, shift = MAX_CODE_LEN - tbits;
	uint32_t tsize = 1u << tbits;

	for (i = 0; i < n; i++) {
		if (len[i] > MAX_CODE_LEN)
			return -EINVAL;
		count[len[i]]++;
	}
	start[1] = 0;
	for (i = 1; i <= MAX_CODE_LEN; i++)
		start[i + 1] = start[i] + (count[i] << (MAX_CODE_LEN - i));
	/* A usable code fills the 16-bit code space exactly. */
	if (start[MAX_CODE_LEN + 1] != 1u << MAX_CODE_LEN)
		return -EINVAL;

	for (i = 1; i <= MAX_CODE_LEN; i++)
		weight[i] = 1u << (MAX_CODE_LEN - i);
	for (i = 0; i < tsize; i++)
		table[i] = 0xFFFF;

	for (ch = 0; ch < n; ch++) {
		unsigned int l = len[ch];
		uint32_t code, next;

		if (!l)
			continue;
		code = start[l];
		next = code + weight[l];
		if (l <= tbits) {
			for (i = code >> shift; i < next >> shift; i++)
				table[i] = (uint16_t)ch;
		} else {
			uint16_t *p = &table[code >> shift];
			unsigned int k;

			/* Walk the bits below the table index, making nodes. */
			for (k = tbits; k < l; k++) {
				if (*p == 0xFFFF) {
					if (avail >= 2 * NC)
						return -EINVAL;
					d->left[avail] = 0xFFFF;
					d->right[avail] = 0xFFFF;
					*p = (uint16_t)avail++;
				} else if (*p < n) {
					return -EINVAL;
				}
				if (code & (1u << (MAX_CODE_LEN - 1 - k)))
					p = &d->right[*p];
				else
					p = &d->left[*p];
			}
			if (*p != 0xFFFF)
				return -EINVAL;
			*p = (uint16_t)ch;
		}
		start[l] = next;
	}
	return 0;
}

/* Decode one symbol of a table built by make_table() for @n symbols. */
static int decode_sym(struct efi_dec *d, const uint16_t *table, unsigned int tbits,
		      const uint8_t *len, unsigned int n)
{
	uint32_t buf = peek32(d);
	unsigned int sym = table[buf >> (32 - tbits)], k = tbits;

	while (sym >= n) {
		if (sym == 0xFFFF || k >= MAX_CODE_LEN)
			return -EINVAL;
		sym = buf & (1u << (31 - k)) ? d->right[sym] : d->left[sym];
		k++;
	}
	d->pos += len[sym];
	return (int)sym;
}

/* Code lengths of the extra set (@special = 3) or of the position set. */
static int read_pt_len(struct efi_dec *d, unsigned int nn, unsigned int nbit, int special)
{
	unsigned int n = get_bits(d, nbit), i = 0, k;

	if (n > nn)
		return -EINVAL;
	if (!n) {
		uint32_t c = get_bits(d, nbit);

		/* A single symbol, coded with zero bits. */
		if (c >= nn)
			return -EINVAL;
		memset(d->pt_len, 0, sizeof(d->pt_len));
		for (k = 0; k < 1u << PTTABLE_BITS; k++)
			d->pt_table[k] = (uint16_t)c;
		return 0;
	}
	while (i < n) {
		uint32_t buf = peek32(d), c = buf >> 29;

		/* 0..6 in three bits; 7+ as 111 then a run of ones, then 0. */
		if (c == 7) {
			uint32_t mask = 1u << 28;

			while (mask & buf) {
				mask >>= 1;
				c++;
			}
			if (c > MAX_CODE_LEN)
				return -EINVAL;
		}
		d->pos += c < 7 ? 3 : c - 3;
		d->pt_len[i++] = (uint8_t)c;
		if ((int)i == special) {
			k = get_bits(d, 2);
			while (k-- && i < nn)
				d->pt_len[i++] = 0;
		}
	}
	while (i < nn)
		d->pt_len[i++] = 0;
	return make_table(d, nn, d->pt_len, PTTABLE_BITS, d->pt_table);
}

static int read_c_len(struct efi_dec *d)
{
	unsigned int n = get_bits(d, CBIT), i = 0, k;

	if (n > NC)
		return -EINVAL;
	if (!n) {
		uint32_t c = get_bits(d, CBIT);

		if (c >= NC)
			return -EINVAL;
		memset(d->c_len, 0, sizeof(d->c_len));
		for (k = 0; k < 1u << CTABLE_BITS; k++)
			d->c_table[k] = (uint16_t)c;
		return 0;
	}
	while (i < n) {
		int c = decode_sym(d, d->pt_table, PTTABLE_BITS, d->pt_len, NT);

		if (c < 0)
			return c;
		if (c <= 2) {
			/* Runs of zero lengths: 1, 3..18 or 20..531. */
			unsigned int run = c == 0 ? 1 :
					   c == 1 ? get_bits(d, 4) + 3 :
						    get_bits(d, CBIT) + 20;

			while (run-- && i < NC)
				d->c_len[i++] = 0;
		} else {
			d->c_len[i++] = (uint8_t)(c - 2);
		}
	}
	while (i < NC)
		d->c_len[i++] = 0;
	return make_table(d, NC, d->c_len, CTABLE_BITS, d->c_table);
}

static int read_block_tables(struct efi_dec *d)
{
	int ret = read_pt_len(d, NT, TBIT, 3);

	if (!ret)
		ret = read_c_len(d);
	if (!ret)
		ret = read_pt_len(d, NP_MAX, d->pbit, -1);
	if (!ret && overrun(d))
		ret = -EINVAL;
	return ret;
}

static int efi_decode(struct efi_dec *d, uint8_t *out, size_t size)
{
	size_t o = 0;
	uint32_t block = 0;

	while (o < size) {
		int c;

		if (!block) {
			int ret;

			block = get_bits(d, 16);
			ret = read_block_tables(d);
			if (ret)
				return ret;
			if (!block)
				return -EINVAL;
		}
		block--;
		c = decode_sym(d, d->c_table, CTABLE_BITS, d->c_len, NC);
		if (c < 0 || overrun(d))
			return -EINVAL;
		if (c < 256) {
			out[o++] = (uint8_t)c;
		} else {
			size_t n = (size_t)c - (256 - THRESHOLD), dist;
			int p = decode_sym(d, d->pt_table, PTTABLE_BITS, d->pt_len, NP_MAX);

			if (p < 0)
				return -EINVAL;
			/* Position slot p > 1 carries p - 1 extra bits. */
			dist = p > 1 ? (1u << (p - 1)) + get_bits(d, p - 1) : (size_t)p;
			if (overrun(d) || dist + 1 > o)
				return -EINVAL;
			while (n-- && o < size) {
				out[o] = out[o - dist - 1];
				o++;
			}
		}
	}
	return 0;
}

int uefi_efi_decompress(const uint8_t *in, size_t len, enum uefi_efi_variant variant, size_t limit,
			uint8_t **out, size_t *out_len)
{
	struct efi_dec *d;
	uint32_t comp, orig;
	uint8_t *buf;
	int ret;

	if (len < 8)
		return -EINVAL;
	comp = uefi_le32(in);
	orig = uefi_le32(in + 4);
	if ((uint64_t)comp + 8 > len)
		return -EINVAL;
	if (orig > limit)
		return -EFBIG;
	d = calloc(1, sizeof(*d));
	buf = malloc(orig ? orig : 1);
	if (!d || !buf) {
		free(d);
		free(buf);
		return -ENOMEM;
	}
	d->src = in + 8;
	d->bits = (uint64_t)comp * 8;
	d->pbit = (uint8_t)variant;
	ret = efi_decode(d, buf, orig);
	free(d);
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	*out_len = orig;
	return 0;
}
