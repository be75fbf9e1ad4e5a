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
 *   occurrence's list is the one kept, so a module is added to that list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "setup/setup_steps.h"

#define SPACES " \t\n\r\v\f"

enum param_kind {
	PARAM_VALUE, /* the last occurrence's value counts */
	PARAM_LIST, /* the last occurrence's comma list counts */
	PARAM_IOMMU, /* the last on/off token of all occurrences counts */
};

static enum param_kind kind_of(const char *key, size_t klen)
{
	if (host_cmdline_name_eq(key, klen, "intel_iommu", 11))
		return PARAM_IOMMU;
	if (host_cmdline_name_eq(key, klen, "module_blacklist", 16))
		return PARAM_LIST;
	return PARAM_VALUE;
}

/* Whether a comma list of @len bytes holds @item. */
static bool list_has(const char *list, size_t len, const char *item)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%.*s", (int)len, list);
	return host_cmdline_list_has(buf, item);
}

bool setup_params_have(const char *words, const char *param, const char **slot, size_t *slen)
{
	const char *want = param + (*param == '?');
	size_t kl = strcspn(want, "="), pl = strlen(want);
	enum param_kind kind = kind_of(want, kl);
	int iommu = -1;

	*slot = NULL;
	*slen = 0;
	for (const char *w = words; *w;) {
		size_t len, wk;

		w += strspn(w, SPACES);
		len = strcspn(w, SPACES);
		if (!len)
			break;
		wk = strcspn(w, "=");
		if (host_cmdline_name_eq(w, wk < len ? wk : len, want, kl)) {
			*slot = w;
			*slen = len;
			if (kind == PARAM_IOMMU && w[kl] == '=')
				iommu = host_cmdline_intel_iommu_value(w + kl + 1, len - kl - 1,
								       iommu);
		}
		w += len;
	}
	if (!*slot)
		return *param == '?'; /* "?key=value": only a value already there matters */
	switch (kind) {
	case PARAM_IOMMU:
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
	const char *want = param + (*param == '?');
	size_t kl = strcspn(want, "="), n = 0;
	bool seen = false;
	int len;

	if (!slot || slot[kl] != '=' || kind_of(want, kl) == PARAM_VALUE) {
		len = snprintf(buf, size, "%s", want);
		return len < 0 || (size_t)len >= size ? -1 : 0;
	}
	if (kind_of(want, kl) == PARAM_LIST) {
		/* the user's list, with the module added */
		len = snprintf(buf, size, "%.*s%s%s", (int)slen, slot, slen > kl + 1 ? "," : "",
			       want + kl + 1);
		return len < 0 || (size_t)len >= size ? -1 : 0;
	}
	/* intel_iommu: the user's other tokens kept, "off" turned "on" (or
	 * "on" put first when this occurrence has neither) */
	n = (size_t)snprintf(buf, size, "%.*s", (int)(kl + 1), slot);
	for (size_t i = kl + 1; i < slen && n < size;) {
		size_t t = i;

		while (i < slen && slot[i] != ',')
			i++;
		if (i - t >= 3 && !strncmp(slot + t, "off", 3)) {
			n += (size_t)snprintf(buf + n, size - n, "%son", n > kl + 1 ? "," : "");
			seen = true;
		} else if (i > t) {
			seen |= i - t >= 2 && !strncmp(slot + t, "on", 2);
			n += (size_t)snprintf(buf + n, size - n, "%s%.*s", n > kl + 1 ? "," : "",
					      (int)(i - t), slot + t);
		}
		while (i < slen && slot[i] == ',')
			i++;
	}
	if (n >= size)
		return -1;
	if (!seen) {
		char rest[256];

		snprintf(rest, sizeof(rest), "%s", buf + kl + 1);
		len = snprintf(buf + kl + 1, size - kl - 1, "on%s%s", rest[0] ? "," : "", rest);
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
