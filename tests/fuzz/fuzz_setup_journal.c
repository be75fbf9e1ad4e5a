// SPDX-License-Identifier: MIT
/*
 * The setup journal parser on arbitrary bytes: a journal under
 * /var/lib/vfctl may be damaged or edited, and undo must refuse it cleanly.
 * What parses is written again record by record and must parse back to the
 * same records (the writer and the parser agree on every field).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup_journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const struct setup_rec *a, const struct setup_rec *b)
{
	return a->kind == b->kind && a->alen == b->alen && a->blen == b->blen &&
	       (!a->alen || !memcmp(a->a, b->a, a->alen)) &&
	       (!a->blen || !memcmp(a->b, b->b, a->blen)) && a->exists == b->exists &&
	       a->mode == b->mode && a->uid == b->uid && a->gid == b->gid && a->status == b->status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct setup_journal j, k;
	size_t len = strlen(SETUP_JOURNAL_MAGIC);
	char *buf;

	if (setup_journal_parse((const char *)data, size, &j))
		return 0;
	buf = malloc(len + 1);
	if (!buf)
		abort();
	memcpy(buf, SETUP_JOURNAL_MAGIC, len);
	for (size_t i = 0; i < j.n; i++) {
		const struct setup_rec *r = &j.rec[i];
		size_t rl;
		char *rec;

		if ((r->alen &&
		     (r->a < (const char *)data || r->a + r->alen > (const char *)data + size)) ||
		    (r->blen && r->b + r->blen > (const char *)data + size))
			__builtin_trap();
		rec = setup_journal_record(r->kind, r, &rl);
		if (!rec)
			abort();
		buf = realloc(buf, len + rl);
		if (!buf)
			abort();
		memcpy(buf + len, rec, rl);
		len += rl;
		free(rec);
	}
	if (setup_journal_parse(buf, len, &k) || k.n != j.n || k.torn)
		__builtin_trap();
	for (size_t i = 0; i < j.n; i++)
		if (!same(&j.rec[i], &k.rec[i]))
			__builtin_trap();
	setup_journal_free(&k);
	setup_journal_free(&j);
	free(buf);
	return 0;
}
