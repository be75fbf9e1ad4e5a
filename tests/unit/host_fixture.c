// SPDX-License-Identifier: MIT
/*
 * Composition of host fixture trees (see host_fixture.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "host_fixture.h"

#define MAX_NODES 16

struct node {
	char path[128];
	char mode[8];
	char group[32];
};

const char *host_fixture_dir(void)
{
	const char *d = getenv("HOST_FIXTURES");

	return d && *d ? d : "tests/fixtures/host";
}

static int run(const char *cmd)
{
	if (system(cmd)) {
		fprintf(stderr, "fixture: '%s' failed\n", cmd);
		return -1;
	}
	return 0;
}

static int cp_tree(const char *src, const char *dst)
{
	char cmd[1100];

	snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s/'", src, dst);
	return run(cmd);
}

static int rm_tree(const char *path)
{
	char cmd[1100];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	return run(cmd);
}

/* Later lines (the failure's) replace earlier ones (base's) for a path. */
static void read_nodes(const char *file, struct node *n, size_t *cnt)
{
	char line[256];
	FILE *f = fopen(file, "r");

	while (f && fgets(line, sizeof(line), f)) {
		struct node x = { 0 };
		size_t i;

		if (line[0] == '#' || sscanf(line, "%127s %7s %31s", x.path, x.mode, x.group) < 2)
			continue;
		for (i = 0; i < *cnt && strcmp(n[i].path, x.path); i++)
			;
		if (i == *cnt && *cnt < MAX_NODES)
			(*cnt)++;
		if (i < MAX_NODES)
			n[i] = x;
	}
	if (f)
		fclose(f);
}

static long group_gid(const char *root, const char *name)
{
	char path[512], line[256];
	long gid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/group", root);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		size_t n = strlen(name);

		if (!strncmp(line, name, n) && line[n] == ':') {
			char *p = strchr(line + n + 1, ':');

			gid = p ? strtol(p + 1, NULL, 10) : -1;
			break;
		}
	}
	if (f)
		fclose(f);
	return gid;
}

/* Character devices as 1:3 (/dev/null): opening one never reaches hardware. */
static void make_nodes(struct host_fixture *fx, const struct node *n, size_t cnt)
{
	char path[512];
	size_t i;

	fx->nodes = true;
	for (i = 0; i < cnt; i++) {
		unsigned long mode = strtoul(n[i].mode, NULL, 8);
		long gid = group_gid(fx->root, n[i].group);

		snprintf(path, sizeof(path), "%.255s/%.127s", fx->root, n[i].path);
		if (!strcmp(n[i].mode, "-"))
			continue;
		unlink(path);
		if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) ||
		    chown(path, 0, gid >= 0 ? (gid_t)gid : 0) || chmod(path, (mode_t)mode)) {
			fx->nodes = false;
			unlink(path);
		}
	}
}

int host_fixture_make(const char *name, struct host_fixture *fx)
{
	const char *src = host_fixture_dir(), *tmp = getenv("TMPDIR");
	char base[512], ovl[512], list[600], line[512], path[800];
	struct node nodes[MAX_NODES];
	size_t cnt = 0;
	FILE *f;

	memset(fx, 0, sizeof(*fx));
	snprintf(fx->root, sizeof(fx->root), "%s/host-fixture-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->root)) {
		perror("fixture: mkdtemp");
		return -1;
	}
	snprintf(base, sizeof(base), "%s/base", src);
	snprintf(ovl, sizeof(ovl), "%s/%s", src, name);
	if (access(ovl, R_OK)) {
		fprintf(stderr, "fixture: no %s\n", ovl);
		host_fixture_free(fx);
		return -1;
	}
	if (cp_tree(base, fx->root))
		goto fail;
	snprintf(list, sizeof(list), "%s/.nodes", base);
	read_nodes(list, nodes, &cnt);
	if (strcmp(name, "base")) {
		snprintf(list, sizeof(list), "%s/.remove", ovl);
		f = fopen(list, "r");
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (!line[0] || strstr(line, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", fx->root, line);
			if (rm_tree(path))
				break;
		}
		if (f)
			fclose(f);
		if (cp_tree(ovl, fx->root))
			goto fail;
		snprintf(list, sizeof(list), "%s/.nodes", ovl);
		read_nodes(list, nodes, &cnt);
	}
	make_nodes(fx, nodes, cnt);
	return 0;
fail:
	host_fixture_free(fx);
	return -1;
}

void host_fixture_free(struct host_fixture *fx)
{
	if (fx->root[0] && strstr(fx->root, "host-fixture-"))
		rm_tree(fx->root);
	fx->root[0] = '\0';
}
