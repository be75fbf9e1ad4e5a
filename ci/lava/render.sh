#!/bin/sh
# SPDX-License-Identifier: MIT
# Fill a LAVA job template's @NAME@ placeholders from the environment.
#
# usage: KERNEL_URL=... ci/lava/render.sh TEMPLATE >job.yaml
# Every @NAME@ must have a value; a missing one stops with its name (exit 2).
set -eu
tpl=$1
missing=""
script=""
for name in $(grep -o '@[A-Z_][A-Z0-9_]*@' "$tpl" | tr -d @ | sort -u); do
	value=$(printenv "$name" || true)
	if [ -z "$value" ]; then
		missing="$missing $name"
		continue
	fi
	# Escape what sed would read as special in the replacement.
	value=$(printf '%s' "$value" | sed -e 's/[\\|&]/\\&/g')
	script="${script}s|@${name}@|${value}|g;"
done
if [ -n "$missing" ]; then
	echo "render: no value for:$missing" >&2
	exit 2
fi
sed -e "$script" "$tpl"
