{{/*
One Trainyard service: Deployment, Service and, with more than one replica, a PodDisruptionBudget.
Arguments: root, component (gateway|environment|job|tracking), env (a list of EnvVar), serviceAccount.
*/}}
{{- define "trainyard.service" -}}
{{- $root := .root -}}
{{- $v := index $root.Values .component -}}
{{- $name := printf "%s-%s" (include "trainyard.name" $root) .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "trainyard.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  replicas: {{ $v.replicas }}
  selector:
    matchLabels:
      {{- include "trainyard.selector" (dict "root" $root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "trainyard.selector" (dict "root" $root "component" .component) | nindent 8 }}
      annotations:
        checksum/secrets: {{ include (print $root.Template.BasePath "/secrets.yaml") $root | sha256sum | trunc 16 | quote }}
    spec:
      serviceAccountName: {{ .serviceAccount }}
      automountServiceAccountToken: {{ eq .component "environment" }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      terminationGracePeriodSeconds: 40
      containers:
        - name: {{ .component }}
          image: {{ include "trainyard.image" (dict "root" $root "name" (printf "%s-service" .component)) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: PORT
              value: "8080"
            - name: JAVA_TOOL_OPTIONS
              value: "-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"
            - name: TRAINYARD_HOME
              value: /data
            # In a pod every service listens on the pod's address; NetworkPolicies decide who
            # reaches it. On one machine the default is loopback.
            - name: TRAINYARD_LISTEN_ADDRESS
              value: "0.0.0.0"
            - name: TRAINYARD_BIND
              value: "0.0.0.0"
            - name: TRAINYARD_KAFKA
              value: {{ include "trainyard.kafka" $root | quote }}
            # Its own principal on the broker (contracts' KafkaAccess: files/kafka-access.json).
            - name: TRAINYARD_KAFKA_SECURITY_PROTOCOL
              value: {{ include "trainyard.kafkaProtocol" $root | quote }}
            - name: TRAINYARD_KAFKA_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "trainyard.kafkaSecret" $root }}
                  key: {{ include "trainyard.kafkaKey" (dict "root" $root "principal" (printf "%s-service" .component)) }}
            - name: TRAINYARD_MLFLOW
              value: {{ include "trainyard.mlflowUrl" $root | quote }}
            - name: TRAINYARD_DB_USER
              value: {{ include "trainyard.postgresUser" $root | quote }}
            - name: TRAINYARD_DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "trainyard.postgresSecret" $root }}
                  key: {{ include "trainyard.postgresKey" $root }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          readinessProbe:
            httpGet: { path: /actuator/health/readiness, port: http }
            periodSeconds: 5
            failureThreshold: 3
          livenessProbe:
            httpGet: { path: /actuator/health/liveness, port: http }
            periodSeconds: 10
            failureThreshold: 6
          startupProbe:
            httpGet: { path: /actuator/health/liveness, port: http }
            periodSeconds: 5
            failureThreshold: 60
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "trainyard.securityContext" $root | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
            - { name: data, mountPath: /data }
            {{- if and (has .component (list "gateway" "job")) (not $root.Values.s3.enabled) }}
            - { name: blobs, mountPath: /data/blobs }
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        - name: data
          emptyDir: {}
        {{- if and (has .component (list "gateway" "job")) (not $root.Values.s3.enabled) }}
        - name: blobs
          persistentVolumeClaim:
            claimName: {{ include "trainyard.name" $root }}-blobs
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "trainyard.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  selector:
    {{- include "trainyard.selector" (dict "root" $root "component" .component) | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
{{- if gt (int $v.replicas) 1 }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "trainyard.labels" $root | nindent 4 }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      {{- include "trainyard.selector" (dict "root" $root "component" .component) | nindent 6 }}
{{- end }}
{{- end -}}
