// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the KLV decoder over arbitrary blobs (they come from the
 * GuC and, through the relay, from VFs).
 *
 * Properties checked besides memory safety: every decoded value lies inside
 * the blob, guc_klv_count() agrees with the iterator, and re-encoding the
 * decoded KLVs reproduces the input up to the point where decoding stopped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guc/guc_klv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u32 n = size / 4, pos = 0, *in, *out;
	struct guc_klv_iter it;
	const u32 *v;
	u16 key, len;
	int count = 0, ret;

	compat_log_sink = compat_log_discard;
	in = malloc((n ? n : 1) * sizeof(u32));
	out = malloc((n ? n : 1) * sizeof(u32));
	memcpy(in, data, n * 4);

	guc_klv_iter_init(&it, in, n);
	guc_klv_for_each(&it, &key, &len, &v) {
		if (v < in || v + len > in + n)
			abort();
		guc_klv_check(key, len);
		guc_klv_key_name(key);
		ret = guc_klv_encode(out, n, pos, key, v, len);
		if (ret < 0)
			abort();
		pos = ret;
		count++;
	}
	if (memcmp(in, out, pos * 4))
		abort();
	if (it.error ? it.error != -EPROTO || pos >= n : pos != n)
		abort();
	if (guc_klv_count(in, n) != (it.error ? it.error : count))
		abort();
	free(in);
	free(out);
	return 0;
}
