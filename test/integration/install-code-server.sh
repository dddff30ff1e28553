#!/usr/bin/env bash
# Installs the offline VS Code server (code-server 4.96.4 = VS Code 1.96.4) into
# .vscode-test/code-server/, for the integration suites and `npm start` on machines
# without a desktop VS Code. Reaches only the npm registry. Idempotent: a finished
# install is marked and reused. Facts from ../shared/REAL-VSCODE-OFFLINE.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.96.4
DEST=.vscode-test/code-server
MARK="$DEST/.installed-$VERSION"
if [ -f "$MARK" ]; then echo "code-server $VERSION: already installed in $DEST"; exit 0; fi

need() { command -v "$1" >/dev/null 2>&1; }
if ! need chromium || ! need rg; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ripgrep >/dev/null
  else
    # The server runs without them; the integration suites need chromium, and search and quick open need rg.
    echo "install-code-server: warning: install chromium and ripgrep for the integration tests and search (sudo apt-get install -y chromium ripgrep)" >&2
  fi
fi

rm -rf "$DEST" && mkdir -p "$DEST"
echo "code-server $VERSION: fetching from the npm registry"
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
