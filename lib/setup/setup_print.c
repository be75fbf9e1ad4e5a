// SPDX-License-Identifier: MIT
/*
 * The plan for people: a line per step, then every change to make as a
 * unified diff and every command with its inverse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup.h"
#include "setup/setup_diff.h"

static bool is_text(const char *t, size_t len)
{
	return !t || !memchr(t, '\0', len);
}

void setup_plan_print(const struct setup_plan *p, FILE *out)
{
	fprintf(out, "vfctl setup on %s: %s, %s, %s; PF %s, %u VFs\n",
		p->o.root && strcmp(p->o.root, "/") ? p->o.root : "this host",
		p->distro.pretty_name[0] ? p->distro.pretty_name : "unknown distribution",
		host_boot_loader_name(p->distro.boot),
		host_initramfs_tool_name(p->distro.initramfs), p->pf, p->o.vfs);
	for (unsigned int i = 0; i < p->n; i++) {
		const struct setup_step *s = &p->step[i];

		fprintf(out, "%2u. %-8s %-8s %s: %s\n", i + 1, setup_state_name(s->state), s->id,
			s->title, s->reason);
	}
	for (unsigned int i = 0; i < p->n; i++) {
		const struct setup_step *s = &p->step[i];

		if (s->state != SETUP_TODO && s->state != SETUP_BLOCKED)
			continue;
		if (!s->nfile && !s->ncmd)
			continue;
		fprintf(out, "\n== %s%s\n", s->id, s->state == SETUP_BLOCKED ? " (blocked)" : "");
		for (unsigned int k = 0; k < s->nfile; k++) {
			const struct setup_file *f = &s->file[k];
			char *d;

			if (!is_text(f->old, f->old_len) || !is_text(f->new, f->new_len)) {
				fprintf(out, "binary file %s: %zu bytes\n", f->path, f->new_len);
				continue;
			}
			d = setup_diff(f->path, f->old, f->old_len, f->new, f->new_len);
			if (d)
				fputs(d, out);
			free(d);
		}
		for (unsigned int k = 0; k < s->ncmd; k++)
			fprintf(out, "$ %s%s%s%s\n", s->cmd[k].run,
				s->cmd[k].undo[0] ? "   (undo: " : "", s->cmd[k].undo,
				s->cmd[k].undo[0] ? ")" : "");
	}
}
