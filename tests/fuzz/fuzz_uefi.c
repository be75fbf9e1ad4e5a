// SPDX-License-Identifier: MIT
/*
 * libFuzzer target over the whole of lib/uefi: container identification,
 * the volume/file/section walk with every decoder and integrity check, the
 * GOP search, PE checks and producer/consumer verdict, and the option ROM
 * parser; the decoders also get the raw input.
 * Seeds: tests/fuzz/corpus/fuzz_uefi/ (tests/fixtures/uefi/mkcorpus.py).
 */
#include <stdint.h>
#include <stdlib.h>

#include "uefi/pci_optrom.h"
#include "uefi/uefi_decompress.h"
#include "uefi/uefi_gop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small limits keep each run fast; the logic is the same at any limit. */
static const struct uefi_walk_limits limits = {
	.max_output = 4u << 20,
	.max_total = 16u << 20,
	.max_depth = 16,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uefi_gop_result res;
	struct optrom_image img[4];
	uint8_t *out;
	size_t out_len;

	if (!uefi_gop_find(data, size, UEFI_GOP_DEFAULT_MATCH, &limits, &res)) {
		size_t i;

		/* Every candidate must be a copy of bytes we could read, and
		 * only an intact producer may be usable. */
		for (i = 0; i < res.n; i++) {
			const struct uefi_gop_candidate *c = &res.cand[i];

			if (!c->len || !c->data)
				abort();
			if (c->usable && (c->damage || c->verdict != UEFI_PE_OK ||
					  c->role.role != UEFI_GOP_ROLE_PRODUCER))
				abort();
		}
		for (i = 0; i < res.n_warnings; i++)
			if (res.warnings[i].kind >= UEFI_WARN_KINDS || !res.warnings[i].msg)
				abort();
	}
	uefi_gop_result_free(&res);

	uefi_pe_check_gop(data, size, NULL);
	optrom_parse(data, size, img, 4);
	if (!uefi_efi_decompress(data, size, UEFI_TIANO, 1u << 20, &out, &out_len))
		free(out);
	if (!uefi_efi_decompress(data, size, UEFI_EFI11, 1u << 20, &out, &out_len))
		free(out);
	if (!uefi_lzma_decompress(data, size, size & 1, 1u << 20, &out, &out_len))
		free(out);
	if (!uefi_brotli_decompress(data, size, 1u << 20, &out, &out_len))
		free(out);
	return 0;
}
