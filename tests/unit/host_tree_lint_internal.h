/* SPDX-License-Identifier: MIT */
/*
 * Shared by the two halves of the host tree lint: host_tree_lint.c (PCI,
 * SR-IOV, IOMMU) and host_tree_lint_drivers.c (drivers, modules, command
 * line). Paths are relative to the tree's top, without a leading "/".
 */
#ifndef HOST_TREE_LINT_INTERNAL_H
#define HOST_TREE_LINT_INTERNAL_H

#include <stdbool.h>

#include "host_tree_lint.h"

#define LINT_PATH 512
#define LINT_NAMES 64

/* A PCI function of the tree: sys/devices/pci*\/<bdf>. */
struct lint_dev {
	char bdf[16];
	char dir[160];
	unsigned int dom, bus, devfn;
	char driver[64]; /* "" when unbound */
	bool pf; /* has the SR-IOV PF attributes */
	unsigned long vendor, device, class;
	unsigned long total, num, offset, stride, vf_device;
};

/* snprintf (paths cut at @size are just not found) */
int lint_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void lint_fail(struct host_tree_lint *l, const char *rule, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool lint_exists(const struct host_tree_lint *l, const char *rel);
bool lint_is_dir(const struct host_tree_lint *l, const char *rel);
bool lint_is_link(const struct host_tree_lint *l, const char *rel);
/* The whole file, NUL-terminated; false when it is missing or too long. */
bool lint_read(const struct host_tree_lint *l, const char *rel, char *buf, size_t size);
/* A relative link's target as a path of the tree; false when it is none. */
bool lint_resolve(const struct host_tree_lint *l, const char *rel, char *out, size_t size);
/* The names in a directory, sorted; the count (0 when it is missing). */
unsigned int lint_list(const struct host_tree_lint *l, const char *rel, char names[][LINT_NAMES],
		       unsigned int max);
/* "N\n": a decimal %u as sysfs prints it. */
bool lint_uint(const char *text, unsigned long *v);
/* "-N\n" or "N\n": a decimal %d. */
bool lint_int(const char *text, long *v);

/* host_tree_lint_drivers.c */
void lint_driver(struct host_tree_lint *l, struct lint_dev *d);
void lint_pf_driver(struct host_tree_lint *l, const struct lint_dev *d);
void lint_modules(struct host_tree_lint *l);
void lint_cmdline(struct host_tree_lint *l);
void lint_vfio_users(struct host_tree_lint *l);
bool lint_module_loaded(const struct host_tree_lint *l, const char *module);

#endif
