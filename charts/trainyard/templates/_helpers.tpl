{{- define "trainyard.name" -}}
{{- default .Release.Name .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "trainyard.labels" -}}
app.kubernetes.io/name: trainyard
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "trainyard.selector" -}}
app.kubernetes.io/name: trainyard
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "trainyard.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.repository .name $tag -}}
{{- end -}}

{{/* Where each part is: in this release, or the existing one the values name. */}}
{{- define "trainyard.postgresHost" -}}
{{- if .Values.postgresql.enabled -}}{{ include "trainyard.name" . }}-postgresql{{- else -}}{{ required "externalPostgresql.host is required when postgresql.enabled is false" .Values.externalPostgresql.host }}{{- end -}}
{{- end -}}

{{- define "trainyard.postgresPort" -}}
{{- if .Values.postgresql.enabled -}}5432{{- else -}}{{ .Values.externalPostgresql.port }}{{- end -}}
{{- end -}}

{{- define "trainyard.postgresUser" -}}
{{- if .Values.postgresql.enabled -}}{{ .Values.postgresql.username }}{{- else -}}{{ .Values.externalPostgresql.username }}{{- end -}}
{{- end -}}

{{- define "trainyard.postgresSecret" -}}
{{- if and (not .Values.postgresql.enabled) .Values.externalPostgresql.existingSecret -}}{{ .Values.externalPostgresql.existingSecret }}{{- else -}}{{ include "trainyard.name" . }}-secrets{{- end -}}
{{- end -}}

{{- define "trainyard.postgresKey" -}}
{{- if and (not .Values.postgresql.enabled) .Values.externalPostgresql.existingSecret -}}{{ .Values.externalPostgresql.passwordKey }}{{- else -}}postgres-password{{- end -}}
{{- end -}}

{{- define "trainyard.strimzi" -}}
{{- if and .Values.kafka.enabled (or (eq .Values.kafka.mode "strimzi") (and (eq .Values.kafka.mode "auto") (.Capabilities.APIVersions.Has "kafka.strimzi.io/v1beta2/Kafka"))) -}}true{{- end -}}
{{- end -}}

{{- define "trainyard.kafka" -}}
{{- if not .Values.kafka.enabled -}}
{{- required "externalKafka.bootstrapServers is required when kafka.enabled is false" .Values.externalKafka.bootstrapServers -}}
{{- else if include "trainyard.strimzi" . -}}
{{- include "trainyard.name" . }}-kafka-kafka-bootstrap:9092
{{- else -}}
{{- include "trainyard.name" . }}-kafka:9092
{{- end -}}
{{- end -}}

{{- define "trainyard.kafkaProtocol" -}}
{{- if .Values.kafka.enabled -}}SASL_PLAINTEXT{{- else -}}{{ .Values.externalKafka.securityProtocol }}{{- end -}}
{{- end -}}

{{/* Where each principal's SCRAM password is: this release's Secret, or the external one's. */}}
{{- define "trainyard.kafkaSecret" -}}
{{- if .Values.kafka.enabled -}}{{ include "trainyard.name" . }}-secrets{{- else -}}{{ required "externalKafka.existingSecret is required when kafka.enabled is false: a SCRAM password per service principal" .Values.externalKafka.existingSecret }}{{- end -}}
{{- end -}}

{{- define "trainyard.kafkaKey" -}}
{{- if .root.Values.kafka.enabled -}}kafka-{{ .principal }}{{- else -}}{{ .principal }}{{- end -}}
{{- end -}}

{{/* Every principal of the bundled broker: the admin, the services, and each outside system. */}}
{{- define "trainyard.kafkaPrincipals" -}}
{{- $out := list "admin" "gateway-service" "environment-service" "job-service" "tracking-service" -}}
{{- range .Values.kafka.systems -}}
{{- $out = append $out (printf "system-%s" .) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
The ACLs of each principal, from files/kafka-access.json (a copy of contracts' table), as a list
of {principal, resource (topic|group), name, pattern (literal|prefix), operation}.
*/}}
{{- define "trainyard.kafkaAcls" -}}
{{- $access := .Files.Get "files/kafka-access.json" | fromJson -}}
{{- $topics := dict "ENVIRONMENTS" "trainyard.environments" "JOBS" "trainyard.jobs" "ENVIRONMENT_REQUESTS" "trainyard.environment-requests" "JOB_REQUESTS" "trainyard.job-requests" "JOB_LOGS" "trainyard.job-logs" "TRACKING" "trainyard.tracking" "USERS" "trainyard.users" "INTAKE" "trainyard.intake" "DLQ" "trainyard.dlq" -}}
{{- $acls := list -}}
{{- range $stream, $rights := $access.streams -}}
{{- $topic := index $topics $stream -}}
{{- range $writer := $rights.writers -}}
{{- range $op := list "Write" "Create" "DescribeConfigs" "AlterConfigs" -}}
{{- $acls = append $acls (dict "principal" $writer "resource" "topic" "name" $topic "pattern" "literal" "operation" $op) -}}
{{- end -}}
{{- end -}}
{{- range $rights.readers -}}
{{- $acls = append $acls (dict "principal" . "resource" "topic" "name" $topic "pattern" "literal" "operation" "Read") -}}
{{- end -}}
{{- end -}}
{{- range $service := list "gateway-service" "environment-service" "job-service" "tracking-service" -}}
{{- range $op := list "Read" "Describe" "Delete" -}}
{{- $acls = append $acls (dict "principal" $service "resource" "group" "name" $service "pattern" "prefix" "operation" $op) -}}
{{- end -}}
{{- end -}}
{{- range $op := list "Write" "Create" -}}
{{- $acls = append $acls (dict "principal" "gateway-service" "resource" "topic" "name" "trainyard.intake.replies." "pattern" "prefix" "operation" $op) -}}
{{- end -}}
{{- range .Values.kafka.systems -}}
{{- $p := printf "system-%s" . -}}
{{- $acls = append $acls (dict "principal" $p "resource" "topic" "name" "trainyard.intake" "pattern" "literal" "operation" "Write") -}}
{{- $acls = append $acls (dict "principal" $p "resource" "topic" "name" (printf "trainyard.intake.replies.%s" .) "pattern" "literal" "operation" "Read") -}}
{{- $acls = append $acls (dict "principal" $p "resource" "group" "name" $p "pattern" "prefix" "operation" "Read") -}}
{{- end -}}
{{- toJson $acls -}}
{{- end -}}

{{- define "trainyard.kafkaTopics" -}}
{{- $out := list "trainyard.environments" "trainyard.jobs" "trainyard.environment-requests" "trainyard.job-requests" "trainyard.job-logs" "trainyard.tracking" "trainyard.users" "trainyard.intake" "trainyard.dlq" -}}
{{- range .Values.kafka.systems -}}
{{- $out = append $out (printf "trainyard.intake.replies.%s" .) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{- define "trainyard.mlflowUrl" -}}
{{- if .Values.mlflow.enabled -}}http://{{ include "trainyard.name" . }}-mlflow:5000{{- else -}}{{ required "externalMlflow.url is required when mlflow.enabled is false" .Values.externalMlflow.url }}{{- end -}}
{{- end -}}

{{/* A generated secret value that survives upgrades: the one already in the cluster wins. */}}
{{- define "trainyard.keep" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace (printf "%s-secrets" (include "trainyard.name" .root)) -}}
{{- if .value -}}{{ .value | b64enc }}
{{- else if and $existing (index $existing.data .key) -}}{{ index $existing.data .key }}
{{- else -}}{{ randAlphaNum 40 | b64enc }}
{{- end -}}
{{- end -}}

{{- define "trainyard.securityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
