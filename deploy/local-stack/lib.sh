# Shared by start.sh and stop.sh: paths and the isolated RabbitMQ node environment. Sourced, not run.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=stack.env
source "$here/stack.env"
mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)
PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=${RABBIT_BIN:-/usr/lib/rabbitmq/bin}

rabbit_env() {
  local d=$STACK_DIR/rabbitmq
  # The unwrapped scripts with an isolated node: own cookie (HOME), node name, epmd, files and loopback only.
  export HOME=$d/home
  export RABBITMQ_NODENAME=tinyunet-$RABBITMQ_PORT@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RABBITMQ_PORT RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT
  export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$EPMD_PORT
  export RABBITMQ_MNESIA_BASE=$d/mnesia RABBITMQ_LOG_BASE=$d/log RABBITMQ_PID_FILE=$d/rabbitmq.pid
  export RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins
  export RABBITMQ_CONF_ENV_FILE=$d/rabbitmq-env.conf
  # Erlang writes a crash dump into the working directory otherwise (the repository, when the demo starts it).
  export ERL_CRASH_DUMP=$d/log/erl_crash.dump
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

components() { if (($# == 0)); then echo "rabbitmq postgres orthanc"; else echo "$@"; fi; }
