// SPDX-License-Identifier: MIT
/*
 * Domain definition through the libvirt API (see vm_libvirt.h).
 */
#include <errno.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_libvirt.h"

/* libvirt prints every error to stderr unless a handler is set. */
static void quiet(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

static void copy_error(struct vm_libvirt_result *r, const char *fallback)
{
	const char *msg = virGetLastErrorMessage();
	virErrorPtr e = virGetLastError();

	r->conf_error = e && e->domain == VIR_FROM_DOMAIN;

	snprintf(r->error, sizeof(r->error), "%s", msg && strcmp(msg, "no error") ? msg : fallback);
	virResetLastError();
}

int vm_libvirt_define(const char *uri, const char *xml, unsigned int flags,
		      struct vm_libvirt_result *r)
{
	unsigned int vflags = flags & VM_LIBVIRT_VALIDATE ? VIR_DOMAIN_DEFINE_VALIDATE : 0;
	virConnectPtr conn;
	virDomainPtr dom;
	char *desc;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	virSetErrorFunc(NULL, quiet);
	if (virInitialize() < 0) {
		copy_error(r, "libvirt could not initialise");
		return -ECONNREFUSED;
	}
	conn = virConnectOpen(uri);
	if (!conn) {
		copy_error(r, "cannot open the connection");
		return -ECONNREFUSED;
	}
	dom = virDomainDefineXMLFlags(conn, xml, vflags);
	if (!dom) {
		copy_error(r, "the domain was rejected");
		virConnectClose(conn);
		return -EINVAL;
	}
	snprintf(r->name, sizeof(r->name), "%s", virDomainGetName(dom) ?: "");
	if (virDomainGetUUIDString(dom, r->uuid) < 0)
		r->uuid[0] = '\0';
	desc = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	if (desc) {
		/* libvirt's allocator is malloc, but keep the ownership explicit. */
		r->xml = strdup(desc);
		free(desc);
		if (!r->xml)
			ret = -ENOMEM;
	}
	if (flags & VM_LIBVIRT_UNDEFINE &&
	    virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_NVRAM) < 0 &&
	    virDomainUndefine(dom) < 0) {
		copy_error(r, "the domain could not be undefined again");
		ret = ret ?: -EIO;
	}
	virDomainFree(dom);
	virConnectClose(conn);
	return ret;
}
