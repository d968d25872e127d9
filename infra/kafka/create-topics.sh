#!/usr/bin/env bash
# Creates every ClaimGuard topic and its dead-letter twin on a real Kafka (docker-compose).
# The list matches ALL_TOPICS in libs/contracts/src/events/topics.ts; the dev mock broker gets the
# same list from the dev runner.
set -euo pipefail
bootstrap="${1:-kafka:9092}"
for service in claims towing repair rental identity; do
  for topic in "$service.events.v1" "$service.events.v1.dlq"; do
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$topic" --partitions 3 --replication-factor 1
  done
done
