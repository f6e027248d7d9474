#!/usr/bin/env bash
# Brings the programs the test suite runs for real (redis-server, chromium, openssl, OpenStack Swift and memcached) from Debian's packages when
# they are missing, so `npm test` needs nothing pre-installed. Never skips: a failed install fails.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# redis-cli joins the test Redis Cluster's nodes, as an operator would.
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# The playground and gallery tests drive Debian's chromium through playwright-core.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The image intake's TLS test issues itself a throwaway certificate with the openssl CLI.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The S3 picture store is tested against a real S3 server: OpenStack Swift's s3api, which keeps its
# auth tokens in memcached (test/support/swift-s3.ts; recipe in shared/image-hosting.md §3.2).
command -v swift-proxy-server >/dev/null 2>&1 || missing+=(swift-proxy)
command -v swift-object-server >/dev/null 2>&1 || missing+=(swift-object)
command -v swift-container-server >/dev/null 2>&1 || missing+=(swift-container)
command -v swift-account-server >/dev/null 2>&1 || missing+=(swift-account)
command -v memcached >/dev/null 2>&1 || missing+=(memcached)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing test dependencies from Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a system redis on 6379 and memcached on 11211 after install; the tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1; then
  "${sudo_cmd[@]}" systemctl stop redis-server >/dev/null 2>&1 || true
  "${sudo_cmd[@]}" systemctl stop memcached >/dev/null 2>&1 || true
fi
command -v redis-server >/dev/null
command -v redis-cli >/dev/null
command -v chromium >/dev/null
command -v openssl >/dev/null
command -v swift-proxy-server >/dev/null
command -v memcached >/dev/null
