#!/usr/bin/env bash
# Provisions a Debian/Ubuntu machine (as root) with what the tests need: a running Docker Engine,
# Chromium for the end-to-end tests and the test images made with `docker import` (no registry is
# reachable on the build machines). Idempotent: run it as often as you like.
set -euo pipefail

log() { printf '[test-host] %s\n' "$*"; }

need_pkgs=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_cmd dockerd || need_pkgs+=(docker.io)
have_cmd docker-compose || need_pkgs+=(docker-compose)
# docker-compose v1 reaches DOCKER_HOST=ssh:// through paramiko: the stacks bench measures that peer way.
/usr/bin/python3 -c 'import paramiko' 2>/dev/null || need_pkgs+=(python3-paramiko)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
[ -x /usr/sbin/sshd ] || need_pkgs+=(openssh-server)
[ -x /usr/bin/caddy ] || need_pkgs+=(caddy)
have_cmd curl || need_pkgs+=(curl)
# The docker CLI may be preinstalled without dockerd; docker.io brings both.
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-host: missing packages (${need_pkgs[*]}); run this script as root" >&2
    exit 1
  fi
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/tmp/test-host-apt.log 2>&1 || {
    cat /tmp/test-host-apt.log >&2
    exit 1
  }
fi

docker_answers() { timeout 5 docker version >/dev/null 2>&1; }
if ! docker_answers; then
  # A daemon still shutting down (or still starting) must be left to finish first: a second one
  # would fight it for containerd's socket.
  for _ in $(seq 1 60); do
    pgrep -x dockerd >/dev/null 2>&1 || break
    docker_answers && break
    sleep 0.5
  done
fi
if ! docker_answers; then
  log "starting dockerd"
  # No systemd here: run the daemon ourselves. A stale pid file from a killed daemon blocks startup.
  rm -f /var/run/docker.pid
  nohup dockerd >>/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 120); do
    docker_answers && break
    sleep 0.5
  done
  docker_answers || { echo "test-host: dockerd did not come up; see /tmp/dockerd.log" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
fi
log "docker $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# Test images. Each is rebuilt only when missing, so this stays fast on a provisioned machine.
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_busybox_image() {
  local name=$1 answer=$2 dir
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/www/cgi-bin" "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for app in sh sleep usleep httpd echo cat wget ls ps kill true false env date mkdir rm nc; do
    ln -s busybox "$dir/bin/$app"
  done
  printf '%s\n' "$answer" >"$dir/www/index.html"
  printf 'ok\n' >"$dir/www/health"
  # GET /cgi-bin/slow?ms=N answers after N ms (at most 60000): a request still in flight when a
  # deploy switches the route (busybox httpd runs CGI scripts from /www/cgi-bin).
  cat >"$dir/www/cgi-bin/slow" <<'CGI'
#!/bin/sh
ms=${QUERY_STRING#ms=}
case "$ms" in '' | *[!0-9]*) ms=1000 ;; esac
[ "$ms" -gt 60000 ] && ms=60000
usleep $((ms * 1000))
printf 'Content-Type: text/plain\r\n\r\n%s slow %s\n' "$(cat /www/index.html)" "$ms"
CGI
  chmod 0755 "$dir/www/cgi-bin/slow"
  tar -C "$dir" -c . | docker import \
    -c "ENV PATH=/bin TINYFORGE_TEST_BUILDER=$BUSYBOX_BUILDER_SUM" \
    -c 'CMD ["httpd","-f","-p","80","-h","/www"]' \
    -c 'EXPOSE 80' \
    - "$name" >/dev/null
  rm -rf "$dir"
  log "built $name"
}

# Caddy from Debian's package: dynamically linked, so the image carries the libraries ldd names.
build_caddy_image() {
  local name=$1 dir lib
  dir=$(mktemp -d)
  mkdir -p "$dir/usr/bin" "$dir/etc/caddy" "$dir/data" "$dir/config" "$dir/tmp"
  cp /usr/bin/caddy "$dir/usr/bin/caddy"
  for lib in $(ldd /usr/bin/caddy | grep -o '/[^ ]*'); do
    mkdir -p "$dir$(dirname "$lib")"
    cp -L "$lib" "$dir$lib"
  done
  # Admin API inside the container on all interfaces; the host publishes it on 127.0.0.1 only.
  printf '%s\n' '{"admin":{"listen":"0.0.0.0:2019"}}' >"$dir/etc/caddy/config.json"
  tar -C "$dir" -c . | docker import \
    -c 'ENV XDG_DATA_HOME=/data XDG_CONFIG_HOME=/config HOME=/data' \
    -c 'CMD ["/usr/bin/caddy","run","--resume","--config","/etc/caddy/config.json"]' \
    -c 'EXPOSE 80 2019' \
    - "$name" >/dev/null
  rm -rf "$dir"
  log "built $name"
}

# Bash beside busybox: the terminal opens bash when a container has it, sh when not (the busybox
# images). Dynamically linked, so the image carries the libraries ldd names.
build_bash_image() {
  local name=$1 dir lib
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for app in sh sleep stty echo cat ls ps kill true env; do
    ln -s busybox "$dir/bin/$app"
  done
  cp "$(command -v bash)" "$dir/bin/bash"
  for lib in $(ldd "$(command -v bash)" | grep -o '/[^ ]*'); do
    mkdir -p "$dir$(dirname "$lib")"
    cp -L "$lib" "$dir$lib"
  done
  tar -C "$dir" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sleep","3600"]' - "$name" >/dev/null
  rm -rf "$dir"
  log "built $name"
}

# The busybox images carry the checksum of the function that built them: one built by an older
# version of it (without /cgi-bin/slow, say) is rebuilt, not kept because it exists.
BUSYBOX_BUILDER_SUM=$(declare -f build_busybox_image | sha256sum | cut -c1-16)
busybox_current() {
  docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" 2>/dev/null | grep -qx "TINYFORGE_TEST_BUILDER=$BUSYBOX_BUILDER_SUM"
}
busybox_current tinyforge-test/busybox:latest || build_busybox_image tinyforge-test/busybox:latest busybox
image_exists tinyforge-test/caddy:2.6 || build_caddy_image tinyforge-test/caddy:2.6
image_exists tinyforge-test/bash:latest || build_bash_image tinyforge-test/bash:latest
busybox_current tinyforge-test/app:v1 || build_busybox_image tinyforge-test/app:v1 v1
busybox_current tinyforge-test/app:v2 || build_busybox_image tinyforge-test/app:v2 v2

# A Docker registry (pull side only) on 127.0.0.1:5000, so the deploy tests can pull an image that
# is absent locally and watch its progress: no public registry is reachable here. The layout is
# plain files written once by scripts/test-registry/build-layout.mjs (from tinyforge-test/app:v1
# plus layers of a few MB); Debian's caddy serves them as a host process with the headers the
# protocol needs. dockerd treats 127.0.0.0/8 as an insecure registry, so plain HTTP works.
# Cost: about 0.5 s to build the layout and 1 s for the check pull, both only when missing;
# otherwise one HTTP request.
REGISTRY_ADDR=127.0.0.1:5000
REGISTRY_ROOT=/var/lib/tinyforge-test-registry
REGISTRY_BUILDER="$(cd "$(dirname "$0")" && pwd)/test-registry/build-layout.mjs"
registry_digest() { # the v1 manifest digest the layout promises
  sed -n 's/.*"v1": "\(sha256:[0-9a-f]*\)".*/\1/p' "$REGISTRY_ROOT/images.json" 2>/dev/null
}
registry_serves() { # the served v1 manifest carries that digest
  local want
  want=$(registry_digest)
  [ -n "$want" ] && curl -fsS -o /dev/null -D - --max-time 2 \
    "http://$REGISTRY_ADDR/v2/tinyforge-test/layered/manifests/v1" 2>/dev/null | tr -d '\r' |
    grep -qix "docker-content-digest: $want"
}
registry_fresh=0
# Rebuilt when missing or when the builder changed (its images, its Caddyfile): compared by content,
# not mtime, since every checkout makes the builder look new.
builder_sum=$(sha256sum "$REGISTRY_BUILDER" | cut -d' ' -f1)
if [ ! -f "$REGISTRY_ROOT/images.json" ] || [ "$(cat "$REGISTRY_ROOT/builder.sha256" 2>/dev/null)" != "$builder_sum" ]; then
  have_cmd node || { echo "test-host: node is needed to build the test registry" >&2; exit 1; }
  rm -rf "$REGISTRY_ROOT"
  mkdir -p "$REGISTRY_ROOT"
  node "$REGISTRY_BUILDER" "$REGISTRY_ROOT" "$REGISTRY_ADDR"
  echo "$builder_sum" >"$REGISTRY_ROOT/builder.sha256"
  registry_fresh=1
  log "built the test registry layout in $REGISTRY_ROOT"
fi
if [ "$registry_fresh" = 1 ] || ! registry_serves; then
  # Our own earlier instance (old config or layout) is replaced; anything else on the port is not ours.
  old_pid=$(cat /run/tinyforge-test-registry.pid 2>/dev/null || true)
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then
    kill "$old_pid"
    for _ in $(seq 1 20); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if curl -s -o /dev/null --max-time 1 "http://$REGISTRY_ADDR/"; then
    echo "test-host: something that is not the test registry listens on $REGISTRY_ADDR" >&2
    exit 1
  fi
  # `admin off` in the Caddyfile: no admin endpoint on :2019 to collide with the tests' own Caddy.
  nohup caddy run --config "$REGISTRY_ROOT/Caddyfile" --adapter caddyfile \
    --pidfile /run/tinyforge-test-registry.pid >>/tmp/test-registry.log 2>&1 &
  for _ in $(seq 1 50); do registry_serves && break; sleep 0.1; done
  registry_serves || { echo "test-host: the test registry did not come up; see /tmp/test-registry.log" >&2; exit 1; }
  # A pull by the real dockerd proves the layout (digests, sizes, headers); then it is removed so
  # the tests start with the image absent.
  docker pull -q "$REGISTRY_ADDR/tinyforge-test/layered:v1" >/dev/null
  docker rmi "$REGISTRY_ADDR/tinyforge-test/layered:v1" >/dev/null
  log "test registry serving on $REGISTRY_ADDR"
fi

# The same registry behind a login, on 127.0.0.1:5001, for the private-registry tests: a second
# Debian caddy in front of :5000 with `basicauth` (Caddy answers 401 with `WWW-Authenticate: Basic`,
# which dockerd follows with the X-Registry-Auth credentials of the pull). The login is fixed and
# known to the tests (src/main/engine/testing/testRegistry.ts); it guards nothing of value. Checked
# by behaviour, so a changed login or config restarts it: 401 without the login, the v1 manifest with it.
AUTH_REGISTRY_ADDR=127.0.0.1:5001
AUTH_REGISTRY_USER=tinyforge-test
AUTH_REGISTRY_PASSWORD=registry-pass-5001
AUTH_REGISTRY_ROOT=/var/lib/tinyforge-test-registry-auth
auth_registry_serves() {
  local want
  want=$(registry_digest)
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$AUTH_REGISTRY_ADDR/v2/" 2>/dev/null)" = 401 ] &&
    [ -n "$want" ] && curl -fsS -o /dev/null -D - --max-time 2 -u "$AUTH_REGISTRY_USER:$AUTH_REGISTRY_PASSWORD" \
    "http://$AUTH_REGISTRY_ADDR/v2/tinyforge-test/layered/manifests/v1" 2>/dev/null | tr -d '\r' |
    grep -qix "docker-content-digest: $want"
}
if ! auth_registry_serves; then
  old_pid=$(cat /run/tinyforge-test-registry-auth.pid 2>/dev/null || true)
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then
    kill "$old_pid"
    for _ in $(seq 1 20); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if curl -s -o /dev/null --max-time 1 "http://$AUTH_REGISTRY_ADDR/"; then
    echo "test-host: something that is not the authenticated test registry listens on $AUTH_REGISTRY_ADDR" >&2
    exit 1
  fi
  mkdir -p "$AUTH_REGISTRY_ROOT"
  auth_hash=$(caddy hash-password --plaintext "$AUTH_REGISTRY_PASSWORD")
  cat >"$AUTH_REGISTRY_ROOT/Caddyfile" <<CADDY
# Written by scripts/test-host.sh: the test registry on $REGISTRY_ADDR behind a login.
{
	admin off
	auto_https off
}
http://$AUTH_REGISTRY_ADDR {
	basicauth {
		$AUTH_REGISTRY_USER $auth_hash
	}
	reverse_proxy $REGISTRY_ADDR {
		header_up Host $REGISTRY_ADDR
	}
}
CADDY
  nohup caddy run --config "$AUTH_REGISTRY_ROOT/Caddyfile" --adapter caddyfile \
    --pidfile /run/tinyforge-test-registry-auth.pid >>/tmp/test-registry-auth.log 2>&1 &
  for _ in $(seq 1 50); do auth_registry_serves && break; sleep 0.1; done
  auth_registry_serves || { echo "test-host: the authenticated test registry did not come up; see /tmp/test-registry-auth.log" >&2; exit 1; }
  log "authenticated test registry serving on $AUTH_REGISTRY_ADDR"
fi

# A push-capable registry on 127.0.0.1:5002 for the registry-watch tests: they publish a new digest
# under a watched tag with `docker tag` + `docker push`, which the static layout on :5000 cannot take.
# Debian's docker-registry (distribution 2.8) with its own config (no htpasswd: the package's default
# config asks for one, and binds :5000, which is taken), data under /var/lib/tinyforge-test-registry-push.
# Checked by behaviour: /v2/ answers 200 with the distribution API version header.
PUSH_REGISTRY_ADDR=127.0.0.1:5002
PUSH_REGISTRY_ROOT=/var/lib/tinyforge-test-registry-push
[ -x /usr/bin/docker-registry ] || {
  [ "$(id -u)" = 0 ] || { echo "test-host: docker-registry is missing; run this script as root" >&2; exit 1; }
  log "installing docker-registry"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/tmp/test-host-apt.log 2>&1 || {
    cat /tmp/test-host-apt.log >&2
    exit 1
  }
}
push_registry_serves() {
  curl -fsS -o /dev/null -D - --max-time 2 "http://$PUSH_REGISTRY_ADDR/v2/" 2>/dev/null | tr -d '\r' |
    grep -qix 'docker-distribution-api-version: registry/2.0'
}
if ! push_registry_serves; then
  old_pid=$(cat /run/tinyforge-test-registry-push.pid 2>/dev/null || true)
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then
    kill "$old_pid"
    for _ in $(seq 1 20); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if curl -s -o /dev/null --max-time 1 "http://$PUSH_REGISTRY_ADDR/"; then
    echo "test-host: something that is not the push test registry listens on $PUSH_REGISTRY_ADDR" >&2
    exit 1
  fi
  mkdir -p "$PUSH_REGISTRY_ROOT/data"
  cat >"$PUSH_REGISTRY_ROOT/config.yml" <<YAML
# Written by scripts/test-host.sh: the push-capable test registry (no login).
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $PUSH_REGISTRY_ROOT/data
  delete:
    enabled: true
http:
  addr: $PUSH_REGISTRY_ADDR
YAML
  nohup docker-registry serve "$PUSH_REGISTRY_ROOT/config.yml" >>/tmp/test-registry-push.log 2>&1 &
  echo $! >/run/tinyforge-test-registry-push.pid
  for _ in $(seq 1 50); do push_registry_serves && break; sleep 0.1; done
  push_registry_serves || { echo "test-host: the push test registry did not come up; see /tmp/test-registry-push.log" >&2; exit 1; }
  log "push test registry serving on $PUSH_REGISTRY_ADDR"
fi

# BIND 9 (Debian's bind9) as the authoritative server of a test zone, for the DNS records tests:
# RFC 2136 updates signed with TSIG, and plain queries for drift. Its own config folder and pid
# file, never /etc/bind's default service; 127.0.0.1:5353 (TCP and UDP) only. The keys are test
# fixtures (src/main/engine/testing/testBind.ts holds the same values): the app's key, a SHA-512
# one, and an "outside" key the tests use with nsupdate to change records behind the app's back.
BIND_DIR=/var/lib/tinyforge-test-bind
BIND_PORT=5353
BIND_ZONE=tinyforge.test
[ -x /usr/sbin/named ] && have_cmd dig && have_cmd nsupdate || {
  log "installing bind9 bind9-dnsutils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq bind9 bind9-dnsutils >/tmp/test-host-apt.log 2>&1 || { cat /tmp/test-host-apt.log >&2; exit 1; }
}
bind_serves() { [ "$(dig +tcp +short +time=1 +tries=1 -p "$BIND_PORT" @127.0.0.1 "$BIND_ZONE" SOA 2>/dev/null | awk '{print $1}')" = "ns1.$BIND_ZONE." ]; }
mkdir -p "$BIND_DIR"
cat >"$BIND_DIR/named.conf.next" <<BINDCONF
// Written by scripts/test-host.sh: the DNS records tests' authoritative server.
key "tinyforge-test-key" { algorithm hmac-sha256; secret "dGlueWZvcmdlLXRlc3QtdHNpZy1zZWNyZXQtMjU2IQ=="; };
key "tinyforge-test-sha512" { algorithm hmac-sha512; secret "dGlueWZvcmdlLXRlc3QtdHNpZy1zZWNyZXQtNTEyLWJpdHMtb2YtaXQtYWxsIQ=="; };
key "tinyforge-test-outside" { algorithm hmac-sha256; secret "b3V0c2lkZS10aGUtYXBwLXRzaWctc2VjcmV0LTI1Ng=="; };
options {
  directory "$BIND_DIR";
  pid-file "$BIND_DIR/named.pid";
  listen-on port $BIND_PORT { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
};
controls { };
zone "$BIND_ZONE" {
  type primary;
  file "$BIND_DIR/$BIND_ZONE.zone";
  update-policy { grant tinyforge-test-key zonesub ANY; grant tinyforge-test-sha512 zonesub ANY; grant tinyforge-test-outside zonesub ANY; };
};
BINDCONF
if ! cmp -s "$BIND_DIR/named.conf.next" "$BIND_DIR/named.conf" || ! bind_serves; then
  old_pid=$(cat "$BIND_DIR/named.pid" 2>/dev/null || true)
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then
    kill "$old_pid"
    for _ in $(seq 1 50); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if dig +tcp +time=1 +tries=1 -p "$BIND_PORT" @127.0.0.1 . SOA >/dev/null 2>&1; then
    echo "test-host: something that is not the test BIND answers on 127.0.0.1:$BIND_PORT" >&2
    exit 1
  fi
  mv "$BIND_DIR/named.conf.next" "$BIND_DIR/named.conf"
  # A fresh zone on every (re)start: the journal of the last run's updates goes with it.
  rm -f "$BIND_DIR/$BIND_ZONE.zone.jnl"
  printf '%s\n' '$TTL 300' \
    "@ IN SOA ns1.$BIND_ZONE. hostmaster.$BIND_ZONE. 1 3600 600 86400 60" \
    "@ IN NS ns1.$BIND_ZONE." \
    "ns1 IN A 127.0.0.1" \
    "taken IN TXT \"a record Tinyforge did not create\"" >"$BIND_DIR/$BIND_ZONE.zone"
  named-checkconf "$BIND_DIR/named.conf"
  named -c "$BIND_DIR/named.conf" -L /tmp/test-bind.log
  for _ in $(seq 1 50); do bind_serves && break; sleep 0.1; done
  bind_serves || { echo "test-host: the test BIND did not come up; see /tmp/test-bind.log" >&2; tail -20 /tmp/test-bind.log >&2; exit 1; }
  log "test BIND serving $BIND_ZONE on 127.0.0.1:$BIND_PORT"
else
  rm -f "$BIND_DIR/named.conf.next"
fi

# SSH: the tests start their own sshd instances on 127.0.0.1 with generated keys; they need its
# privilege-separation folder, and a user who may log in but may not use the Docker socket.
mkdir -p /run/sshd
chmod 0755 /run/sshd
if ! id tinyforge-nodocker >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh tinyforge-nodocker
  log "created user tinyforge-nodocker"
fi
# A locked account (no password) cannot log in over SSH even with a key; set an unusable one.
usermod -p '*' tinyforge-nodocker
# A user whose login shell is slow to start, as pyenv, nvm or conda in ~/.bashrc make it (bash
# sources ~/.bashrc for every command sshd runs): the SSH host shell's tests prove a command does
# not wait for it, and still gets the environment it sets. Written every time, so a changed rc
# reaches a machine that already has the user.
if ! id tinyforge-slowrc >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash tinyforge-slowrc
  log "created user tinyforge-slowrc"
fi
usermod -p '*' tinyforge-slowrc
slowrc_home="$(getent passwd tinyforge-slowrc | cut -d: -f6)"
printf '%s\n' '# Written by scripts/test-host.sh: a slow rc file for the SSH host shell tests.' 'sleep 1' 'export TINYFORGE_RC=from-bashrc' >"$slowrc_home/.bashrc"
chown tinyforge-slowrc: "$slowrc_home/.bashrc"

log "ready"
