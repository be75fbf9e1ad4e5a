# SPDX-License-Identifier: MIT
#
# Checks over the project's own scripts.

CHECKS += check-shell
.PHONY: check-shell
check-shell:
	@echo "== check shell"
	$(Q)scripts/check-shell.sh $(O)/results
