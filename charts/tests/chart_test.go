package tests

import (
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/lint/support"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/kubernetes/scheme"
)

func TestHelmLintPassesForTheDefaultAndTheCiValues(t *testing.T) {
	for _, file := range []string{"", "ci/ci-values.yaml"} {
		linter := lint.AllWithKubeVersionAndSchemaValidation(chartDir, readValues(t, file), "trainyard", nil, false)
		for _, m := range linter.Messages {
			// The KubeRay operator is an optional dependency fetched by `helm dependency build`.
			if m.Severity == support.WarningSev && strings.Contains(m.Err.Error(), "missing these dependencies: kuberay-operator") {
				continue
			}
			if m.Severity >= support.WarningSev {
				t.Errorf("values %q: %s", file, m)
			}
		}
	}
}

func TestEveryObjectParsesStrictlyForTheDefaultCiAndStrimziValues(t *testing.T) {
	cases := map[string]*Rendered{
		"default": mustRender(t, readValues(t, "")),
		"ci":      mustRender(t, readValues(t, "ci/ci-values.yaml")),
		"strimzi": mustRender(t, readValues(t, ""), "kafka.strimzi.io/v1beta2/Kafka"),
	}
	for name, r := range cases {
		if len(r.Objects) < 10 {
			t.Errorf("%s: only %d objects rendered", name, len(r.Objects))
		}
	}
}

func deployments(r *Rendered) map[string]*appsv1.Deployment {
	out := map[string]*appsv1.Deployment{}
	for _, o := range r.Objects {
		if d, ok := o.(*appsv1.Deployment); ok {
			out[d.Name] = d
		}
	}
	return out
}

func statefulSets(r *Rendered) map[string]*appsv1.StatefulSet {
	out := map[string]*appsv1.StatefulSet{}
	for _, o := range r.Objects {
		if s, ok := o.(*appsv1.StatefulSet); ok {
			out[s.Name] = s
		}
	}
	return out
}

func envOf(t *testing.T, d *appsv1.Deployment) map[string]corev1.EnvVar {
	t.Helper()
	out := map[string]corev1.EnvVar{}
	for _, e := range d.Spec.Template.Spec.Containers[0].Env {
		if _, dup := out[e.Name]; dup {
			t.Errorf("%s: %s is set twice", d.Name, e.Name)
		}
		out[e.Name] = e
	}
	return out
}

func TestTheFourServicesRunNonRootReadOnlyWithProbesAndResources(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	d := deployments(r)
	for _, c := range []string{"gateway", "environment", "job", "tracking"} {
		dep, ok := d["ty-"+c]
		if !ok {
			t.Fatalf("no Deployment ty-%s", c)
		}
		pod := dep.Spec.Template.Spec
		ctr := pod.Containers[0]
		if ctr.ReadinessProbe == nil || ctr.ReadinessProbe.HTTPGet.Path != "/actuator/health/readiness" {
			t.Errorf("%s: readiness must come from actuator", c)
		}
		if ctr.LivenessProbe == nil || ctr.LivenessProbe.HTTPGet.Path != "/actuator/health/liveness" {
			t.Errorf("%s: liveness must come from actuator", c)
		}
		if ctr.Resources.Requests.Cpu().IsZero() || ctr.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s: requests and limits are required", c)
		}
		sc := ctr.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot ||
			sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("%s: container must be non-root, read-only, without privilege escalation", c)
		}
		if pod.SecurityContext.RunAsUser == nil || *pod.SecurityContext.RunAsUser == 0 {
			t.Errorf("%s: pod must not run as root", c)
		}
		if got := *pod.AutomountServiceAccountToken; got != (c == "environment") {
			t.Errorf("%s: API token mounted = %v; only environment-service talks to Kubernetes", c, got)
		}
	}
}

func TestDisruptionBudgetsOnlyWhereThereIsMoreThanOneReplica(t *testing.T) {
	r := mustRender(t, set(readValues(t, ""), "job.replicas", 3))
	pdbs := map[string]bool{}
	for _, o := range r.Objects {
		if p, ok := o.(*policyv1.PodDisruptionBudget); ok {
			pdbs[p.Name] = true
		}
	}
	if !pdbs["ty-gateway"] || !pdbs["ty-job"] || pdbs["ty-environment"] || pdbs["ty-tracking"] {
		t.Errorf("PDBs: %v; want gateway (2 replicas) and job (3) only", pdbs)
	}
}

func TestEnvironmentServiceHasLeastPrivilegeRbac(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	var role *rbacv1.ClusterRole
	bound := false
	for _, o := range r.Objects {
		switch x := o.(type) {
		case *rbacv1.ClusterRole:
			if x.Name == "ty-environment" {
				role = x
			}
		case *rbacv1.ClusterRoleBinding:
			bound = x.RoleRef.Name == "ty-environment" && x.Subjects[0].Name == "ty-environment" && x.Subjects[0].Namespace == "trainyard"
		case *rbacv1.Role:
			t.Errorf("unexpected Role %s", x.Name)
		}
	}
	if role == nil || !bound {
		t.Fatal("environment-service needs its ClusterRole bound to its ServiceAccount")
	}
	want := map[string]string{
		"/namespaces":                            "get,list,watch,create,update,patch,delete",
		"/resourcequotas":                        "get,list,watch,create,update,patch,delete",
		"/limitranges":                           "get,list,watch,create,update,patch,delete",
		"ray.io/rayclusters":                     "get,list,watch,create,update,patch,delete",
		"/pods":                                  "get,list,watch",
		"/events":                                "get,list,watch",
		"/secrets":                               "get,create,delete",
		"networking.k8s.io/networkpolicies":      "get,list,create,update,patch",
		"rbac.authorization.k8s.io/rolebindings": "get,create,update,patch",
		"rbac.authorization.k8s.io/clusterroles": "bind",
	}
	got := map[string]string{}
	for _, rule := range role.Rules {
		for _, g := range rule.APIGroups {
			for _, res := range rule.Resources {
				got[g+"/"+res] = strings.Join(rule.Verbs, ",")
			}
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: verbs %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("rules grant more than needed: %v", got)
	}
}

func TestIngressIsOneHostToTheGatewayAndCanBeTurnedOff(t *testing.T) {
	on := mustRender(t, readValues(t, ""))
	var ing *networkingv1.Ingress
	for _, o := range on.Objects {
		if x, ok := o.(*networkingv1.Ingress); ok {
			ing = x
		}
	}
	if ing == nil {
		t.Fatal("no Ingress by default")
	}
	if *ing.Spec.IngressClassName != "nginx" || len(ing.Spec.Rules) != 1 || ing.Spec.Rules[0].Host != "trainyard.local" {
		t.Errorf("ingress: class %s rules %+v", *ing.Spec.IngressClassName, ing.Spec.Rules)
	}
	path := ing.Spec.Rules[0].HTTP.Paths[0]
	if path.Path != "/" || path.Backend.Service.Name != "ty-gateway" {
		t.Errorf("everything must go to the gateway, got %+v", path)
	}
	if !strings.Contains(on.Notes, "http://trainyard.local/") {
		t.Errorf("NOTES must give the URL:\n%s", on.Notes)
	}

	ci := mustRender(t, readValues(t, "ci/ci-values.yaml"))
	for _, o := range ci.Objects {
		if x, ok := o.(*networkingv1.Ingress); ok {
			if *x.Spec.IngressClassName != "traefik" || x.Spec.TLS[0].SecretName != "trainyard-tls" {
				t.Errorf("class and TLS from values: %+v", x.Spec)
			}
		}
	}
	if !strings.Contains(ci.Notes, "https://trainyard.ci.example.com/") {
		t.Errorf("NOTES must give the https URL:\n%s", ci.Notes)
	}

	off := mustRender(t, set(readValues(t, ""), "ingress.enabled", false))
	for _, o := range off.Objects {
		if _, ok := o.(*networkingv1.Ingress); ok {
			t.Error("ingress.enabled=false still renders an Ingress")
		}
	}
	if !strings.Contains(off.Notes, "port-forward svc/ty-gateway 8080:8080") {
		t.Errorf("without ingress, NOTES must say how to reach the UI:\n%s", off.Notes)
	}
}

func TestGpuClustersGetTheGpuRayImageAndAGpuQuota(t *testing.T) {
	values := set(readValues(t, ""), "environment.quota.maxGpusPerUser", 4)
	env := envOf(t, deployments(mustRender(t, values))["ty-environment"])
	if got := env["TRAINYARD_KUBERNETES_GPU_RAY_IMAGE"].Value; got != "docker.io/trainyard/ray:2.60.0-gpu" {
		t.Errorf("GPU image %q", got)
	}
	if got := env["TRAINYARD_KUBERNETES_RAY_IMAGE"].Value; got != "docker.io/trainyard/ray:2.60.0-cpu" {
		t.Errorf("CPU image %q", got)
	}
	if got := env["TRAINYARD_ENVIRONMENTS_QUOTA_MAX_GPUS"].Value; got != "4" {
		t.Errorf("GPU quota %q", got)
	}
	ci := envOf(t, deployments(mustRender(t, readValues(t, "ci/ci-values.yaml")))["ty-environment"])
	if got := ci["TRAINYARD_KUBERNETES_GPU_RAY_IMAGE"].Value; got != "registry.example.com/ml/ray:2.60.0-cu128" {
		t.Errorf("a GPU image from values is used as given, got %q", got)
	}
}

func TestBundledKafkaPostgresqlAndMlflowByDefault(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	sts := statefulSets(r)
	if sts["ty-kafka"] == nil || sts["ty-postgresql"] == nil {
		t.Fatalf("StatefulSets: %v", keys(sts))
	}
	d := deployments(r)
	if d["ty-mlflow"] == nil {
		t.Fatal("no MLflow")
	}
	args := strings.Join(d["ty-mlflow"].Spec.Template.Spec.Containers[0].Args, " ")
	for _, want := range []string{"postgresql://$(DB_USER):$(DB_PASSWORD)@ty-postgresql:5432/mlflow", "--allowed-hosts", "ty-mlflow.trainyard.svc.cluster.local:5000", "--artifacts-destination /mlflow/artifacts"} {
		if !strings.Contains(args, want) {
			t.Errorf("MLflow args lack %q: %s", want, args)
		}
	}
	env := envOf(t, d["ty-gateway"])
	if env["TRAINYARD_KAFKA"].Value != "ty-kafka:9092" || env["TRAINYARD_GATEWAY_DB"].Value != "jdbc:postgresql://ty-postgresql:5432/trainyard_gateway" ||
		env["TRAINYARD_MLFLOW"].Value != "http://ty-mlflow:5000" || env["TRAINYARD_DB_PASSWORD"].ValueFrom.SecretKeyRef.Name != "ty-secrets" {
		t.Errorf("gateway wiring: %+v", env)
	}
}

func TestExternalKafkaPostgresqlMlflowAndS3ReplaceTheBundledOnes(t *testing.T) {
	r := mustRender(t, readValues(t, "ci/ci-values.yaml"))
	if s := statefulSets(r); len(s) != 0 {
		t.Errorf("external parts must not be deployed, got StatefulSets %v", keys(s))
	}
	d := deployments(r)
	if d["ty-mlflow"] != nil {
		t.Error("external MLflow must not be deployed")
	}
	for _, c := range []string{"gateway", "environment", "job", "tracking"} {
		env := envOf(t, d["ty-"+c])
		if env["TRAINYARD_KAFKA"].Value != "kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092" {
			t.Errorf("%s: Kafka %q", c, env["TRAINYARD_KAFKA"].Value)
		}
		if env["TRAINYARD_MLFLOW"].Value != "http://mlflow.mlops.svc:5000" {
			t.Errorf("%s: MLflow %q", c, env["TRAINYARD_MLFLOW"].Value)
		}
		ref := env["TRAINYARD_DB_PASSWORD"].ValueFrom.SecretKeyRef
		if ref.Name != "trainyard-db" || ref.Key != "password" {
			t.Errorf("%s: DB password from %s/%s", c, ref.Name, ref.Key)
		}
	}
	if got := envOf(t, d["ty-job"])["TRAINYARD_JOBS_DB"].Value; got != "jdbc:postgresql://postgres.databases.svc:5432/trainyard_jobs" {
		t.Errorf("jobs DB %q", got)
	}
	gw := envOf(t, d["ty-gateway"])
	if gw["TRAINYARD_S3_BUCKET"].Value != "trainyard" || gw["TRAINYARD_S3_ACCESS_KEY"].ValueFrom.SecretKeyRef.Name != "trainyard-s3" {
		t.Errorf("S3 blobs: %+v", gw)
	}
	for _, o := range r.Objects {
		if p, ok := o.(*corev1.PersistentVolumeClaim); ok {
			t.Errorf("with S3 and external parts no volume is needed, got %s", p.Name)
		}
	}
}

func TestStrimziRunsKafkaWhenItsApiIsThere(t *testing.T) {
	r := mustRender(t, readValues(t, ""), "kafka.strimzi.io/v1beta2/Kafka")
	if statefulSets(r)["ty-kafka"] != nil {
		t.Error("with Strimzi there is no Kafka StatefulSet")
	}
	kinds := map[string]bool{}
	for _, u := range r.Custom {
		kinds[u.GetKind()] = true
		if u.GetKind() == "Kafka" && u.GetAnnotations()["strimzi.io/kraft"] != "enabled" {
			t.Error("the Kafka resource must run in KRaft mode")
		}
	}
	if !kinds["Kafka"] || !kinds["KafkaNodePool"] {
		t.Errorf("custom resources: %v", kinds)
	}
	if got := envOf(t, deployments(r)["ty-job"])["TRAINYARD_KAFKA"].Value; got != "ty-kafka-kafka-bootstrap:9092" {
		t.Errorf("bootstrap %q", got)
	}
	forced := mustRender(t, set(readValues(t, ""), "kafka.mode", "statefulset"), "kafka.strimzi.io/v1beta2/Kafka")
	if statefulSets(forced)["ty-kafka"] == nil || len(forced.Custom) != 0 {
		t.Error("kafka.mode=statefulset must win over a present Strimzi")
	}
}

func TestMissingOrWrongValuesAreRefusedWithTheirName(t *testing.T) {
	cases := map[string]func() map[string]interface{}{
		"externalPostgresql.host":        func() map[string]interface{} { return set(readValues(t, ""), "postgresql.enabled", false) },
		"externalKafka.bootstrapServers": func() map[string]interface{} { return set(readValues(t, ""), "kafka.enabled", false) },
		"externalMlflow.url":             func() map[string]interface{} { return set(readValues(t, ""), "mlflow.enabled", false) },
		"mode":                           func() map[string]interface{} { return set(readValues(t, ""), "kafka.mode", "zookeeper") },
		"replicas":                       func() map[string]interface{} { return set(readValues(t, ""), "gateway.replicas", 0) },
		"unknownKey":                     func() map[string]interface{} { return set(readValues(t, ""), "gateway.unknownKey", true) },
	}
	for field, values := range cases {
		_, err := render(t, values())
		// Helm's own `required` names it dotted, the schema check as a JSON pointer.
		if err == nil || !(strings.Contains(err.Error(), field) || strings.Contains(err.Error(), strings.ReplaceAll(field, ".", "/"))) {
			t.Errorf("%s: want an error naming it, got %v", field, err)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestStrictParsingRefusesAnUnknownField(t *testing.T) {
	doc := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n"
	strict := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	if _, _, err := strict.Decode([]byte(doc), nil, nil); err == nil || !strings.Contains(err.Error(), "replica") {
		t.Fatalf("a misspelt field must fail, got %v", err)
	}
}

func TestClustersTokensAreReadOnlyWhereEnvironmentServiceBindsTheReaders(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	var reader *rbacv1.ClusterRole
	for _, o := range r.Objects {
		switch x := o.(type) {
		case *rbacv1.ClusterRole:
			if x.Name == "ty-ray-token-reader" {
				reader = x
			}
			if x.Name == "ty-environment" {
				for _, rule := range x.Rules {
					if strings.Join(rule.Verbs, ",") == "bind" && strings.Join(rule.ResourceNames, ",") != "ty-ray-token-reader" {
						t.Errorf("environment-service may bind only the token reader: %v", rule.ResourceNames)
					}
				}
			}
		case *rbacv1.ClusterRoleBinding:
			if x.RoleRef.Name == "ty-ray-token-reader" {
				t.Errorf("the token reader is bound cluster-wide by %s: it may read user namespaces' Secrets only", x.Name)
			}
		}
	}
	if reader == nil || len(reader.Rules) != 1 || strings.Join(reader.Rules[0].Verbs, ",") != "get" ||
		strings.Join(reader.Rules[0].Resources, ",") != "secrets" {
		t.Fatalf("the token reader must get secrets and nothing else: %+v", reader)
	}
	d := deployments(r)
	for name, account := range map[string]string{"ty-gateway": "ty-ray-caller", "ty-job": "ty-ray-caller", "ty-tracking": "ty-workload"} {
		if got := d[name].Spec.Template.Spec.ServiceAccountName; got != account {
			t.Errorf("%s runs as %s, want %s", name, got, account)
		}
	}
	env := envOf(t, d["ty-environment"])
	if env["TRAINYARD_KUBERNETES_PLATFORM_NAMESPACE"].Value != "trainyard" || env["TRAINYARD_KUBERNETES_TOKEN_READER"].Value != "ty-ray-caller" ||
		env["TRAINYARD_KUBERNETES_TOKEN_READER_ROLE"].Value != "ty-ray-token-reader" {
		t.Errorf("environment-service must know whom to bind in user namespaces: %+v", env)
	}
}

func TestTheServicesShareTheirCredentialsFromTheSecretAndMlflowRunsItsAuthApp(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	d := deployments(r)
	for _, name := range []string{"ty-gateway", "ty-environment", "ty-job", "ty-tracking"} {
		env := envOf(t, d[name])
		if ref := env["TRAINYARD_SERVICE_TOKEN"].ValueFrom; ref == nil || ref.SecretKeyRef.Key != "service-token" {
			t.Errorf("%s: no service credential from the Secret", name)
		}
	}
	for _, name := range []string{"ty-gateway", "ty-job", "ty-tracking"} {
		if ref := envOf(t, d[name])["TRAINYARD_MLFLOW_USER_SECRET"].ValueFrom; ref == nil || ref.SecretKeyRef.Key != "mlflow-user-secret" {
			t.Errorf("%s: no MLflow user secret", name)
		}
	}
	if _, ok := envOf(t, d["ty-environment"])["TRAINYARD_MLFLOW_USER_SECRET"]; ok {
		t.Error("environment-service does not act on MLflow and must not hold its user secret")
	}
	if ref := envOf(t, d["ty-tracking"])["TRAINYARD_MLFLOW_ADMIN_PASSWORD"].ValueFrom; ref == nil || ref.SecretKeyRef.Key != "mlflow-admin-password" {
		t.Error("tracking-service needs MLflow's admin password")
	}
	for _, name := range []string{"ty-gateway", "ty-job", "ty-environment"} {
		if _, ok := envOf(t, d[name])["TRAINYARD_MLFLOW_ADMIN_PASSWORD"]; ok {
			t.Errorf("%s must not hold MLflow's admin password", name)
		}
	}
	if got := envOf(t, d["ty-job"])["TRAINYARD_MLFLOW_FOR_JOBS"].Value; got != "http://ty-gateway.trainyard.svc:8080/mlflow" {
		t.Errorf("jobs' code must reach MLflow through the gateway, got %q", got)
	}
	mlflow := d["ty-mlflow"].Spec.Template.Spec.Containers[0]
	if args := strings.Join(mlflow.Args, " "); !strings.Contains(args, "--app-name basic-auth") {
		t.Errorf("MLflow without its auth app: %s", args)
	}
	menv := map[string]bool{}
	for _, e := range mlflow.Env {
		menv[e.Name] = true
	}
	for _, want := range []string{"MLFLOW_AUTH_DATABASE_URI", "MLFLOW_AUTH_ADMIN_PASSWORD", "MLFLOW_FLASK_SERVER_SECRET_KEY"} {
		if !menv[want] {
			t.Errorf("MLflow lacks %s", want)
		}
	}
}

func TestOnlyTheGatewayTakesConnectionsFromOutsideTheRelease(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	policies := map[string]*networkingv1.NetworkPolicy{}
	for _, o := range r.Objects {
		if p, ok := o.(*networkingv1.NetworkPolicy); ok {
			policies[p.Name] = p
		}
	}
	internal := policies["ty-internal"]
	if internal == nil {
		t.Fatalf("NetworkPolicies: %v", keys(policies))
	}
	sel := internal.Spec.PodSelector
	if sel.MatchLabels["app.kubernetes.io/instance"] == "" || len(sel.MatchExpressions) != 1 ||
		sel.MatchExpressions[0].Operator != "NotIn" || sel.MatchExpressions[0].Values[0] != "gateway" {
		t.Errorf("the internal policy must cover every pod of the release but the gateway: %+v", sel)
	}
	from := internal.Spec.Ingress[0].From
	if len(internal.Spec.Ingress) != 1 || len(from) != 1 || from[0].NamespaceSelector != nil ||
		from[0].PodSelector.MatchLabels["app.kubernetes.io/instance"] == "" {
		t.Errorf("internal pods take connections from the release's pods only: %+v", internal.Spec.Ingress)
	}
	gw := policies["ty-gateway"]
	if gw == nil || len(gw.Spec.Ingress) != 1 || gw.Spec.Ingress[0].Ports[0].Port.IntValue() != 8080 {
		t.Errorf("the gateway takes its HTTP port only: %+v", gw)
	}
	off := mustRender(t, set(readValues(t, ""), "networkPolicy.enabled", false))
	for _, o := range off.Objects {
		if _, ok := o.(*networkingv1.NetworkPolicy); ok {
			t.Error("networkPolicy.enabled=false still renders a NetworkPolicy")
		}
	}
}

func TestOidcWithoutAnAudienceIsRefusedByName(t *testing.T) {
	v := set(readValues(t, ""), "gateway.oidc.jwkSetUri", "https://sso.example.com/certs")
	if _, err := render(t, v); err == nil || !strings.Contains(err.Error(), "gateway.oidc.audience") {
		t.Fatalf("want an error naming gateway.oidc.audience, got %v", err)
	}
}
