// SPDX-License-Identifier: MIT
/*
 * Boot Loader Specification type #1 entries (the .conf files of $BOOT/loader/entries),
 * as systemd-boot and Fedora's GRUB (blscfg) read them: one "key value" per
 * line, the key separated from its value by spaces or tabs; "options" may
 * come several times and the kernel gets all of them, joined by spaces.
 *
 * On systemd-boot without /etc/kernel/cmdline the entries are the command
 * line and vfctl edits them. On Fedora grubby owns them: vfctl only reads
 * them, to know what `grubby --update-kernel=ALL --args=...` would change,
 * and so which command takes exactly that back. grubby's rules, as its BLS
 * script applies them to every entry: --args first drops the words with
 * the same key (any value), then appends each argument; --remove-args drops
 * the words equal to a "key=value" argument, or with that key for a bare one.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "host/host_fs.h"
#include "setup/setup_steps.h"

#define GRUBENV "/boot/grub2/grubenv"

static const char *const entry_dirs[] = { "/boot/loader/entries", "/boot/efi/loader/entries",
					  "/efi/loader/entries" };

/* @fn on every entry, in the order of the file names (as the loaders sort). */
static int each_entry(struct setup_plan *p, int (*fn)(struct setup_plan *, const char *, void *),
		      void *priv)
{
	char dir[HOST_PATH_MAX], path[SETUP_PATH_MAX];
	struct dirent **list;
	int ret = 0;

	for (size_t d = 0; d < sizeof(entry_dirs) / sizeof(entry_dirs[0]); d++) {
		int n;

		host_path(p->o.root, entry_dirs[d], dir, sizeof(dir));
		n = scandir(dir, &list, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			size_t l = strlen(list[i]->d_name);

			if (!ret && l > 5 && !strcmp(list[i]->d_name + l - 5, ".conf")) {
				snprintf(path, sizeof(path), "%s/%s", entry_dirs[d],
					 list[i]->d_name);
				ret = fn(p, path, priv);
			}
			free(list[i]);
		}
		if (n >= 0)
			free(list);
	}
	return ret;
}

/* The value of an "options" line starting at @l, or NULL for another key. */
static const char *options_value(const char *l)
{
	if (strncmp(l, "options", 7) || (l[7] != ' ' && l[7] != '\t'))
		return NULL;
	for (l += 7; *l == ' ' || *l == '\t';)
		l++;
	return l;
}

#define EACH_LINE(l, t) \
	for (const char *l = (t); *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n'))

/* All options of an entry joined by spaces; malloc'ed ("" when none). */
static char *entry_options(const char *text)
{
	size_t n = 0;
	char *out = malloc(strlen(text) + 2);

	if (!out)
		return NULL;
	out[0] = '\0';
	EACH_LINE(l, text)
	{
		const char *v = options_value(l);
		size_t len;

		if (!v)
			continue;
		len = strcspn(v, "\n");
		n += (size_t)sprintf(out + n, "%s%.*s", n ? " " : "", (int)len, v);
	}
	return out;
}

/*
 * The entry with every wanted parameter: one the kernel keeps stays; a
 * key it would read another value of is replaced on the last line that
 * has it (the lines are joined in order); the others go at the end of the
 * first options line. An entry without options gets none
 * (kernel-install and grubby always write the line).
 */
static char *edit_entry(const char *text, const char *wanted)
{
	char *cur = strdup(text);

	for (const char *w = wanted; cur && *w;) {
		size_t len = strcspn(w, " "), at = 0, end = 0;
		char param[128], *opts = entry_options(cur), *words, *out;
		const char *slot = NULL;
		size_t slen;

		snprintf(param, sizeof(param), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
		if (!opts || setup_params_have(opts, param, &slot, &slen)) {
			free(opts);
			if (!opts) {
				free(cur);
				cur = NULL;
			}
			continue;
		}
		free(opts);
		/* the line that has the key, else the first options line */
		EACH_LINE(l, cur)
		{
			const char *v = options_value(l), *s2;
			size_t vl, sl2;

			if (!v)
				continue;
			vl = strcspn(v, "\n");
			words = strndup(v, vl);
			if (!words)
				break;
			setup_params_have(words, param, &s2, &sl2);
			free(words);
			/* the last line with the key: its occurrence is the one
			 * the kernel keeps (the lines are joined in order) */
			if (s2 || !end) {
				at = (size_t)(v - cur);
				end = at + vl;
			}
		}
		if (!end)
			break; /* no options line */
		words = setup_params_merge(cur + at, end - at, param);
		out = words ? malloc(strlen(cur) + strlen(words) + 1) : NULL;
		if (out)
			sprintf(out, "%.*s%s%s", (int)at, cur, words, cur + end);
		free(words);
		free(cur);
		cur = out;
	}
	return cur;
}

struct against_ctx {
	char *buf;
	size_t size;
	const char *kernelopts;
};

static char *expand_kernelopts(char *opts, const char *kernelopts);
static char *grubenv_kernelopts(struct setup_plan *p);

/*
 * The options of the entry at @path as the boot loader passes them
 * ($kernelopts expanded); *opts is NULL when the entry is not there.
 */
static int entry_read_options(struct setup_plan *p, const char *path, const char *kernelopts,
			      char **opts)
{
	const char *text;
	size_t len;
	int ret = setup_plan_read(p, path, &text, &len);

	*opts = NULL;
	if (ret || !text)
		return ret;
	*opts = entry_options(text);
	if (*opts)
		*opts = expand_kernelopts(*opts, kernelopts);
	return *opts ? 0 : -ENOMEM;
}

static int against_one(struct setup_plan *p, const char *path, void *priv)
{
	struct against_ctx *c = priv;
	char why[400], key[64], fix[2100];
	char *opts;
	int ret = entry_read_options(p, path, c->kernelopts, &opts);

	if (ret || !opts)
		return ret;
	ret = setup_params_against(opts, why, sizeof(why)) ? 1 : 0;
	if (ret)
		snprintf(c->buf, c->size, "%s: %s", path, why);
	/* grubby owns Fedora's entries: its --args drops the key's words and
	 * puts the one given in their place; a bare --remove-args key drops them */
	if (ret && p->distro.boot == HOST_BOOT_GRUB && p->distro.family == HOST_DISTRO_FEDORA &&
	    setup_params_against_fix(opts, key, sizeof(key), fix, sizeof(fix))) {
		size_t n = strlen(c->buf);

		if (fix[0])
			snprintf(c->buf + n, c->size - n,
				 ": grubby --update-kernel=ALL --args=\"%s\"", fix);
		else
			snprintf(c->buf + n, c->size - n,
				 ": grubby --update-kernel=ALL --remove-args=\"%s\"", key);
	}
	free(opts);
	return ret;
}

int setup_bls_against(struct setup_plan *p, char *buf, size_t size)
{
	char *kernelopts = grubenv_kernelopts(p);
	struct against_ctx c = { buf, size, kernelopts };
	int ret = each_entry(p, against_one, &c);

	free(kernelopts);
	return ret;
}

struct edit_ctx {
	struct setup_step *s;
	const char *wanted;
};

static int edit_one(struct setup_plan *p, const char *path, void *priv)
{
	struct edit_ctx *c = priv;
	const char *text;
	size_t len;
	char *out;
	int ret;

	ret = setup_plan_read(p, path, &text, &len);
	if (ret || !text)
		return ret;
	out = edit_entry(text, c->wanted);
	if (!out)
		return -ENOMEM;
	ret = setup_step_write(p, c->s, path, out, 0644);
	free(out);
	return ret;
}

int setup_bls_edit_entries(struct setup_plan *p, struct setup_step *s, const char *wanted)
{
	struct edit_ctx c = { s, wanted };

	return each_entry(p, edit_one, &c);
}

/* What each wanted parameter is in the entries, before grubby runs. */
struct param_state {
	char param[128];
	unsigned int exact, absent,
		other; /* entries with it, without its key, with another value */
	char value[128]; /* the other value's word, when all of them agree */
	bool mixed; /* two entries hold two other values */
};

struct grubby_scan {
	struct param_state st[8];
	unsigned int n, entries;
	const char *kernelopts; /* GRUB's environment block, for "$kernelopts" */
	int err;
};

/* "$kernelopts" (Fedora 30-33 entries) stands for grubenv's kernelopts=. */
static char *expand_kernelopts(char *opts, const char *kernelopts)
{
	char *at = strstr(opts, "$kernelopts"), *out;

	if (!at || !kernelopts)
		return opts;
	out = malloc(strlen(opts) + strlen(kernelopts) + 1);
	if (out)
		sprintf(out, "%.*s%s%s", (int)(at - opts), opts, kernelopts, at + 11);
	free(opts);
	return out;
}

/*
 * Whether the word that decides @param has @param's own key: grubby's
 * --args replaces only that key's words. Passthrough decided by an
 * iommu.passthrough= word is undone by removing the iommu=pt that --args
 * appends after it, as for an absent key.
 */
static bool same_key(const char *slot, const char *param)
{
	const char *want = param + (*param == '?');
	size_t kl = strcspn(want, "="), sl = strcspn(slot, "= \t\n");

	return host_cmdline_name_eq(slot, sl, want, kl);
}

static int scan_one(struct setup_plan *p, const char *path, void *priv)
{
	struct grubby_scan *g = priv;
	char *opts;
	int ret = entry_read_options(p, path, g->kernelopts, &opts);

	if (ret || !opts)
		return ret;
	g->entries++;
	for (unsigned int i = 0; i < g->n; i++) {
		struct param_state *st = &g->st[i];
		const char *slot;
		size_t slen;

		if (setup_params_have(opts, st->param, &slot, &slen)) {
			st->exact++;
		} else if (slot && same_key(slot, st->param)) {
			char v[128];

			snprintf(v, sizeof(v), "%.*s", (int)slen, slot);
			if (st->other && strcmp(v, st->value))
				st->mixed = true;
			snprintf(st->value, sizeof(st->value), "%s", v);
			st->other++;
		} else {
			st->absent++;
		}
	}
	free(opts);
	return 0;
}

/* grubenv's "kernelopts=..." line, or NULL. */
static char *grubenv_kernelopts(struct setup_plan *p)
{
	const char *text;
	size_t len;

	if (setup_plan_read(p, GRUBENV, &text, &len) || !text)
		return NULL;
	EACH_LINE(l, text)
	{
		if (!strncmp(l, "kernelopts=", 11))
			return strndup(l + 11, strcspn(l + 11, "\n"));
	}
	return NULL;
}

static void add_word(char *list, size_t size, const char *w)
{
	snprintf(list + strlen(list), size - strlen(list), "%s%s", list[0] ? " " : "", w);
}

int setup_bls_grubby(struct setup_plan *p, struct setup_step *s, const char *wanted, bool *exact)
{
	struct grubby_scan g = { 0 };
	char args[256] = "", remove[256] = "", readd[256] = "", run[SETUP_CMD_MAX],
	     undo[SETUP_CMD_MAX];
	char *kernelopts = grubenv_kernelopts(p);
	bool exact_undo = true;
	int ret;

	*exact = true;
	for (const char *w = wanted; *w && g.n < 8; g.n++) {
		size_t len = strcspn(w, " ");

		snprintf(g.st[g.n].param, sizeof(g.st[0].param), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
	}
	g.kernelopts = kernelopts;
	ret = each_entry(p, scan_one, &g);
	free(kernelopts);
	if (ret)
		return ret;
	if (!g.entries) {
		host_distro_cmdline_add(&p->distro, wanted, run, sizeof(run));
		setup_step_reason(s, SETUP_USER,
				  "no Boot Loader Specification entries in /boot/loader/entries "
				  "for grubby to edit: %s.",
				  run);
		return 1;
	}
	for (unsigned int i = 0; i < g.n; i++) {
		const struct param_state *st = &g.st[i];

		if (st->exact == g.entries)
			continue;
		/* "?key=value" (an i915 option only where the entries have one) */
		add_word(args, sizeof(args), st->param + (st->param[0] == '?'));
		/* grubby gives every entry the same words back: exact only when
		 * all the entries held the same thing before */
		if (!st->exact && !st->other)
			add_word(remove, sizeof(remove), st->param + (st->param[0] == '?'));
		else if (!st->exact && !st->absent && !st->mixed)
			add_word(readd, sizeof(readd), st->value);
		else
			exact_undo = false;
	}
	if (!args[0])
		return 0;
	snprintf(run, sizeof(run), "grubby --update-kernel=ALL --args=\"%s\"", args);
	undo[0] = '\0';
	if (exact_undo)
		snprintf(undo, sizeof(undo), "grubby --update-kernel=ALL%s%s%s%s%s%s",
			 remove[0] ? " --remove-args=\"" : "", remove, remove[0] ? "\"" : "",
			 readd[0] ? " --args=\"" : "", readd, readd[0] ? "\"" : "");
	*exact = exact_undo;
	return setup_step_cmd(s, run, exact_undo ? undo : NULL);
}
