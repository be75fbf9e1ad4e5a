# doc: the vfctl(1) man page. `make check` renders it with groff's warnings
# on and checks that it documents every command `vfctl --help` lists and
# every finding id (with its severity) that vm check's sources emit.
CHECKS += check-man
.PHONY: check-man
check-man: $(O)/plain/bin/vfctl
	@echo "== check man"
	$(Q)mkdir -p $(O)/results && doc/check_man.sh $(O)/plain/bin/vfctl doc/vfctl.1 $(O)/results \
		$(wildcard lib/vm/*.c)
