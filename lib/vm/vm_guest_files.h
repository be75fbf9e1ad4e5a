/* SPDX-License-Identifier: MIT */
/*
 * The guest-side files of the guide (section 3) and the Looking Glass
 * client configuration of the host, written for one VM model.
 */
#ifndef VM_GUEST_FILES_H
#define VM_GUEST_FILES_H

#include "vm/vm_domain_types.h"

/* IddSampleDriver reads exactly this path (hard-coded in its Driver.cpp). */
#define VM_IDD_OPTION_PATH "C:\\IddSampleDriver\\option.txt"

/**
 * vm_idd_option_txt - ge9/IddSampleDriver option.txt for the modes of @d
 * @d: domain with at least one mode
 * @monitors: virtual monitors (line 1), 1..4
 *
 * Line 1 is the monitor count and must not be a comment (the driver parses
 * it with stoi unconditionally); then '#' comments; then one
 * "width, height, refresh" line per mode, the only form the driver uses.
 * CRLF line ends, as Notepad keeps them; the driver ignores the CR.
 *
 * Return: a malloc'ed string, or NULL (no memory, or @monitors out of range).
 */
char *vm_idd_option_txt(const struct vm_domain *d, unsigned int monitors);

/**
 * vm_lg_host_ini - looking-glass-host.ini for the Windows guest
 * @d: domain
 *
 * Return: a malloc'ed, commented INI (CRLF), or NULL without memory.
 */
char *vm_lg_host_ini(const struct vm_domain *d);

/**
 * vm_lg_client_ini - the Looking Glass client configuration on the host
 * @d: domain
 *
 * Return: a malloc'ed, commented INI, or NULL without memory.
 */
char *vm_lg_client_ini(const struct vm_domain *d);

#endif
