/* SPDX-License-Identifier: MIT */
/*
 * The host tree lint: holds a composed host tree (tests/fixtures/host/...)
 * against what a real kernel exposes in sysfs, procfs and /dev, so a tree
 * never encodes a file, link or format no kernel has. The facts and the
 * kernel source each comes from are in tests/fixtures/README.md ("What a
 * real kernel exposes"); each rule below names its fact.
 *
 * The lint reads the tree with plain libc, not through lib/host: it is an
 * oracle of the code under test, so it shares none of it.
 */
#ifndef HOST_TREE_LINT_H
#define HOST_TREE_LINT_H

#include <stddef.h>

struct host_tree_lint {
	const char *root; /* the composed tree */
	char *out; /* one "rule: path: what is wrong\n" per violation */
	size_t size, len;
	unsigned int violations;
};

/**
 * host_tree_lint - check a composed host tree against the kernel's facts
 * @root: the tree (what a tool reads under --root)
 * @out: the violations, one a line (may be cut at @size)
 * @size: size of @out
 *
 * Return: the number of violations (0: the tree is one a kernel could show).
 */
unsigned int host_tree_lint(const char *root, char *out, size_t size);

#endif
