// SPDX-License-Identifier: MIT
/*
 * An EFI 1.1 / Tiano encoder written from the format description, for the
 * tests (no Debian package ships one, and the Debian OVMF builds use LZMA
 * only). It is deliberately simple: greedy LZ77 with hash chains, Huffman
 * code lengths limited to 16 bits, canonical codes, the three per-block
 * tables coded as the decoder reads them. test_uefi_codec.c tests the
 * decoder against it; the option ROM tests compress real drivers with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_efi_compress.h"
#include "uefi/uefi_le.h"

#define NC 510
#define NT 19
#define MAXLEN 16

/* ---- bit writer, MSB first ---- */
struct bw {
	struct tbuf b;
	uint32_t acc;
	int n;
};

static void put_bits(struct bw *w, uint32_t v, int bits)
{
	while (bits--) {
		w->acc = w->acc << 1 | ((v >> bits) & 1);
		if (++w->n == 8) {
			uint8_t c = (uint8_t)w->acc;

			t_append(&w->b, &c, 1);
			w->acc = 0;
			w->n = 0;
		}
	}
}

static void flush_bits(struct bw *w)
{
	while (w->n)
		put_bits(w, 0, 1);
}

/* ---- Huffman code lengths (limited to 16) and canonical codes ---- */
static void huff_lengths(const uint32_t *freq, int n, uint8_t *len)
{
	uint32_t f[NC];
	int parent[2 * NC], i, used;

	memcpy(f, freq, ((size_t)n & 0xFFFF) * sizeof(*f));
	for (;;) {
		uint64_t w[2 * NC];
		int alive[2 * NC], nodes = n, max = 0;

		used = 0;
		for (i = 0; i < n; i++) {
			w[i] = f[i];
			alive[i] = f[i] > 0;
			used += alive[i];
			parent[i] = -1;
		}
		memset(len, 0, (size_t)n & 0xFFFF);
		if (used < 2)
			return;
		/* O(n^2) is fine for these alphabet sizes. */
		for (;;) {
			int a = -1, b = -1;

			for (i = 0; i < nodes; i++) {
				if (!alive[i])
					continue;
				if (a < 0 || w[i] < w[a]) {
					b = a;
					a = i;
				} else if (b < 0 || w[i] < w[b]) {
					b = i;
				}
			}
			if (b < 0)
				break;
			alive[a] = alive[b] = 0;
			w[nodes] = w[a] + w[b];
			alive[nodes] = 1;
			parent[nodes] = -1;
			parent[a] = parent[b] = nodes;
			nodes++;
		}
		for (i = 0; i < n; i++) {
			int d = 0, p;

			if (!f[i])
				continue;
			for (p = parent[i]; p >= 0; p = parent[p])
				d++;
			len[i] = (uint8_t)d;
			if (d > max)
				max = d;
		}
		if (max <= MAXLEN)
			return;
		for (i = 0; i < n; i++) /* flatten and retry */
			if (f[i])
				f[i] = f[i] / 2 + 1;
	}
}

static void canon_codes(const uint8_t *len, int n, uint16_t *code)
{
	uint32_t next[MAXLEN + 2] = { 0 }, count[MAXLEN + 1] = { 0 };
	int i, l;

	for (i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	for (l = 1; l <= MAXLEN; l++)
		next[l + 1] = (next[l] + count[l]) << 1;
	for (i = 0; i < n; i++)
		if (len[i])
			code[i] = (uint16_t)next[len[i]]++;
}

static int count_used(const uint8_t *len, int n, int *only)
{
	int i, used = 0;

	for (i = 0; i < n; i++)
		if (len[i]) {
			used++;
			*only = i;
		}
	return used;
}

static int single_symbol(const uint32_t *freq, int n)
{
	int i, s = 0;

	for (i = 0; i < n; i++)
		if (freq[i])
			s = i;
	return s;
}

/* Extra set or position set lengths; @special = 3 for the extra set. */
static void write_pt(struct bw *w, const uint8_t *len, const uint32_t *freq, int nn, int nbit,
		     int special)
{
	int n = nn, i, only = 0;

	if (count_used(len, nn, &only) == 0) {
		put_bits(w, 0, nbit);
		put_bits(w, (uint32_t)single_symbol(freq, nn), nbit);
		return;
	}
	while (n > 0 && !len[n - 1])
		n--;
	put_bits(w, (uint32_t)n, nbit);
	for (i = 0; i < n;) {
		int l = len[i++];

		if (l < 7) {
			put_bits(w, (uint32_t)l, 3);
		} else {
			put_bits(w, 7, 3);
			while (l-- > 7)
				put_bits(w, 1, 1);
			put_bits(w, 0, 1);
		}
		if (i == special) {
			int k = 0;

			while (k < 3 && i + k < n && !len[i + k])
				k++;
			put_bits(w, (uint32_t)k, 2);
			i += k;
		}
	}
}

struct sym {
	uint16_t c; /* literal or 253 + length */
	uint32_t d; /* distance - 1 */
};

static int pos_slot(uint32_t d)
{
	int p = 0;

	while (d) {
		p++;
		d >>= 1;
	}
	return p;
}

/* T symbols that code the character/length lengths. */
static int c_len_syms(const uint8_t *clen, int n, uint16_t *ts, uint16_t *extra)
{
	int i = 0, k = 0;

	while (i < n) {
		if (clen[i]) {
			extra[k] = 0;
			ts[k++] = (uint16_t)(clen[i++] + 2);
			continue;
		}
		int run = 0;

		while (i + run < n && !clen[i + run])
			run++;
		i += run;
		while (run > 0) {
			if (run == 19) {
				ts[k] = 0;
				extra[k++] = 0;
				run = 18;
			} else if (run <= 2) {
				ts[k] = 0;
				extra[k++] = 0;
				run--;
			} else if (run <= 18) {
				ts[k] = 1;
				extra[k++] = (uint16_t)(run - 3);
				run = 0;
			} else {
				int r = run > 531 ? 531 : run;

				ts[k] = 2;
				extra[k++] = (uint16_t)(r - 20);
				run -= r;
			}
		}
	}
	return k;
}

static void write_block(struct bw *w, const struct sym *s, int n, int pbit)
{
	uint32_t cf[NC] = { 0 }, pf[32] = { 0 }, tf[NT] = { 0 };
	uint8_t cl[NC], pl[32], tl[NT];
	uint16_t cc[NC], pc[32], tc[NT], ts[NC], te[NC];
	int i, np = (1 << pbit) - 1, cn, nts, only;

	for (i = 0; i < n; i++) {
		cf[s[i].c]++;
		if (s[i].c >= 256)
			pf[pos_slot(s[i].d)]++;
	}
	huff_lengths(cf, NC, cl);
	huff_lengths(pf, np, pl);
	canon_codes(cl, NC, cc);
	canon_codes(pl, np, pc);

	put_bits(w, (uint32_t)n, 16);
	cn = NC;
	while (cn > 0 && !cl[cn - 1])
		cn--;
	if (count_used(cl, NC, &only) == 0) {
		/* Single character symbol: an empty extra set, then n = 0. */
		put_bits(w, 0, 5);
		put_bits(w, 0, 5);
		put_bits(w, 0, 9);
		put_bits(w, (uint32_t)single_symbol(cf, NC), 9);
	} else {
		nts = c_len_syms(cl, cn, ts, te);
		for (i = 0; i < nts; i++)
			tf[ts[i]]++;
		huff_lengths(tf, NT, tl);
		canon_codes(tl, NT, tc);
		write_pt(w, tl, tf, NT, 5, 3);
		put_bits(w, (uint32_t)cn, 9);
		for (i = 0; i < nts; i++) {
			put_bits(w, tc[ts[i]], tl[ts[i]]);
			if (ts[i] == 1)
				put_bits(w, te[i], 4);
			else if (ts[i] == 2)
				put_bits(w, te[i], 9);
		}
	}
	write_pt(w, pl, pf, np, pbit, -1);

	for (i = 0; i < n; i++) {
		put_bits(w, cc[s[i].c], cl[s[i].c]);
		if (s[i].c >= 256) {
			int p = pos_slot(s[i].d);

			put_bits(w, pc[p], pl[p]);
			if (p > 1)
				put_bits(w, s[i].d - (1u << (p - 1)), p - 1);
		}
	}
}

/* See test_efi_compress.h. */
struct tbuf t_efi_compress(const uint8_t *in, size_t len, int pbit, int block)
{
	size_t window = pbit == 4 ? (1u << 13) : (1u << 19), i = 0;
	int *head = malloc(sizeof(int) * 65536), *prev = malloc(sizeof(int) * len);
	struct sym *s = malloc(sizeof(*s) * (len + 1));
	struct bw w = { 0 };
	struct tbuf out = { 0 };
	uint8_t h[8];
	size_t ns = 0, k;

	assert_true(head && prev && s);
	for (k = 0; k < 65536; k++)
		head[k] = -1;
	while (i < len) {
		size_t best = 0, bd = 0;

		if (i + 3 <= len) {
			unsigned int hh = (in[i] << 8 ^ in[i + 1] << 4 ^ in[i + 2]) & 0xFFFF;
			int c = head[hh], tries = 64;

			while (c >= 0 && tries-- && i - (size_t)c <= window) {
				size_t l = 0;

				while (l < 256 && i + l < len && in[c + l] == in[i + l])
					l++;
				if (l > best) {
					best = l;
					bd = i - (size_t)c - 1;
				}
				c = prev[c];
			}
		}
		if (best >= 3) {
			s[ns++] = (struct sym){ (uint16_t)(best + 253), (uint32_t)bd };
		} else {
			best = 1;
			s[ns++] = (struct sym){ in[i], 0 };
		}
		for (k = 0; k < best; k++, i++) {
			if (i + 3 <= len) {
				unsigned int hh = (in[i] << 8 ^ in[i + 1] << 4 ^ in[i + 2]) &
						  0xFFFF;

				prev[i] = head[hh];
				head[hh] = (int)i;
			}
		}
	}
	for (k = 0; k < ns; k += (size_t)block)
		write_block(&w, s + k, (int)(ns - k < (size_t)block ? ns - k : (size_t)block),
			    pbit);
	flush_bits(&w);
	uefi_put32(h, (uint32_t)w.b.len);
	uefi_put32(h + 4, (uint32_t)len);
	t_append(&out, h, 8);
	t_append(&out, w.b.p, w.b.len);
	t_free(&w.b);
	free(head);
	free(prev);
	free(s);
	return out;
}
