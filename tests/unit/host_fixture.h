/* SPDX-License-Identifier: MIT */
/*
 * Host fixture trees for the tests: tests/fixtures/host/base is a healthy
 * Raptor Lake host; every other directory there is one failure, stored as
 * the files that differ from base, a .remove list (paths of base to drop)
 * and a .nodes list (character devices: "path mode group", or "path -").
 * host_fixture_make() composes one into a fresh temporary directory, so
 * tests may write into it.
 */
#ifndef HOST_FIXTURE_H
#define HOST_FIXTURE_H

#include <stdbool.h>

struct host_fixture {
	char root[256];
	/* the character devices could be created (mknod needs CAP_MKNOD) */
	bool nodes;
};

/**
 * host_fixture_make - compose a fixture tree in a temporary directory
 * @name: "base" or a failure directory ("stock-i915", ...)
 * @fx: result
 *
 * Return: 0 or -1 (with a message on stderr).
 */
int host_fixture_make(const char *name, struct host_fixture *fx);

/**
 * host_fixture_free - remove the temporary tree
 * @fx: fixture
 */
void host_fixture_free(struct host_fixture *fx);

/**
 * host_fixture_dir - the directory holding the fixture sources
 *
 * Return: $HOST_FIXTURES, or "tests/fixtures/host" (tests run from the top).
 */
const char *host_fixture_dir(void);

#endif
