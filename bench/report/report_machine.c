// SPDX-License-Identifier: MIT
/* Machine description for the report, from /proc and uname. */
#include "bench/report/report_machine.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void proc_field(const char *path, const char *key, char *out, size_t n)
{
	char line[512];
	FILE *f = fopen(path, "r");

	snprintf(out, n, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon || strncmp(line, key, strlen(key)))
			continue;
		colon++;
		while (*colon == ' ' || *colon == '\t')
			colon++;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, n, "%s", colon);
		break;
	}
	fclose(f);
}

struct json_object *report_machine(void)
{
	struct json_object *m = json_object_new_object();
	struct utsname u;
	char buf[256];
	time_t now = time(NULL);

	proc_field("/proc/cpuinfo", "model name", buf, sizeof(buf));
	json_object_object_add(m, "cpu", json_object_new_string(buf));
	json_object_object_add(m, "cpus", json_object_new_int(
						   (int)sysconf(_SC_NPROCESSORS_ONLN)));
	proc_field("/proc/meminfo", "MemTotal", buf, sizeof(buf));
	json_object_object_add(m, "memory", json_object_new_string(buf));
	if (!uname(&u)) {
		snprintf(buf, sizeof(buf), "%s %s %s", u.sysname, u.release,
			 u.machine);
		json_object_object_add(m, "kernel",
				       json_object_new_string(buf));
	}
	json_object_object_add(m, "kvm", json_object_new_boolean(
						  !access("/dev/kvm", R_OK | W_OK)));
	json_object_object_add(m, "kvmfr", json_object_new_boolean(
						    !access("/dev/kvmfr0", F_OK)));
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_object_object_add(m, "date", json_object_new_string(buf));
	return m;
}
