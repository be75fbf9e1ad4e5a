/* SPDX-License-Identifier: MIT */
/*
 * Defining a domain through the libvirt API, so that libvirt itself (its
 * RelaxNG schema and its parser) judges the XML: the built-in test driver
 * (test:///default, no daemon) in tests, the system connection
 * (qemu:///system) when a user asks for it.
 */
#ifndef VM_LIBVIRT_H
#define VM_LIBVIRT_H

#include <stdbool.h>
#include <stddef.h>

#define VM_LIBVIRT_TEST_URI "test:///default"
#define VM_LIBVIRT_SYSTEM_URI "qemu:///system"

enum {
	VM_LIBVIRT_VALIDATE = 1 << 0, /* check against libvirt's schema too */
	VM_LIBVIRT_UNDEFINE = 1 << 1, /* remove it again: a dry run */
};

struct vm_libvirt_result {
	char name[256];
	char uuid[40];
	char error[2048]; /* libvirt's own message on failure */
	bool conf_error; /* raised by libvirt's domain configuration code, which
			  * every driver shares (VIR_FROM_DOMAIN), not by the driver */
	char *xml; /* the definition as libvirt stored it (malloc'ed) or NULL */
};

/**
 * vm_libvirt_define - define (or dry-run define) a domain
 * @uri: connection URI, e.g. VM_LIBVIRT_TEST_URI
 * @xml: domain XML
 * @flags: VM_LIBVIRT_* bits
 * @r: result; free r->xml with free()
 *
 * libvirt's default error printing is turned off; its message is copied to
 * @r->error instead, so callers decide how to show it.
 *
 * Return: 0 when defined, -EINVAL when libvirt rejected the XML,
 * -ECONNREFUSED when libvirt.so.0 cannot be loaded (vm_libvirt_dl.h) or
 * the connection could not be opened, -ENOMEM.
 */
int vm_libvirt_define(const char *uri, const char *xml, unsigned int flags,
		      struct vm_libvirt_result *r);

#endif
