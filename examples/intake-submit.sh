#!/usr/bin/env bash
# Submits a training job for a user through Trainyard's Kafka intake, as an outside system does,
# and prints the gateway's answer (accepted with the job id, or refused with the reason).
#
#   examples/intake-submit.sh SYSTEM OWNER API_TOKEN ENVIRONMENT [TEMPLATE]
#
# SYSTEM gets its own principal (system-SYSTEM) on the local broker the first time: it may write
# trainyard.intake and read trainyard.intake.replies.SYSTEM, nothing else. API_TOKEN is OWNER's
# (POST /api/tokens): without it, or with another user's, the request is refused.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
system="$1" owner="$2" token="$3" environment="$4" template="${5:-digits-mlp}"

config="$(./trainyard kafka system "$system")"
request="$system-$(date +%s)-$RANDOM"
# A structured-mode CloudEvent: the envelope and the request in one JSON value.
printf '{"specversion":"1.0","id":"%s","source":"/systems/%s","type":"io.trainyard.intake.requested.v1",'\
'"datacontenttype":"application/json","data":{"requestId":"%s","system":"%s","owner":"%s",'\
'"token":"%s","action":"submit-job","job":{"environment":"%s","template":"%s","workers":1,'\
'"hyperparameters":{"epochs":1}}}}\n' \
  "$request" "$system" "$request" "$system" "$owner" "$token" "$environment" "$template" |
  ./trainyard kafka produce --config "$config" --topic trainyard.intake --key "$request" \
    --header content-type=application/cloudevents+json
./trainyard kafka consume --config "$config" --topic "trainyard.intake.replies.$system" \
  --key "$request" --timeout 90
