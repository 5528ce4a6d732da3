#!/usr/bin/env bash
# Source it: installs openai-mock-api (an OpenAI-protocol mock server we did not write, from npm) outside the
# repository and exports D3MAS_OPENAI_MOCK, the path of its CLI, for IndependentServerTest in d3mas-llm.
# Never fatal: without Node.js or npm it says so, and the test fails only where D3MAS_REQUIRE_SERVICES=1.
D3MAS_OPENAI_MOCK_VERSION=0.4.0
_dir="${HOME}/.cache/d3mas/openai-mock-api-${D3MAS_OPENAI_MOCK_VERSION}"
if { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; } \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && grep -qs '^ID=debian' /etc/os-release; then
  echo "openai-mock: installing Debian's nodejs and npm"
  apt-get install -y -q --no-install-recommends nodejs npm >/tmp/d3mas-node-install.log 2>&1 \
    || { apt-get update -q >>/tmp/d3mas-node-install.log 2>&1 \
         && apt-get install -y -q --no-install-recommends nodejs npm >>/tmp/d3mas-node-install.log 2>&1; } \
    || echo "openai-mock: installing nodejs failed (see /tmp/d3mas-node-install.log)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "openai-mock: no node/npm on the PATH; IndependentServerTest will skip (or fail in CI)"
else
  if [ ! -f "${_dir}/node_modules/openai-mock-api/dist/cli.js" ]; then
    mkdir -p "${_dir}"
    echo "openai-mock: installing openai-mock-api@${D3MAS_OPENAI_MOCK_VERSION} into ${_dir}"
    (cd "${_dir}" && npm install --no-audit --no-fund --silent "openai-mock-api@${D3MAS_OPENAI_MOCK_VERSION}" \
      >/tmp/d3mas-openai-mock-install.log 2>&1) \
      || echo "openai-mock: the install failed (see /tmp/d3mas-openai-mock-install.log)"
  fi
  if [ -f "${_dir}/node_modules/openai-mock-api/dist/cli.js" ]; then
    export D3MAS_OPENAI_MOCK="${_dir}/node_modules/openai-mock-api/dist/cli.js"
  fi
fi
unset _dir
