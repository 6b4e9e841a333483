#!/usr/bin/env bash
# IntegrationHub build entry point.
#   ./build.sh demo [extra host arguments]   set up, build, and run the hub on its embedded defaults (Ctrl+C stops it)
#   ./build.sh test                          set up, build, and run every test; exits non-zero on any failure
#   ./build.sh setup                         only the setup steps (idempotent, quick when already done)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

SOLUTION=IntegrationHub.sln
HOST_PROJECT=src/IntegrationHub.Host/IntegrationHub.Host.csproj
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }

setup() {
  # .NET SDK 10 is the only prerequisite. The Kafka client's native library (librdkafka) comes from the
  # librdkafka.redist NuGet package, and the Kafka broker for development and tests is embedded (librdkafka's
  # mock cluster), so there is nothing to apt-get install.
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
  log "restoring packages (skipped by NuGet when nothing changed)"
  dotnet restore "$SOLUTION" --nologo -v quiet
}

demo() {
  setup
  log "building the hub"
  dotnet build "$HOST_PROJECT" -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
  log "starting the hub in demo mode: embedded Kafka, sandbox CRM, demo ERP; API on http://127.0.0.1:5080 (key: demo). Ctrl+C stops it."
  exec dotnet src/IntegrationHub.Host/bin/Release/net10.0/IntegrationHub.Host.dll --Hub:Demo=true "$@"
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
