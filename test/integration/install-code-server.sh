#!/usr/bin/env bash
# Installs the offline VS Code server (code-server 4.96.4 = VS Code 1.96.4) into
# .vscode-test/code-server/, for the integration suites and `npm start` on machines
# without a desktop VS Code. Reaches only the npm registry. Idempotent: a finished
# install is marked and reused. Facts from ../shared/REAL-VSCODE-OFFLINE.md.
#
# --server-only (npm start): the server and ripgrep, without Chromium, which
# only the integration tests and screenshots drive.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.96.4
DEST=.vscode-test/code-server
MARK="$DEST/.installed-$VERSION"
SERVER_ONLY=0
[ "${1:-}" = "--server-only" ] && SERVER_ONLY=1

need() { command -v "$1" >/dev/null 2>&1; }
# What each missing system package is for, said before anything is installed.
missing=()
why=()
if [ "$SERVER_ONLY" = 0 ] && ! need chromium; then missing+=(chromium); why+=("chromium: the headless browser the integration tests and screenshots drive"); fi
if ! need rg; then missing+=(ripgrep); why+=("ripgrep: search and quick open in the VS Code server"); fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "install-code-server: installing ${missing[*]} with apt-get (running as root):"
    for w in "${why[@]}"; do echo "  - $w"; done
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    # The server runs without them.
    echo "install-code-server: warning: ${missing[*]} not found; install them for:" >&2
    for w in "${why[@]}"; do echo "  - $w" >&2; done
    echo "  (sudo apt-get install -y ${missing[*]})" >&2
  fi
fi
if [ -f "$MARK" ]; then echo "code-server $VERSION: already installed in $DEST"; exit 0; fi

rm -rf "$DEST" && mkdir -p "$DEST"
echo "code-server $VERSION: installing the offline VS Code server (a real VS Code where no desktop one is installed) from the npm registry into $DEST"
(cd "$DEST" && npm pack --silent "code-server@$VERSION" >/dev/null && tar xzf "code-server-$VERSION.tgz" && rm "code-server-$VERSION.tgz")
PKG="$DEST/package"

# The shrinkwrap points @vscode/proxy-agent at a GitHub commit; the registry tarball has the same integrity hash.
node -e '
  const fs = require("fs"); const f = process.argv[1];
  const w = JSON.parse(fs.readFileSync(f, "utf8"));
  const e = w.packages["node_modules/@vscode/proxy-agent"];
  e.resolved = "https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-" + e.version + ".tgz";
  fs.writeFileSync(f, JSON.stringify(w, null, 2));
' "$PKG/lib/vscode/npm-shrinkwrap.json"

echo "code-server $VERSION: installing its dependencies (about a minute)"
for dir in "$PKG" "$PKG/lib/vscode" "$PKG/lib/vscode/extensions"; do
  (cd "$dir" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
done
(cd "$PKG/node_modules/argon2" && npx --yes node-pre-gyp rebuild -C . >/dev/null 2>&1) || echo "install-code-server: argon2 did not build (only needed for password auth)"
(cd "$PKG/lib/vscode" && npm rebuild @parcel/watcher @vscode/spdlog node-pty native-watchdog @vscode/deviceid --loglevel=error >/dev/null)
(cd "$PKG/lib/vscode" && ln -sfn node_modules node_modules.asar)
if need rg; then (cd "$PKG/lib/vscode" && mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg); fi
touch "$MARK"
echo "code-server $VERSION: installed in $DEST"
