# Probes of build-and-run.sh over the private stack and the containers. Sourced after the stack started (needs
# STACK_DIR, the worker.env settings, docker, tag, api_port, api_key, work, output). Each answers "" or "?" rather
# than failing while its service is down.

sql() { # statement → rows, tab-separated
  runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -h "$STACK_DIR/postgres/sock" -p "$POSTGRES_PORT" \
    -U "${STACK_USER:-tinyunet}" -d "${POSTGRES_DB:-tinyunet}" -v ON_ERROR_STOP=1 -XqtA -F $'\t' -c "$1"
}

queue_count() { # queue name → ready + unacknowledged messages (0 when the queue does not exist, ? when unknown)
  local rows
  rows=$( ( source deploy/local-stack/lib.sh; rabbit_env
    timeout 30 "$RABBIT_BIN/rabbitmqctl" -q list_queues name messages_ready messages_unacknowledged 2>/dev/null ) ) \
    || { echo "?"; return 0; }
  awk -v n="$1" '$1 == n && $2 ~ /^[0-9]+$/ { print $2 + $3; f = 1 } END { if (!f) print 0 }' <<<"$rows"
}

orthanc_segs() { # StudyInstanceUID → SEG instances in Orthanc
  curl -sf -u "$Pacs__Username:$Pacs__Password" -X POST "$orthanc/tools/find" \
    -d "{\"Level\":\"Instance\",\"Query\":{\"StudyInstanceUID\":\"$1\",\"Modality\":\"SEG\"}}" \
    | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo "?"
}

api_get() { # path, file for the body → HTTP status
  curl -s -o "$2" -w '%{http_code}' -H "X-Api-Key: $api_key" "http://127.0.0.1:$api_port$1" || echo 000
}

json_field() { # file, Python expression over j → value
  /usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null || echo "?"
}

health_of() { "$docker" inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$tag-$1" 2>/dev/null || echo gone; }

wait_healthy() { # role → 0 once its HEALTHCHECK says healthy, 1 when it exits or after 300 s
  local start=$SECONDS
  while ((SECONDS - start < 300)); do
    [[ $(health_of "$1") == healthy ]] && return 0
    if [[ $("$docker" inspect -f '{{.State.Running}}' "$tag-$1" 2>/dev/null) != true ]]; then
      echo "error: the $1 container stopped; its last lines:" >&2
      "$docker" logs --tail 30 "$tag-$1" >&2 2>&1 || true
      failures+=("the $1 container stopped before it was healthy")
      return 1
    fi
    sleep 2
  done
  failures+=("the $1 container was not healthy within 300 s ($(health_of "$1"))")
  return 1
}

work_entries() { find "$work" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | grep -c . || true; }
temp_files() { find "$output" -name '*.tmp' 2>/dev/null | grep -c . || true; }

wait_mid_study() { # → 0 once a run folder holds retrieved instances (the worker is into the study), 1 after the timeout
  local start=$SECONDS
  while ((SECONDS - start < timeout_seconds)); do
    [[ -n $(find "$work" -mindepth 2 -name '*.dcm' -print -quit 2>/dev/null) ]] && return 0
    [[ $("$docker" inspect -f '{{.State.Running}}' "$tag-worker" 2>/dev/null) == true ]] || return 1
    sleep 1
  done
  return 1
}
