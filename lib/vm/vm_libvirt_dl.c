// SPDX-License-Identifier: MIT
/*
 * Loading libvirt on first use (see vm_libvirt_dl.h).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "vm/vm_libvirt_dl.h"

static struct vm_libvirt_api api;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static char failure[512];

/* One symbol, or NULL with the reason in failure. */
static void *sym(void *dl, const char *name)
{
	const char *err;
	void *p;

	dlerror();
	p = dlsym(dl, name);
	if (!p) {
		err = dlerror();
		snprintf(failure, sizeof(failure), "%s has no %s (%s)", VM_LIBVIRT_SONAME, name,
			 err ? err : "a NULL symbol");
	}
	return p;
}

static int load(void)
{
	const char *err;
	void *dl;

	/*
	 * RTLD_NOW: a missing dependency or symbol shows here, as one
	 * reason, not as a crash in the middle of a check. RTLD_NODELETE:
	 * libvirt starts threads and registers handlers that must outlive
	 * any handle, as they would if it were linked.
	 */
	dl = dlopen(VM_LIBVIRT_SONAME, RTLD_NOW | RTLD_NODELETE);
	if (!dl) {
		err = dlerror();
		snprintf(failure, sizeof(failure), "%s",
			 err ? err : "cannot open " VM_LIBVIRT_SONAME);
		return -1;
	}
	/* The pointer takes the type of libvirt's declaration of the name. */
#define VM_LIBVIRT_RESOLVE(fn)                 \
	api.fn = (typeof(api.fn))sym(dl, #fn); \
	if (!api.fn)                           \
		goto missing;
	VM_LIBVIRT_FUNCS(VM_LIBVIRT_RESOLVE)
#undef VM_LIBVIRT_RESOLVE
	/* Never closed: the handle lives as long as a linked library would. */
	return 1;
missing:
	memset(&api, 0, sizeof(api));
	dlclose(dl);
	return -1;
}

const struct vm_libvirt_api *vm_libvirt_api(char *why, size_t n)
{
	if (!state)
		state = load();
	if (state > 0)
		return &api;
	if (n)
		snprintf(why, n, "%s", failure);
	return NULL;
}
