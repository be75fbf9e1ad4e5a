// SPDX-License-Identifier: MIT
/*
 * A kernel command line as the kernel keeps it, for the files that hold
 * one (/etc/kernel/cmdline, GRUB's variables, BLS options lines).
 *
 * The kernel hands every parameter to its handler in order (parse_args()
 * in kernel/params.c, obsolete_checksetup() in init/main.c for __setup
 * ones), so for a value a later duplicate overwrites an earlier one: the
 * last occurrence of a key is the one that counts, keys compared with '-'
 * and '_' alike (parameq()). kmod adds a loadable module's
 * "module.param=" words after the options of modprobe.d, so for modules
 * too the command line's last word wins. Two keys the setup wants keep
 * more than a value:
 * - intel_iommu= is a list every occurrence applies token by token
 *   (intel_iommu_setup()): "on" and "off" set the same switch, so the
 *   last of those tokens, on any occurrence, decides;
 * - module_blacklist= is one string (a charp core_param): its last
 *   occurrence's list is the one kept, so a module is added to that list;
 *   kmod also keeps a module from loading by alias (udev's autoload) when
 *   any modprobe.blacklist= lists it, as the doctor reads both
 *   (host_cmdline_blacklists()), so either already does what the setup's
 *   module_blacklist=xe is for;
 * - iommu= is a list x86's iommu_setup() applies token by token on every
 *   occurrence, and iommu.passthrough= (a boolean, kstrtobool()) sets the
 *   same default domain: "pt" and "nopt" (prefixes) or that boolean, the
 *   last of them on the line, decide passthrough; "iommu=pt,nomerge" and
 *   "iommu.passthrough=1" already give what the setup's iommu=pt does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "setup/setup_steps.h"

/* What separates words for the kernel's next_arg(): its isspace(), whose
 * ctype table (lib/ctype.c) also marks Latin-1's no-break space, 0xa0, as
 * one; host_cmdline_parse() splits the same way. */
#define SPACES " \t\n\r\v\f\xa0"

enum param_kind {
	PARAM_VALUE, /* the last occurrence's value counts */
	PARAM_LIST, /* the last occurrence's comma list counts */
	PARAM_IOMMU, /* the last on/off token of all occurrences counts */
	PARAM_PT, /* the last pt/nopt token or iommu.passthrough counts */
};

static enum param_kind kind_of(const char *key, size_t klen)
{
	if (host_cmdline_name_eq(key, klen, "intel_iommu", 11))
		return PARAM_IOMMU;
	if (host_cmdline_name_eq(key, klen, "module_blacklist", 16))
		return PARAM_LIST;
	if (host_cmdline_name_eq(key, klen, "iommu", 5))
		return PARAM_PT;
	return PARAM_VALUE;
}

/* The tokens of a list kind that turn its switch on and off (prefixes,
 * as the kernel's strncmp()s read them). */
static void switch_tokens(enum param_kind kind, const char **on, const char **off)
{
	*on = kind == PARAM_PT ? "pt" : "on";
	*off = kind == PARAM_PT ? "nopt" : "off";
}

/* Whether any modprobe.blacklist= of @words lists @module (kmod's reading,
 * through the doctor's parser). */
static bool modprobe_blacklists(const char *words, const char *module)
{
	struct host_cmdline c;
	const char *by;

	if (host_cmdline_parse(words, strlen(words), &c))
		return false;
	by = host_cmdline_blacklists(&c, module);
	host_cmdline_free(&c);
	return by && !strcmp(by, "modprobe.blacklist");
}

/* Whether a comma list of @len bytes holds @item. The kernel reads all of
 * module_blacklist's string however long (blacklisted() in
 * kernel/module/main.c), so the whole list is copied: a cut one would miss
 * the module the setup appends at its end. */
static bool list_has(const char *list, size_t len, const char *item)
{
	char *buf = strndup(list, len);
	bool has = buf && host_cmdline_list_has(buf, item);

	free(buf);
	return has;
}

/* Where the kernel's part of @words ends: at a bare "--" word, after which
 * the kernel hands the words to init (parse_args() in kernel/params.c),
 * or at the NUL. */
static const char *kernel_part_end(const char *words)
{
	for (const char *w = words;;) {
		size_t len;

		w += strspn(w, SPACES);
		len = strcspn(w, SPACES);
		if (!len || (len == 2 && w[0] == '-' && w[1] == '-'))
			return w;
		w += len;
	}
}

bool setup_params_have(const char *words, const char *param, const char **slot, size_t *slen)
{
	const char *want = param + (*param == '?');
	size_t kl = strcspn(want, "="), pl = strlen(want);
	enum param_kind kind = kind_of(want, kl);
	const char *decided = NULL;
	size_t dlen = 0;
	int iommu = -1;

	*slot = NULL;
	*slen = 0;
	for (const char *w = words, *end = kernel_part_end(words); w < end;) {
		size_t len, wk, vl;
		int set = -1; /* what this word sets the switch to, -1: nothing */

		w += strspn(w, SPACES);
		len = strcspn(w, SPACES);
		if (!len || w >= end)
			break;
		wk = strcspn(w, "=");
		vl = wk < len ? len - wk - 1 : 0;
		if (host_cmdline_name_eq(w, wk < len ? wk : len, want, kl)) {
			*slot = w;
			*slen = len;
			/* each token sets the switch outright: the word's last one counts */
			if (kind == PARAM_IOMMU && w[kl] == '=')
				set = host_cmdline_intel_iommu_value(w + kl + 1, vl, -1);
			if (kind == PARAM_PT && w[kl] == '=')
				set = host_cmdline_iommu_pt_value(w + kl + 1, vl, -1);
		} else if (kind == PARAM_PT && wk < len &&
			   host_cmdline_name_eq(w, wk, "iommu.passthrough", 17)) {
			set = host_cmdline_bool(w + wk + 1, vl);
		}
		if (set >= 0) {
			iommu = set;
			decided = w;
			dlen = len;
		}
		w += len;
	}
	/* passthrough: the word that decides it is the one to change */
	if (kind == PARAM_PT && decided) {
		*slot = decided;
		*slen = dlen;
	}
	if (kind == PARAM_LIST && modprobe_blacklists(words, want + kl + 1))
		return true;
	if (!*slot)
		return *param == '?'; /* "?key=value": only a value already there matters */
	switch (kind) {
	case PARAM_IOMMU:
	case PARAM_PT:
		return iommu == 1;
	case PARAM_LIST:
		return (*slot)[kl] == '=' &&
		       list_has(*slot + kl + 1, *slen - kl - 1, want + kl + 1);
	case PARAM_VALUE:
		break;
	}
	return *slen == pl && !strncmp(*slot + kl, want + kl, pl - kl);
}

int setup_params_replacement(const char *slot, size_t slen, const char *param, char *buf,
			     size_t size)
{
	const char *want = param + (*param == '?'), *on, *off;
	size_t kl = strcspn(want, "="), n = 0, onl, offl;
	enum param_kind kind = kind_of(want, kl);
	bool seen = false;
	int len;

	/* iommu.passthrough decides it: made true, in the user's spelling */
	if (kind == PARAM_PT && slot) {
		size_t sk = strcspn(slot, "=");

		sk = sk < slen ? sk : slen;
		if (!host_cmdline_name_eq(slot, sk, want, kl)) {
			len = snprintf(buf, size, "%.*s=1", (int)sk, slot);
			return len < 0 || (size_t)len >= size ? -1 : 0;
		}
	}
	if (!slot || slot[kl] != '=' || kind == PARAM_VALUE) {
		len = snprintf(buf, size, "%s", want);
		return len < 0 || (size_t)len >= size ? -1 : 0;
	}
	if (kind == PARAM_LIST) {
		/* the user's list, with the module added */
		len = snprintf(buf, size, "%.*s%s%s", (int)slen, slot, slen > kl + 1 ? "," : "",
			       want + kl + 1);
		return len < 0 || (size_t)len >= size ? -1 : 0;
	}
	/* intel_iommu, iommu: the user's other tokens kept, the one that
	 * turns the switch off turned on (or the on token put first when
	 * this occurrence has neither) */
	switch_tokens(kind, &on, &off);
	onl = strlen(on);
	offl = strlen(off);
	n = (size_t)snprintf(buf, size, "%.*s", (int)(kl + 1), slot);
	for (size_t i = kl + 1; i < slen && n < size;) {
		size_t t = i;

		while (i < slen && slot[i] != ',')
			i++;
		if (i - t >= offl && !strncmp(slot + t, off, offl)) {
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n > kl + 1 ? "," : "", on);
			seen = true;
		} else if (i > t) {
			seen |= i - t >= onl && !strncmp(slot + t, on, onl);
			n += (size_t)snprintf(buf + n, size - n, "%s%.*s", n > kl + 1 ? "," : "",
					      (int)(i - t), slot + t);
		}
		while (i < slen && slot[i] == ',')
			i++;
	}
	if (n >= size)
		return -1;
	/* iommu_setup() stops reading at "usedac": a pt after it is not seen */
	if (kind == PARAM_PT && host_cmdline_iommu_pt_value(buf + kl + 1, n - kl - 1, -1) != 1)
		seen = false;
	if (!seen) {
		/* the user's tokens, however many, after the one put first */
		char *rest = strdup(buf + kl + 1);

		if (!rest)
			return -1;
		len = snprintf(buf + kl + 1, size - kl - 1, "%s%s%s", on, rest[0] ? "," : "", rest);
		free(rest);
		if (len < 0 || (size_t)len >= size - kl - 1)
			return -1;
	}
	return 0;
}

char *setup_params_merge(const char *words, size_t wlen, const char *wanted)
{
	char *cur = malloc(wlen + 1);

	if (!cur)
		return NULL;
	memcpy(cur, words, wlen);
	cur[wlen] = '\0';
	for (const char *w = wanted; *w;) {
		char param[128], repl[640], *tmp;
		const char *slot;
		size_t len = strcspn(w, " "), slen = 0;

		snprintf(param, sizeof(param), "%.*s", (int)len, w);
		w += len + (w[len] == ' ');
		if (setup_params_have(cur, param, &slot, &slen))
			continue;
		if (setup_params_replacement(slot, slen, param, repl, sizeof(repl))) {
			free(cur);
			return NULL;
		}
		tmp = malloc(strlen(cur) + strlen(repl) + 2);
		if (!tmp) {
			free(cur);
			return NULL;
		}
		if (slot) {
			/* in place of the occurrence the kernel would keep */
			size_t at = (size_t)(slot - cur);

			sprintf(tmp, "%.*s%s%s", (int)at, cur, repl, cur + at + slen);
		} else if (*kernel_part_end(cur)) {
			/* before the "--" that ends the kernel's part */
			size_t at = (size_t)(kernel_part_end(cur) - cur);

			sprintf(tmp, "%.*s%s %s", (int)at, cur, repl, cur + at);
		} else {
			sprintf(tmp, "%s%s%s", cur, cur[0] ? " " : "", repl);
		}
		free(cur);
		cur = tmp;
	}
	return cur;
}

void setup_params_shown(const char *wanted, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const char *w = wanted; *w;) {
		size_t len = strcspn(w, " ");

		if (*w != '?' && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%.*s", n ? " " : "", (int)len,
					      w);
		w += len + (w[len] == ' ');
	}
}

/* What in a word undoes the setup: the list item to take out of it. */
enum against_kind {
	AGAINST_NONE,
	AGAINST_BLACKLIST, /* i915 in module_blacklist or modprobe.blacklist */
	AGAINST_INITCALL, /* i915_init in initcall_blacklist */
	AGAINST_IGFX, /* igfx_off in intel_iommu */
};

/* The last word of @c that undoes the setup, and which way. */
static const struct host_cmdline_param *against_word(const struct host_cmdline *c,
						     enum against_kind *kind)
{
	/* module_blacklist's last list, or any modprobe.blacklist (the doctor's
	 * reading): the kernel, or kmod's autoload, never loads i915 */
	const char *by = host_cmdline_blacklists(c, "i915");

	for (size_t i = c->n; i-- > 0;) {
		const struct host_cmdline_param *q = &c->p[i];
		size_t kl = strlen(q->key);

		if (!q->value)
			continue;
		*kind = AGAINST_NONE;
		if (by && host_cmdline_name_eq(q->key, kl, by, strlen(by)) &&
		    host_cmdline_list_has(q->value, "i915"))
			*kind = AGAINST_BLACKLIST;
		/* every occurrence adds to the list; module inits too */
		else if (host_cmdline_name_eq(q->key, kl, "initcall_blacklist", 18) &&
			 host_cmdline_list_has(q->value, "i915_init"))
			*kind = AGAINST_INITCALL;
		/* no token maps the graphics unit again (host_cmdline_igfx_off()) */
		else if (host_cmdline_name_eq(q->key, kl, "intel_iommu", 11) &&
			 host_cmdline_list_has_prefix(q->value, "igfx_off"))
			*kind = AGAINST_IGFX;
		if (*kind != AGAINST_NONE)
			return q;
	}
	return NULL;
}

/* @q's word with the items of @kind taken out: "" when none is left;
 * false when it does not fit @buf, or when it is no longer one plain word
 * (a quoted value: the quotes and spaces left would split it). */
static bool without_item(const struct host_cmdline_param *q, enum against_kind kind, char *buf,
			 size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const char *t = q->value; *t && n < size;) {
		size_t len = strcspn(t, ",");
		bool drop = kind == AGAINST_BLACKLIST ? host_cmdline_name_eq(t, len, "i915", 4) :
			    kind == AGAINST_INITCALL  ? len == 9 && !strncmp(t, "i915_init", 9) :
							len >= 8 && !strncmp(t, "igfx_off", 8);

		if (len && !drop)
			n += (size_t)snprintf(buf + n, size - n, "%s%s%.*s", n ? "," : q->key,
					      n ? "" : "=", (int)len, t);
		t += len + (t[len] == ',');
	}
	return n < size && !strpbrk(buf, "\" \t\n\r\v\f\xa0");
}

bool setup_params_against_fix(const char *words, char *key, size_t ksize, char *fix, size_t size)
{
	struct host_cmdline c;
	const struct host_cmdline_param *q;
	enum against_kind kind;

	if (host_cmdline_parse(words, strlen(words), &c))
		return false;
	q = against_word(&c, &kind);
	q = q && without_item(q, kind, fix, size) ? q : NULL;
	if (q)
		snprintf(key, ksize, "%s", q->key);
	host_cmdline_free(&c);
	return q != NULL;
}

bool setup_params_against(const char *words, char *buf, size_t size)
{
	struct host_cmdline c;
	const struct host_cmdline_param *q;
	enum against_kind kind;
	char left[2100];

	if (host_cmdline_parse(words, strlen(words), &c))
		return false;
	q = against_word(&c, &kind);
	if (q) {
		if (!without_item(q, kind, left, sizeof(left)))
			snprintf(left, sizeof(left), "the word without %s",
				 kind == AGAINST_BLACKLIST ? "i915" :
				 kind == AGAINST_INITCALL  ? "i915_init" :
							     "igfx_off");
		snprintf(buf, size, "%s=%s %s: %s%s%s", q->key, q->value,
			 kind == AGAINST_BLACKLIST ?
				 "keeps i915, the PF's driver, from loading" :
			 kind == AGAINST_INITCALL ?
				 "keeps i915's init from running, so i915 never "
				 "drives the iGPU" :
				 "leaves the iGPU's DMAR unit, which its VFs are "
				 "behind too, off: vfio-pci gets no IOMMU group for them",
			 left[0] ? "leave " : "take the word out", left,
			 left[0] ? " in its place" : "");
	}
	host_cmdline_free(&c);
	return q != NULL;
}
