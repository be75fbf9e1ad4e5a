// SPDX-License-Identifier: MIT
/*
 * Marked blocks in configuration files the user also edits (/etc/sysfs.conf,
 * qemu.conf): vfctl owns the lines between its markers and nothing else, so
 * its changes are easy to see, to redo and to take out again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup_steps.h"

#define BEGIN "# vfctl setup: begin "
#define END "# vfctl setup: end "

/* Rank of a vfctl block, from the names the builders use. */
static int rank_of(const char *name, size_t len)
{
	static const struct {
		const char *name;
		int rank;
	} ranks[] = { { "vfio-autoprobe", 0 }, { "vfs", 1 }, { "vfio", 2 } };

	for (size_t i = 0; i < sizeof(ranks) / sizeof(ranks[0]); i++)
		if (strlen(ranks[i].name) == len && !strncmp(ranks[i].name, name, len))
			return ranks[i].rank;
	return 100;
}

bool setup_text_find_block(const char *text, const char *name, size_t *start, size_t *end)
{
	char begin[128], fin[128];
	const char *b, *e;

	snprintf(begin, sizeof(begin), BEGIN "%s\n", name);
	snprintf(fin, sizeof(fin), END "%s\n", name);
	for (b = text; (b = strstr(b, begin)); b++)
		if (b == text || b[-1] == '\n')
			break;
	if (!b)
		return false;
	for (e = b; (e = strstr(e, fin)); e++)
		if (e[-1] == '\n')
			break;
	if (!e)
		return false;
	*start = (size_t)(b - text);
	*end = (size_t)(e - text) + strlen(fin);
	return true;
}

bool setup_text_has_block(const char *text, const char *name, const char *body)
{
	size_t s, e, bl = strlen(BEGIN) + strlen(name) + 1;

	if (!text || !setup_text_find_block(text, name, &s, &e))
		return false;
	return e - s - bl - strlen(END) - strlen(name) - 1 == strlen(body) &&
	       !strncmp(text + s + bl, body, strlen(body));
}

char *setup_text_block(const char *text, const char *name, int rank, const char *body)
{
	size_t len = text ? strlen(text) : 0, s = 0, e = 0, at, blen;
	char *block = NULL, *out;
	bool have = text && setup_text_find_block(text, name, &s, &e);
	const char *t = text ? text : "";

	if (body) {
		blen = strlen(BEGIN) + 2 * strlen(name) + strlen(body) + strlen(END) + 3;
		block = malloc(blen);
		if (!block)
			return NULL;
		snprintf(block, blen, BEGIN "%s\n%s" END "%s\n", name, body, name);
	}
	if (have) {
		at = s;
	} else {
		/* before the first block of a higher rank, else at the end */
		const char *b;

		at = len;
		for (b = t; (b = strstr(b, BEGIN)); b++) {
			size_t nl = strcspn(b + strlen(BEGIN), "\n");

			if ((b == t || b[-1] == '\n') && rank_of(b + strlen(BEGIN), nl) > rank) {
				at = (size_t)(b - t);
				break;
			}
		}
		s = e = at;
	}
	out = malloc(len + (block ? strlen(block) : 0) + 2);
	if (!out) {
		free(block);
		return NULL;
	}
	memcpy(out, t, s);
	out[s] = '\0';
	/* a file without a final newline gets one before the block */
	if (block && s && out[s - 1] != '\n')
		strcat(out, "\n");
	if (block)
		strcat(out, block);
	strcat(out, t + e);
	free(block);
	return out;
}

char *setup_text_insert_block(const char *text, const char *name, const char *body, size_t at)
{
	const char *t = text ? text : "";
	size_t len = strlen(t), blen;
	char *out;

	if (at > len)
		at = len;
	blen = strlen(BEGIN) + 2 * strlen(name) + strlen(body) + strlen(END) + 4;
	out = malloc(len + blen + 1);
	if (!out)
		return NULL;
	memcpy(out, t, at);
	out[at] = '\0';
	if (at && out[at - 1] != '\n')
		strcat(out, "\n");
	snprintf(out + strlen(out), blen, BEGIN "%s\n%s" END "%s\n", name, body, name);
	strcat(out, t + at);
	return out;
}
