#!/usr/bin/env bash
# Source it: installs two MCP servers we did not write, from npm, outside the repository:
# @modelcontextprotocol/server-everything (echo, sums, errors, a long-running tool, stdio and streamable HTTP) and
# @modelcontextprotocol/server-filesystem, and the MCP Inspector (its headless --cli calls our MCP server);
# exports D3MAS_MCP_SERVERS, the folder whose node_modules holds the servers, for the MCP tests in d3mas-llm, and
# D3MAS_MCP_INSPECTOR, the inspector's command, for McpServerMainTest in d3mas-examples. Never fatal: without Node.js or npm it says so, and the tests fail only where
# D3MAS_REQUIRE_SERVICES=1 (source .ci/openai-mock.sh first: it installs Debian's nodejs and npm if missing).
D3MAS_MCP_SERVERS_VERSION=2026.8.31
D3MAS_MCP_INSPECTOR_VERSION=2.12.0
_dir="${HOME}/.cache/d3mas/mcp-servers-${D3MAS_MCP_SERVERS_VERSION}"
_mods="${_dir}/node_modules/@modelcontextprotocol"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "mcp-servers: no node/npm on the PATH; the MCP tests will skip (or fail in CI)"
else
  if [ ! -f "${_mods}/server-everything/dist/index.js" ] || [ ! -f "${_mods}/server-filesystem/dist/index.js" ]; then
    mkdir -p "${_dir}"
    echo "mcp-servers: installing server-everything and server-filesystem ${D3MAS_MCP_SERVERS_VERSION} into ${_dir}"
    (cd "${_dir}" && npm install --no-audit --no-fund --silent \
        "@modelcontextprotocol/server-everything@${D3MAS_MCP_SERVERS_VERSION}" \
        "@modelcontextprotocol/server-filesystem@${D3MAS_MCP_SERVERS_VERSION}" \
      >/tmp/d3mas-mcp-servers-install.log 2>&1) \
      || echo "mcp-servers: the install failed (see /tmp/d3mas-mcp-servers-install.log)"
  fi
  if [ -f "${_mods}/server-everything/dist/index.js" ] && [ -f "${_mods}/server-filesystem/dist/index.js" ]; then
    export D3MAS_MCP_SERVERS="${_dir}"
  fi
  _insp="${HOME}/.cache/d3mas/mcp-inspector-${D3MAS_MCP_INSPECTOR_VERSION}"
  if [ ! -x "${_insp}/node_modules/.bin/mcp-inspector" ]; then
    mkdir -p "${_insp}"
    echo "mcp-servers: installing @modelcontextprotocol/inspector@${D3MAS_MCP_INSPECTOR_VERSION} into ${_insp}"
    (cd "${_insp}" && npm install --no-audit --no-fund --silent \
        "@modelcontextprotocol/inspector@${D3MAS_MCP_INSPECTOR_VERSION}" >/tmp/d3mas-mcp-inspector-install.log 2>&1) \
      || echo "mcp-servers: the inspector install failed (see /tmp/d3mas-mcp-inspector-install.log)"
  fi
  if [ -x "${_insp}/node_modules/.bin/mcp-inspector" ]; then
    export D3MAS_MCP_INSPECTOR="${_insp}/node_modules/.bin/mcp-inspector"
  fi
fi
unset _dir _mods _insp
