// SPDX-License-Identifier: MIT
/*
 * The setup journal parser on arbitrary bytes: a journal under
 * /var/lib/vfctl may be damaged or edited; undo must refuse it cleanly.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "setup/setup_journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct setup_journal j;

	if (!setup_journal_parse((const char *)data, size, &j)) {
		/* every record lies inside the input */
		for (size_t i = 0; i < j.n; i++) {
			const struct setup_rec *r = &j.rec[i];

			if (r->alen && (r->a < (const char *)data ||
					r->a + r->alen > (const char *)data + size))
				__builtin_trap();
			if (r->blen && r->b + r->blen > (const char *)data + size)
				__builtin_trap();
		}
		setup_journal_free(&j);
	}
	return 0;
}
