#!/bin/bash
# Creates the topics of topics.txt (name, partitions, retention.ms) on a broker; existing topics are left as they
# are (changing partitions is an operation: docs/operations.md). Usage: create-topics.sh BOOTSTRAP TOPICS_FILE
set -euo pipefail
bootstrap=$1 file=$2 replication=${VAXTRACE_TOPIC_REPLICATION:-1}
while read -r name partitions retention _; do
  case $name in ''|'#'*) continue ;; esac
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" --config "retention.ms=$retention"
done < "$file"
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
