# Sourced by ./dev and .ci/run: puts the project's Node 22 and pnpm first on PATH and points
# Prisma at the schema-engine stand-in where the machine cannot download Prisma's engine.
CLAIMGUARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CLAIMGUARD_ROOT
: "${CLAIMGUARD_NODE_PREFIX:=/opt/node22}"
if [ ! -w "$(dirname "$CLAIMGUARD_NODE_PREFIX")" ] && [ ! -d "$CLAIMGUARD_NODE_PREFIX" ]; then
  CLAIMGUARD_NODE_PREFIX="$HOME/.claimguard/node22"
fi
export CLAIMGUARD_NODE_PREFIX
case ":$PATH:" in
  *":$CLAIMGUARD_NODE_PREFIX/bin:"*) ;;
  *) export PATH="$CLAIMGUARD_NODE_PREFIX/bin:$PATH" ;;
esac
_engine="$CLAIMGUARD_ROOT/../shared/tools/prisma-schema-engine"
if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ] && [ -f "$_engine/schema-engine.mjs" ]; then
  export PRISMA_SCHEMA_ENGINE_BINARY="$_engine/schema-engine.mjs"
fi
unset _engine
export NEXT_TELEMETRY_DISABLED=1 KAFKAJS_NO_PARTITIONER_WARNING=1 PRISMA_HIDE_UPDATE_MESSAGE=1
