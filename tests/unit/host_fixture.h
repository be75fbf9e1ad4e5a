/* SPDX-License-Identifier: MIT */
/*
 * Host fixture trees for the tests: tests/fixtures/host/base is a healthy
 * Raptor Lake host; every other tree there is one failure laid over it (or
 * over another tree), composed by fixture_tree.c into a fresh temporary
 * directory so tests may write into it. The convention is in
 * tests/fixtures/README.md.
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
 * host_fixture_make - compose a host tree in a temporary directory
 * @name: "base", a failure ("stock-i915", ...) or a report ("real/...")
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
 * host_fixture_dir - the directory holding the host trees' sources
 *
 * Return: fixture_dir()'s host/ ("tests/fixtures/host").
 */
const char *host_fixture_dir(void);

#endif
