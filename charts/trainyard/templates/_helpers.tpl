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
