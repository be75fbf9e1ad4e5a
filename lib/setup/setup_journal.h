/* SPDX-License-Identifier: MIT */
/*
 * The setup journal: what apply changed, in order, with what was there
 * before, so that undo can put it back. One append-only file of records; a
 * record is one header line ("<tag> <numbers...>\n") followed by its
 * length-prefixed payloads and a newline, so any byte may be stored:
 *
 *   vfctl-setup-journal 1                 first line, the format version
 *   step L\n<id>\n                        the changes of one step follow
 *   mkdir L\n<path>\n                     apply created this directory
 *   file E MODE UID GID LP LC\n<path><old contents>\n
 *                                         the file before it was written
 *                                         (E 0: it did not exist)
 *   cmd LR LU\n<run><undo>\n              a command is about to run
 *   ran STATUS\n                          ... and returned this status
 *   undone INDEX\n                        undo has reversed record INDEX
 *
 * Each record is appended and synced before the change it describes is
 * made, so the journal always covers the tree: a torn last record (a crash
 * while it was written) describes a change that was never made.
 */
#ifndef SETUP_JOURNAL_H
#define SETUP_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SETUP_JOURNAL_MAGIC "vfctl-setup-journal 1\n"
#define SETUP_JOURNAL_MAX_RECORDS 4096

enum setup_rec_kind {
	SETUP_REC_STEP,
	SETUP_REC_MKDIR,
	SETUP_REC_FILE,
	SETUP_REC_CMD,
	SETUP_REC_RAN,
	SETUP_REC_UNDONE,
};

/* Pointers into the parsed buffer; not NUL-terminated (see the lengths). */
struct setup_rec {
	enum setup_rec_kind kind;
	const char *a; /* step id, path, or the command */
	size_t alen;
	const char *b; /* old contents, or the undo command */
	size_t blen;
	bool exists; /* file: it existed before */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	long status; /* ran: exit status; undone: record index */
};

struct setup_journal {
	struct setup_rec *rec;
	size_t n;
	bool torn; /* a partial last record was left aside */
};

/**
 * setup_journal_parse - split a journal into records (untrusted input)
 * @buf: the file's contents
 * @len: their length
 * @j: result; release with setup_journal_free(); records point into @buf
 *
 * Return: 0, -EBADMSG for a wrong magic line or a damaged record before
 * the last one, -E2BIG for too many records, -ENOMEM.
 */
int setup_journal_parse(const char *buf, size_t len, struct setup_journal *j);

/**
 * setup_journal_free - release parsed records
 * @j: journal; may be zeroed
 */
void setup_journal_free(struct setup_journal *j);

/**
 * setup_journal_record - one record in the journal format
 * @kind: its kind
 * @r: its fields (the payloads as lengths and pointers)
 * @len: on success the record's length
 *
 * Return: the malloc'ed record, or NULL when out of memory.
 */
char *setup_journal_record(enum setup_rec_kind kind, const struct setup_rec *r, size_t *len);

#endif
