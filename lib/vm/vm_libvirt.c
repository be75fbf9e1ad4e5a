// SPDX-License-Identifier: MIT
/*
 * Domain definition through the libvirt API (see vm_libvirt.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_libvirt.h"
#include "vm/vm_libvirt_dl.h"

/* libvirt prints every error to stderr unless a handler is set. */
static void quiet(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

static void copy_error(const struct vm_libvirt_api *lv, struct vm_libvirt_result *r,
		       const char *fallback)
{
	const char *msg = lv->virGetLastErrorMessage();
	virErrorPtr e = lv->virGetLastError();

	r->conf_error = e && e->domain == VIR_FROM_DOMAIN;

	snprintf(r->error, sizeof(r->error), "%s", msg && strcmp(msg, "no error") ? msg : fallback);
	lv->virResetLastError();
}

int vm_libvirt_define(const char *uri, const char *xml, unsigned int flags,
		      struct vm_libvirt_result *r)
{
	unsigned int vflags = flags & VM_LIBVIRT_VALIDATE ? VIR_DOMAIN_DEFINE_VALIDATE : 0;
	const struct vm_libvirt_api *lv;
	char why[sizeof(r->error) / 2];
	virConnectPtr conn;
	virDomainPtr dom;
	char *desc;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	lv = vm_libvirt_api(why, sizeof(why));
	if (!lv) {
		snprintf(r->error, sizeof(r->error), "libvirt cannot be loaded: %s", why);
		return -ECONNREFUSED;
	}
	lv->virSetErrorFunc(NULL, quiet);
	if (lv->virInitialize() < 0) {
		copy_error(lv, r, "libvirt could not initialise");
		return -ECONNREFUSED;
	}
	conn = lv->virConnectOpen(uri);
	if (!conn) {
		copy_error(lv, r, "cannot open the connection");
		return -ECONNREFUSED;
	}
	dom = lv->virDomainDefineXMLFlags(conn, xml, vflags);
	if (!dom) {
		copy_error(lv, r, "the domain was rejected");
		lv->virConnectClose(conn);
		return -EINVAL;
	}
	snprintf(r->name, sizeof(r->name), "%s", lv->virDomainGetName(dom) ?: "");
	if (lv->virDomainGetUUIDString(dom, r->uuid) < 0)
		r->uuid[0] = '\0';
	desc = lv->virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	if (desc) {
		/* libvirt's allocator is malloc, but keep the ownership explicit. */
		r->xml = strdup(desc);
		free(desc);
		if (!r->xml)
			ret = -ENOMEM;
	}
	if (flags & VM_LIBVIRT_UNDEFINE &&
	    lv->virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_NVRAM) < 0 &&
	    lv->virDomainUndefine(dom) < 0) {
		copy_error(lv, r, "the domain could not be undefined again");
		ret = ret ?: -EIO;
	}
	lv->virDomainFree(dom);
	lv->virConnectClose(conn);
	return ret;
}
