#!/usr/bin/env bash
# IntegrationHub build entry point.
#   ./build.sh demo [extra arguments]        set up, build, start the dev environment (vendor sandboxes, development
#                                            Kafka cluster, demo ERP) and the hub pointed at it; Ctrl+C stops both
#   ./build.sh test                          set up, build, and run every test; exits non-zero on any failure
#   ./build.sh setup                         only the setup steps (idempotent, quick when already done)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

SOLUTION=IntegrationHub.sln
HOST_PROJECT=src/IntegrationHub.Host/IntegrationHub.Host.csproj
DEV_PROJECT=src/IntegrationHub.DevEnvironment/IntegrationHub.DevEnvironment.csproj
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }

setup() {
  # The .NET SDK 10 is the prerequisite. The Kafka client's native library (librdkafka) comes from the
  # librdkafka.redist NuGet package, and the Kafka broker for development and tests is embedded (librdkafka's
  # mock cluster). The apt packages are PostgreSQL and Chromium, below.
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET SDK 10 is required (dotnet not found on PATH)." >&2
    exit 1
  fi
  local major
  major=$(dotnet --version | cut -d. -f1)
  if [ "$major" -lt 10 ]; then
    echo "build.sh: the .NET SDK 10 or newer is required (found $(dotnet --version))." >&2
    exit 1
  fi
  # PostgreSQL for the PostgreSQL store's tests (Debian's package; each test run starts a throwaway server of its own
  # in a temp folder, so nothing is configured or started here).
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing PostgreSQL (Debian package postgresql) for the store tests"
    apt_install postgresql
  fi
  # Debian's Chromium for the console's browser tests (Playwright drives it; its own browser download cannot work here).
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium (Debian package chromium) for the console's browser tests"
    apt_install chromium
  fi
  fetch_designer
  log "restoring packages (skipped by NuGet when nothing changed)"
  dotnet restore "$SOLUTION" --nologo -v quiet
}

# Elsa Studio's custom elements (npm package @elsa-workflows/elsa-studio-wasm), served by the hub under /designer. The
# package is fetched once into .designer/ (not committed); npm checks its integrity against the registry.
DESIGNER_PACKAGE=@elsa-workflows/elsa-studio-wasm
DESIGNER_VERSION=3.8.2
DESIGNER_DIR=.designer/elsa-studio-wasm-$DESIGNER_VERSION
fetch_designer() {
  if [ -f "$DESIGNER_DIR/package/_framework/blazor.webassembly.js" ]; then
    return
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "build.sh: npm is required to fetch Elsa Studio ($DESIGNER_PACKAGE@$DESIGNER_VERSION) for the designer." >&2
    exit 1
  fi
  log "fetching Elsa Studio ($DESIGNER_PACKAGE@$DESIGNER_VERSION) for the designer"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "$DESIGNER_PACKAGE@$DESIGNER_VERSION" --silent >/dev/null)
  rm -rf "$DESIGNER_DIR.partial"
  mkdir -p "$DESIGNER_DIR.partial"
  tar -xzf "$tmp"/*.tgz -C "$DESIGNER_DIR.partial"
  rm -rf "$tmp" "$DESIGNER_DIR"
  mv "$DESIGNER_DIR.partial" "$DESIGNER_DIR"
}

# apt-get install, as root or through sudo; the package lists are updated once per run.
APT_UPDATED=
apt_install() {
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "build.sh: installing $* needs root (or sudo): apt-get install $*" >&2
      exit 1
    fi
    sudo="sudo"
  fi
  if [ -z "$APT_UPDATED" ]; then
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

demo() {
  setup
  log "building the hub and the dev environment"
  dotnet build "$HOST_PROJECT" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
  dotnet build "$DEV_PROJECT" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
  # Extra arguments go to both processes; each reads its own settings (Hub:*, Store:*, ... / DevEnvironment:*, Sandbox:*).
  local settings="${DEV_ENVIRONMENT_FILE:-./data/dev-environment.json}"
  rm -f "$settings"
  # A new dev environment is a new world (fresh sandboxes, fresh Kafka): the hub starts on a fresh demo store too, so no
  # cursor or cross-reference of an earlier run points into data that no longer exists. A store named on the command
  # line or in Store__SqlitePath is kept (restarting the hub alone against a running dev environment keeps its store).
  if [[ " $* " != *" --Store:SqlitePath="* && -z "${Store__SqlitePath:-}" ]]; then
    rm -f ./data/hub.db ./data/hub.db-wal ./data/hub.db-shm
  fi
  log "starting the dev environment: vendor sandboxes, development Kafka cluster, demo ERP"
  # Its own session, so the terminal's Ctrl+C reaches the hub only; the dev environment is stopped after the hub.
  setsid dotnet src/IntegrationHub.DevEnvironment/bin/Release/net10.0/IntegrationHub.DevEnvironment.dll \
    "--DevEnvironment:SettingsFile=$settings" "$@" &
  DEV_PID=$!
  HUB_PID=
  trap stop_demo INT TERM
  trap 'kill -TERM "$DEV_PID" 2>/dev/null || true' EXIT
  local waited=0
  until [ -s "$settings" ]; do
    if ! kill -0 "$DEV_PID" 2>/dev/null; then
      wait "$DEV_PID" || true
      echo "build.sh: the dev environment did not start (see above)." >&2
      exit 1
    fi
    if [ "$waited" -ge 600 ]; then
      echo "build.sh: the dev environment wrote no settings within 60 s." >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  log "starting the hub in demo mode, pointed at the dev environment; API on http://127.0.0.1:5080 (key: demo). Ctrl+C stops both."
  dotnet src/IntegrationHub.Host/bin/Release/net10.0/IntegrationHub.Host.dll --Hub:Demo=true "--Hub:DevEnvironmentFile=$settings" "$@" &
  HUB_PID=$!
  local status=0
  wait "$HUB_PID" || status=$?
  # The hub ended by itself (bad settings, crash) or after stop_demo: stop the dev environment too, then report.
  stop_demo_environment
  exit "$status"
}

# Ctrl+C / TERM: the hub first (it finishes and commits in-flight records while Kafka and the CRM still answer), then
# the dev environment.
stop_demo() {
  trap - INT TERM
  if [ -n "${HUB_PID:-}" ] && kill -0 "$HUB_PID" 2>/dev/null; then
    log "stopping the hub"
    kill -TERM "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
  fi
  stop_demo_environment
  exit 0
}

stop_demo_environment() {
  if kill -0 "$DEV_PID" 2>/dev/null; then
    log "stopping the dev environment"
    kill -TERM "$DEV_PID" 2>/dev/null || true
    wait "$DEV_PID" 2>/dev/null || true
  fi
  trap - EXIT
}

run_tests() {
  setup
  log "building everything"
  dotnet build "$SOLUTION" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
  log "running all tests"
  local out status=0
  out=$(mktemp)
  dotnet test "$SOLUTION" -c Release --no-build --nologo 2>&1 | tee "$out" || status=$?
  # One plain summary line over all test projects.
  awk '/(Passed|Failed)!/ {
         for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       }
       END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$out"
  rm -f "$out"
  return "$status"
}

case "${1:-}" in
  demo) shift; demo "$@" ;;
  test) run_tests ;;
  setup) setup ;;
  *) echo "usage: ./build.sh demo|test|setup" >&2; exit 2 ;;
esac
