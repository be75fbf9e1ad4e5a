// SPDX-License-Identifier: MIT
/*
 * The options kernelstub (Pop!_OS) passes, judged as any other command line
 * (setup_params_against()): `kernelstub -d OPT` takes one string out of its
 * list and `-a OPT` adds one, so the fix is said in those terms.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "setup/setup_steps.h"

#define KERNELSTUB_CONF "/etc/kernelstub/configuration"

int setup_kernelstub_against(struct setup_plan *p, char *buf, size_t size)
{
	char line[2100], why[600], key[64], fix[2100];
	const char *text;
	size_t len, n;
	int ret = setup_plan_read(p, KERNELSTUB_CONF, &text, &len);

	if (ret || !text)
		return ret;
	ret = setup_kernelstub_line(text, len, line, sizeof(line), why, sizeof(why));
	if (ret == -EINVAL) {
		/* kernelstub cannot read it either: the user's to repair */
		snprintf(buf, size, "%s %s: kernelstub cannot read it either", KERNELSTUB_CONF,
			 why);
		return 1;
	}
	if (ret || !setup_params_against(line, why, sizeof(why)))
		return ret;
	snprintf(buf, size, "%s: %s", KERNELSTUB_CONF, why);
	if (!setup_params_against_fix(line, key, sizeof(key), fix, sizeof(fix)))
		return 1;
	/* -d takes out the string as the list holds it (the last such, the one
	 * the fix was made from), -a puts the rest back */
	n = strlen(buf);
	for (const char *w = line; *w;) {
		size_t l = strcspn(w, " "), kl = strlen(key);
		char one[2100];

		snprintf(one, sizeof(one), "%.*s", (int)l, w);
		if (!strncmp(one, key, kl) && one[kl] == '=' &&
		    setup_params_against(one, why, sizeof(why)))
			snprintf(buf + n, size - n, ": kernelstub -d \"%s\"%s%s%s", one,
				 fix[0] ? " -a \"" : "", fix, fix[0] ? "\"" : "");
		w += l + (w[l] == ' ');
	}
	return 1;
}
