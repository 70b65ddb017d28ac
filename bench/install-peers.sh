#!/usr/bin/env bash
# Install the peer interpreters and measurement tools used by bench/run.sh:
#   lua5.4, hyperfine, and GNU time (/usr/bin/time).
# The python3 peer is Debian's own CPython 3.11 at /usr/bin/python3 (package python3),
# installed too if missing; a python3 elsewhere on PATH (pyenv, ...) is not used by default.
# Idempotent: installs only what is missing. Uses sudo only when not root.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
else
    SUDO=(sudo)
fi

missing=()
command -v lua5.4 >/dev/null 2>&1 || missing+=(lua5.4)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
[ -x /usr/bin/python3 ] || missing+=(python3)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-peers: lua5.4, hyperfine, /usr/bin/time and /usr/bin/python3 are already installed"
else
    echo "install-peers: installing ${missing[*]}"
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

echo "lua5.4:    $(lua5.4 -v 2>&1)"
echo "hyperfine: $(hyperfine --version)"
echo "python3:   /usr/bin/python3 = $(/usr/bin/python3 --version 2>&1)"
echo "time:      $(/usr/bin/time --version 2>&1 | head -n 1)"
