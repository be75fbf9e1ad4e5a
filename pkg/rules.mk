# SPDX-License-Identifier: MIT
#
# Installing the harness like a Debian tool: `make install` (vfctl, its man
# page and bash completion under PREFIX), `make install-dkms` (kernel/ as
# DKMS source in /usr/src/NAME-VERSION, where DKMS looks, whatever PREFIX
# is), their uninstall targets, and the packages of debian/ checked end to
# end in a clean Debian root (check-packages).

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions

DKMS_NAME := $(shell sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' kernel/dkms.conf)
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' kernel/dkms.conf)
DKMS_DIR = /usr/src/$(DKMS_NAME)-$(DKMS_VERSION)
# What Kbuild needs: kernel/'s sources and build files, not the user-space
# seam (compat/user.*) nor the top Makefile's rules.
DKMS_FILES := $(filter-out kernel/compat/user.%,$(sort $(shell find kernel -type f \
	\( -name '*.c' -o -name '*.h' -o -name Kbuild -o -name Makefile -o -name dkms.conf \))))

.PHONY: vfctl-build install uninstall install-dkms uninstall-dkms check-packages

# Only the tool and its bash completion, which the built vfctl writes
# (tools/vfctl/rules.mk); debian/rules builds this, not the test suite.
vfctl-build: $(O)/plain/bin/vfctl $(O)/completion/vfctl

install: $(O)/plain/bin/vfctl $(O)/completion/vfctl
	install -D -m 0755 $(O)/plain/bin/vfctl $(DESTDIR)$(BINDIR)/vfctl
	install -D -m 0644 doc/vfctl.1 $(DESTDIR)$(MANDIR)/man1/vfctl.1
	install -D -m 0644 $(O)/completion/vfctl $(DESTDIR)$(BASHCOMPDIR)/vfctl

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vfctl $(DESTDIR)$(MANDIR)/man1/vfctl.1 \
		$(DESTDIR)$(BASHCOMPDIR)/vfctl

install-dkms:
	$(Q)for f in $(DKMS_FILES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_DIR)/$${f#kernel/} || exit 1; done

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMS_DIR)

# The packages built, linted, installed into a clean Debian root, used,
# DKMS-built for the root's kernel and purged without a trace.
CHECKS += check-packages
check-packages:
	@echo "== check packages"
	$(Q)pkg/check-packages.sh $(O) $(O)/results
