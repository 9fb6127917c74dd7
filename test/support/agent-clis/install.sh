#!/usr/bin/env bash
# Installs the pinned Claude Code and Codex CLIs that the tests drive (not app dependencies) into
# ${ORRERY_TEST_CACHE:-$HOME/.cache/orrery-test}/{claude,codex}. Idempotent: an install of the
# pinned version that runs is kept, so a second call takes well under a second.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
# HOME may be unset in a bare CI environment; os.homedir() in cli-paths.ts then reads passwd too.
cache="${ORRERY_TEST_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/orrery-test}"

# $1 folder, $2 package, $3 version, $4 binary name. The version check runs the binary, not just
# reads package.json: Claude Code's binary is put in place by a postinstall step that may not have run.
install_cli() {
  local prefix="$cache/$1" package="$2" version="$3" bin="$cache/$1/node_modules/.bin/$4"
  local manifest="$prefix/node_modules/$package/package.json"
  if [ -x "$bin" ] && [ -f "$manifest" ] && grep -q "\"version\": \"$version\"" "$manifest" \
    && "$bin" --version </dev/null 2>/dev/null | grep -qF "$version"; then
    echo "agent-clis: $package@$version already installed in $prefix"
    return
  fi
  echo "agent-clis: installing $package@$version into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --save-exact --loglevel=error "$package@$version"
  if ! "$bin" --version </dev/null | grep -qF "$version"; then
    echo "agent-clis: $bin does not report version $version after installing" >&2
    exit 1
  fi
}

install_cli claude @anthropic-ai/claude-code "$CLAUDE_CODE_VERSION" claude
install_cli codex @openai/codex "$CODEX_VERSION" codex
