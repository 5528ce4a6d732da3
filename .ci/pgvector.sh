#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + pgvector cluster on 127.0.0.1 for the EmbeddingStore adapter's integration test.
#
#   source .ci/pgvector.sh start   # installs what is missing, starts the cluster, exports D3MAS_PGVECTOR_*
#   bash   .ci/pgvector.sh stop    # stops it and deletes its data
#
# Debian bookworm has PostgreSQL 15 but no pgvector binary package; Debian trixie's pgvector *source* package
# builds against it in seconds. Installing needs root (apt, and the extension goes into PostgreSQL's own
# directories). Any step that fails leaves the variables unset: the test then skips and says why.
# Used by .ci/run; on your machine, run it the same way to include the pgvector test in `mvn -B -ntp verify`.

pg_port="${D3MAS_PGVECTOR_PORT:-55432}"
pg_data="${TMPDIR:-/tmp}/d3mas-pgvector-$pg_port"
pg_bin=/usr/lib/postgresql/15/bin

pgvector_install() {
  if [ ! -x "$pg_bin/postgres" ] || [ ! -x "$pg_bin/pg_config" ] || ! command -v make >/dev/null \
      || [ ! -d /usr/include/postgresql/15/server ]; then
    echo "pgvector: installing PostgreSQL 15 and its server headers from Debian" >&2
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      postgresql-15 postgresql-server-dev-15 make gcc >&2 || return 1
  fi
  if [ -f /usr/share/postgresql/15/extension/vector.control ]; then
    return 0
  fi
  echo "pgvector: building Debian trixie's pgvector source against PostgreSQL 15" >&2
  local work
  work="$(mktemp -d)"
  mkdir -p "$work/parts" "$work/lists/partial" "$work/cache"
  cat > "$work/parts/trixie-src.sources" <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # apt options that read only this source list: the machine's own apt configuration is not touched
  local apt=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts"
             -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
  (cd "$work" && apt-get "${apt[@]}" update -q >&2 && apt-get "${apt[@]}" source --download-only pgvector >&2) \
    || return 1
  tar -xzf "$work"/pgvector_*.orig.tar.gz -C "$work" || return 1
  (cd "$work"/pgvector-*/ && make -j2 PG_CONFIG="$pg_bin/pg_config" >/dev/null \
    && make install PG_CONFIG="$pg_bin/pg_config" >/dev/null) || return 1
  rm -rf "$work"
}

pgvector_start() {
  if [ "$(id -u)" != 0 ]; then
    echo "pgvector: not root, so PostgreSQL and pgvector cannot be installed here; the pgvector test will skip" >&2
    return 0
  fi
  if ! pgvector_install; then
    echo "pgvector: installing PostgreSQL or pgvector failed; the pgvector test will skip" >&2
    return 0
  fi
  pgvector_stop # a cluster left on this port by an earlier run
  mkdir -p "$pg_data" && chown postgres:postgres "$pg_data"
  local password
  password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  echo "$password" > "$pg_data.pw" && chown postgres "$pg_data.pw" && chmod 600 "$pg_data.pw"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data/db" -U d3mas --pwfile="$pg_data.pw" -A scram-sha-256 \
    >/dev/null || { echo "pgvector: initdb failed; the pgvector test will skip" >&2; return 0; }
  rm -f "$pg_data.pw"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data/db" -l "$pg_data/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_data" start >/dev/null \
    || { echo "pgvector: PostgreSQL did not start (log: $pg_data/log); the pgvector test will skip" >&2; return 0; }
  PGPASSWORD="$password" psql -q -h 127.0.0.1 -p "$pg_port" -U d3mas -d postgres \
    -c "CREATE DATABASE d3mas" -c "\\c d3mas" -c "CREATE EXTENSION vector" >/dev/null \
    || { echo "pgvector: CREATE EXTENSION vector failed; the pgvector test will skip" >&2; return 0; }
  export D3MAS_PGVECTOR_HOST=127.0.0.1 D3MAS_PGVECTOR_PORT="$pg_port" D3MAS_PGVECTOR_DATABASE=d3mas
  export D3MAS_PGVECTOR_USER=d3mas D3MAS_PGVECTOR_PASSWORD="$password"
  echo "pgvector: PostgreSQL 15 with pgvector on 127.0.0.1:$pg_port" >&2
}

pgvector_stop() {
  if [ -d "$pg_data/db" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data/db" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_data"
}

case "${1:-}" in
  start) pgvector_start ;;
  stop) pgvector_stop ;;
  *) echo "usage: source .ci/pgvector.sh start | bash .ci/pgvector.sh stop" >&2; return 2 2>/dev/null || exit 2 ;;
esac
