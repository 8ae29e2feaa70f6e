{{/* Chart name, truncated to the 63 characters Kubernetes allows in names and labels. */}}
{{- define "tinyunet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: release-chart unless the release name already contains the chart name. */}}
{{- define "tinyunet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "tinyunet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "tinyunet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: call with (dict "ctx" $ "component" "worker"). */}}
{{- define "tinyunet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tinyunet.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The image reference: the tag defaults to the chart's appVersion. */}}
{{- define "tinyunet.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret that holds credentials: an existing one, or the chart's. */}}
{{- define "tinyunet.secretName" -}}
{{- default (include "tinyunet.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* ServiceAccount of the long-running pods. */}}
{{- define "tinyunet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tinyunet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Output store claim: an existing one, or the chart's. */}}
{{- define "tinyunet.claimName" -}}
{{- default (printf "%s-output" (include "tinyunet.fullname" .)) .Values.storage.existingClaim }}
{{- end }}

{{/* Database connection string (owner role) from the Secret. */}}
{{- define "tinyunet.databaseEnv" -}}
- name: Database__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ include "tinyunet.secretName" . }}
      key: {{ .Values.secrets.keys.databaseConnectionString }}
{{- end }}

{{/* RabbitMQ credentials from the Secret. */}}
{{- define "tinyunet.rabbitmqEnv" -}}
- name: RabbitMq__Username
  valueFrom:
    secretKeyRef:
      name: {{ include "tinyunet.secretName" . }}
      key: {{ .Values.secrets.keys.rabbitmqUsername }}
- name: RabbitMq__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "tinyunet.secretName" . }}
      key: {{ .Values.secrets.keys.rabbitmqPassword }}
{{- end }}

{{/* PACS credentials from the Secret, under the section name given: (dict "ctx" $ "section" "Pacs"). Optional keys: an open PACS needs none. */}}
{{- define "tinyunet.pacsEnv" -}}
- name: {{ .section }}__Username
  valueFrom:
    secretKeyRef:
      name: {{ include "tinyunet.secretName" .ctx }}
      key: {{ .ctx.Values.secrets.keys.pacsUsername }}
      optional: true
- name: {{ .section }}__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "tinyunet.secretName" .ctx }}
      key: {{ .ctx.Values.secrets.keys.pacsPassword }}
      optional: true
{{- end }}

{{/* Volumes every TinyUNet pod has: a writable /tmp under the read-only root filesystem. */}}
{{- define "tinyunet.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.storage.tmpSizeLimit }}
{{- end }}
