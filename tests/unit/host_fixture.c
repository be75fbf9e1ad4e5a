// SPDX-License-Identifier: MIT
/*
 * Host fixture trees (see host_fixture.h): the trees under
 * tests/fixtures/host, composed by the one composer.
 */
#include <stdio.h>
#include <string.h>

#include "fixture_tree.h"
#include "host_fixture.h"

const char *host_fixture_dir(void)
{
	static char dir[300];

	snprintf(dir, sizeof(dir), "%s/host", fixture_dir());
	return dir;
}

int host_fixture_make(const char *name, struct host_fixture *fx)
{
	struct fixture_tree t;
	char full[160];

	memset(fx, 0, sizeof(*fx));
	snprintf(full, sizeof(full), "host/%s", name);
	if (fixture_tree_make(full, &t))
		return -1;
	_Static_assert(sizeof(fx->root) == sizeof(t.root), "one root buffer size");
	memcpy(fx->root, t.root, sizeof(fx->root));
	fx->nodes = t.nodes;
	return 0;
}

void host_fixture_free(struct host_fixture *fx)
{
	struct fixture_tree t = { .nodes = fx->nodes };

	memcpy(t.root, fx->root, sizeof(t.root));
	fixture_tree_free(&t);
	fx->root[0] = '\0';
}
