// SPDX-License-Identifier: MIT
/*
 * The kernel command line of a GRUB host (Debian's, Ubuntu's, Arch's
 * grub-mkconfig): what the default entry boots with, and the one edit that
 * gives it the setup's parameters.
 *
 * grub-mkconfig sources /etc/default/grub, then /etc/default/grub.d/NAME.cfg
 * in the shell's (sorted) glob order, as shell: the last assignment of a
 * variable wins, and one may extend the value before it
 * ("$GRUB_CMDLINE_LINUX_DEFAULT ..."). 10_linux gives the default entry
 * "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}". Ubuntu's cloud
 * images set GRUB_CMDLINE_LINUX_DEFAULT again in grub.d, so an edit of
 * /etc/default/grub alone would never boot.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "setup/setup_steps.h"

#define GRUB_DEFAULT "/etc/default/grub"
#define GRUB_D "/etc/default/grub.d"
#define MAX_GRUB_FILES 16
#define LIN "GRUB_CMDLINE_LINUX="
#define DEF "GRUB_CMDLINE_LINUX_DEFAULT="

/* One assignment: the value's bounds (quotes left out) and its quote. */
struct grub_assign {
	const char *line; /* the assignment, past its indent */
	const char *v, *ve;
	char q; /* '"' also for an unquoted value (written back quoted) */
};

static bool assignment(const char *l, const char *key, struct grub_assign *a)
{
	size_t kl = strlen(key);
	const char *e;

	l += strspn(l, " \t");
	if (!strncmp(l, "export ", 7))
		l += 7 + strspn(l + 7, " \t");
	if (strncmp(l, key, kl))
		return false;
	a->line = l;
	a->v = l + kl;
	e = a->v + strcspn(a->v, "\n");
	a->q = '"';
	if (*a->v == '"' || *a->v == '\'') {
		a->q = *a->v++;
		a->ve = memchr(a->v, a->q, (size_t)(e - a->v));
		if (!a->ve)
			a->ve = e;
	} else {
		a->ve = a->v + strcspn(a->v, " \t\n#;");
	}
	return true;
}

/*
 * The value after an assignment: the literal, with the variable's own
 * "$NAME" or "${NAME}" replaced by what it held (the shell expands them
 * in double quotes and unquoted, not in single quotes).
 */
static void assign_value(char *cur, size_t size, const char *name, const struct grub_assign *a)
{
	char out[1024], ref1[48], ref2[48];
	size_t n = 0, r1, r2;

	snprintf(ref1, sizeof(ref1), "${%s}", name);
	snprintf(ref2, sizeof(ref2), "$%s", name);
	r1 = strlen(ref1);
	r2 = strlen(ref2);
	for (const char *c = a->v; c < a->ve && n + 1 < sizeof(out);) {
		size_t left = (size_t)(a->ve - c);
		bool named =
			a->q != '\'' && left >= r2 && !strncmp(c, ref2, r2) &&
			(left == r2 || !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", c[r2]));

		if (a->q != '\'' && left >= r1 && !strncmp(c, ref1, r1)) {
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s", cur);
			c += r1;
		} else if (named) {
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s", cur);
			c += r2;
		} else {
			out[n++] = *c++;
		}
	}
	out[n < sizeof(out) ? n : sizeof(out) - 1] = '\0';
	snprintf(cur, size, "%s", out);
}

struct grub_state {
	char path[MAX_GRUB_FILES][SETUP_PATH_MAX]; /* in grub-mkconfig's order */
	unsigned int n;
	char lin[1024], def[1024]; /* the values 10_linux gets */
	int target; /* the file with the last _DEFAULT assignment, -1: none */
};

/* /etc/default/grub and the grub.d/NAME.cfg files, as the glob lists them. */
static void grub_files(struct setup_plan *p, struct grub_state *g)
{
	char dir[HOST_PATH_MAX];
	struct dirent **list;
	int cnt;

	snprintf(g->path[g->n++], SETUP_PATH_MAX, "%s", GRUB_DEFAULT);
	if (host_path(p->o.root, GRUB_D, dir, sizeof(dir)))
		return;
	cnt = scandir(dir, &list, NULL, alphasort);
	for (int i = 0; i < cnt; i++) {
		size_t l = strlen(list[i]->d_name);

		if (list[i]->d_name[0] != '.' && l > 4 &&
		    !strcmp(list[i]->d_name + l - 4, ".cfg") && g->n < MAX_GRUB_FILES)
			snprintf(g->path[g->n++], SETUP_PATH_MAX, GRUB_D "/%.200s",
				 list[i]->d_name);
		free(list[i]);
	}
	if (cnt >= 0)
		free(list);
}

/* Every assignment of the two variables, file after file, line by line. */
static int grub_read(struct setup_plan *p, struct grub_state *g)
{
	g->n = 0;
	g->lin[0] = g->def[0] = '\0';
	g->target = -1;
	grub_files(p, g);
	for (unsigned int i = 0; i < g->n; i++) {
		const char *text;
		size_t len;
		int ret = setup_plan_read(p, g->path[i], &text, &len);

		if (ret)
			return ret;
		for (const char *l = text ? text : ""; *l;
		     l += strcspn(l, "\n") + !!l[strcspn(l, "\n")]) {
			struct grub_assign a;

			if (assignment(l, LIN, &a)) {
				assign_value(g->lin, sizeof(g->lin), "GRUB_CMDLINE_LINUX", &a);
			} else if (assignment(l, DEF, &a)) {
				assign_value(g->def, sizeof(g->def), "GRUB_CMDLINE_LINUX_DEFAULT",
					     &a);
				g->target = (int)i;
			}
		}
	}
	return 0;
}

/*
 * The words that go into the last _DEFAULT assignment (or a new one): each
 * a replacement in place of its key there, else added at its end. A word
 * the kernel keeps from the assignment as it is stays untouched.
 */
static char *put_words(const char *v, size_t vlen, const char *todo)
{
	char *cur = strndup(v, vlen);

	for (const char *w = todo; cur && *w;) {
		size_t len = strcspn(w, " "), slen;
		char word[256], *out;
		const char *slot;

		snprintf(word, sizeof(word), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
		if (setup_params_have(cur, word, &slot, &slen))
			continue;
		out = malloc(strlen(cur) + strlen(word) + 2);
		if (out && slot)
			sprintf(out, "%.*s%s%s", (int)(slot - cur), cur, word, slot + slen);
		else if (out)
			sprintf(out, "%s%s%s", cur, cur[0] ? " " : "", word);
		free(cur);
		cur = out;
	}
	return cur;
}

static char *edit_target(const char *text, const char *todo)
{
	const char *t = text ? text : "";
	struct grub_assign a, last = { 0 };
	char *words, *out;
	size_t outlen;

	for (const char *l = t; *l; l += strcspn(l, "\n") + !!l[strcspn(l, "\n")])
		if (assignment(l, DEF, &a))
			last = a;
	if (!last.line) {
		size_t n = strlen(t);

		out = malloc(n + strlen(todo) + sizeof(DEF) + 8);
		if (out)
			sprintf(out, "%s%s" DEF "\"%s\"\n", t, n && t[n - 1] != '\n' ? "\n" : "",
				todo);
		return out;
	}
	words = put_words(last.v, (size_t)(last.ve - last.v), todo);
	if (!words)
		return NULL;
	outlen = strlen(t) + strlen(words) + 8;
	out = malloc(outlen);
	if (out)
		snprintf(out, outlen, "%.*s" DEF "%c%s%c%s", (int)(last.line - t), t, last.q, words,
			 last.q, last.ve + (*last.ve == last.q));
	free(words);
	return out;
}

int setup_grub_edit(struct setup_plan *p, struct setup_step *s, const char *wanted)
{
	struct grub_state *g = calloc(1, sizeof(*g));
	char both[2100], todo[640] = "", *out;
	const char *path, *text;
	size_t len;
	int ret;

	if (!g)
		return -ENOMEM;
	ret = grub_read(p, g);
	if (ret)
		goto out;
	snprintf(both, sizeof(both), "%s %s", g->lin, g->def);
	for (const char *w = wanted; *w;) {
		size_t wl = strcspn(w, " "), slen, n = strlen(todo);
		char param[128], repl[256];
		const char *slot;

		snprintf(param, sizeof(param), "%.*s", (int)wl, w);
		w += wl + (w[wl] == ' ');
		if (setup_params_have(both, param, &slot, &slen))
			continue;
		/* what takes the place of the occurrence the kernel keeps now */
		ret = setup_params_replacement(slot, slen, param, repl, sizeof(repl)) ? -ENOMEM : 0;
		if (ret)
			goto out;
		snprintf(todo + n, sizeof(todo) - n, "%s%s", n ? " " : "", repl);
	}
	if (!todo[0])
		goto out;
	/* the last assignment of the _DEFAULT variable is the one booted */
	path = g->path[g->target >= 0 ? g->target : 0];
	ret = setup_plan_read(p, path, &text, &len);
	if (ret)
		goto out;
	out = edit_target(text, todo);
	ret = out ? setup_step_write(p, s, path, out, 0644) : -ENOMEM;
	free(out);
out:
	free(g);
	return ret;
}

int setup_grub_line(struct setup_plan *p, char *buf, size_t size)
{
	struct grub_state *g = calloc(1, sizeof(*g));
	int ret;

	if (!g)
		return -ENOMEM;
	ret = grub_read(p, g);
	if (!ret)
		snprintf(buf, size, "%s %s", g->lin, g->def);
	free(g);
	return ret;
}
