package tests

import (
	"bytes"
	"os"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

var services = []string{"gateway", "environment", "job", "tracking"}

func TestTheChartGrantsFromContractsOwnAccessTable(t *testing.T) {
	chart, err := os.ReadFile("../trainyard/files/kafka-access.json")
	if err != nil {
		t.Fatal(err)
	}
	contracts, err := os.ReadFile("../../contracts/src/main/resources/kafka-access.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(chart, contracts) {
		t.Error("charts/trainyard/files/kafka-access.json differs from contracts' KafkaAccess table: copy it over")
	}
}

func TestEachServiceSignsInAsItselfWithAPasswordOfItsOwn(t *testing.T) {
	r := mustRender(t, readValues(t, ""))
	d := deployments(r)
	for _, c := range services {
		env := envOf(t, d["ty-"+c])
		ref := env["TRAINYARD_KAFKA_PASSWORD"].ValueFrom.SecretKeyRef
		if ref == nil || ref.Name != "ty-secrets" || ref.Key != "kafka-"+c+"-service" {
			t.Errorf("%s: Kafka password from %+v", c, ref)
		}
		if env["TRAINYARD_KAFKA_SECURITY_PROTOCOL"].Value != "SASL_PLAINTEXT" {
			t.Errorf("%s: protocol %q", c, env["TRAINYARD_KAFKA_SECURITY_PROTOCOL"].Value)
		}
	}
	for _, o := range r.Objects {
		if s, ok := o.(*corev1.Secret); ok && s.Name == "ty-secrets" {
			for _, p := range []string{"admin", "gateway-service", "environment-service", "job-service", "tracking-service"} {
				if len(s.Data["kafka-"+p]) == 0 {
					t.Errorf("no password for principal %s", p)
				}
			}
		}
	}
	ext := envOf(t, deployments(mustRender(t, readValues(t, "ci/ci-values.yaml")))["ty-job"])
	if ref := ext["TRAINYARD_KAFKA_PASSWORD"].ValueFrom.SecretKeyRef; ref.Name != "trainyard-kafka" || ref.Key != "job-service" {
		t.Errorf("external Kafka password from %+v", ref)
	}
	if ext["TRAINYARD_KAFKA_SECURITY_PROTOCOL"].Value != "SASL_SSL" {
		t.Errorf("external protocol %q", ext["TRAINYARD_KAFKA_SECURITY_PROTOCOL"].Value)
	}
}

func TestStrimziAuthenticatesEveryClientAndGrantsEachPrincipalItsOwnAcls(t *testing.T) {
	values := set(readValues(t, ""), "kafka.systems", []interface{}{"acme"})
	r := mustRender(t, values, "kafka.strimzi.io/v1beta2/Kafka")
	acls := map[string][]string{}
	for _, u := range r.Custom {
		switch u.GetKind() {
		case "Kafka":
			listener := u.Object["spec"].(map[string]interface{})["kafka"].(map[string]interface{})["listeners"].([]interface{})[0].(map[string]interface{})
			if listener["authentication"].(map[string]interface{})["type"] != "scram-sha-512" {
				t.Errorf("listener authentication %v", listener["authentication"])
			}
		case "KafkaUser":
			spec := u.Object["spec"].(map[string]interface{})
			acls[u.GetName()] = []string{}
			if a, ok := spec["authorization"].(map[string]interface{}); ok {
				for _, e := range a["acls"].([]interface{}) {
					acl := e.(map[string]interface{})
					res := acl["resource"].(map[string]interface{})
					for _, op := range acl["operations"].([]interface{}) {
						acls[u.GetName()] = append(acls[u.GetName()], op.(string)+" "+res["type"].(string)+" "+res["name"].(string))
					}
				}
			}
		}
	}
	for _, p := range []string{"admin", "gateway-service", "environment-service", "job-service", "tracking-service", "system-acme"} {
		if _, ok := acls[p]; !ok {
			t.Errorf("no KafkaUser %s", p)
		}
	}
	has := func(p, acl string) bool {
		for _, a := range acls[p] {
			if a == acl {
				return true
			}
		}
		return false
	}
	for p, acl := range map[string]string{
		"job-service":         "Write topic trainyard.jobs",
		"tracking-service":    "Write topic trainyard.tracking",
		"gateway-service":     "Read topic trainyard.intake",
		"system-acme":         "Write topic trainyard.intake",
		"environment-service": "Read topic trainyard.environment-requests",
	} {
		if !has(p, acl) {
			t.Errorf("%s lacks %q: %v", p, acl, acls[p])
		}
	}
	for p, acl := range map[string]string{
		"tracking-service": "Write topic trainyard.jobs",
		"gateway-service":  "Write topic trainyard.job-logs",
		"system-acme":      "Write topic trainyard.jobs",
	} {
		if has(p, acl) {
			t.Errorf("%s must not have %q", p, acl)
		}
	}
	// Users' requests travel on topics of their own: each state topic has one writer.
	for _, acl := range []string{"Write topic trainyard.jobs", "Write topic trainyard.environments"} {
		if has("gateway-service", acl) {
			t.Errorf("gateway-service must not have %q", acl)
		}
	}
	for _, acl := range []string{"Write topic trainyard.job-requests", "Write topic trainyard.environment-requests"} {
		if !has("gateway-service", acl) {
			t.Errorf("gateway-service lacks %q", acl)
		}
	}
	for p, acl := range map[string]string{
		"tracking-service": "Read topic trainyard.job-requests",
	} {
		if has(p, acl) {
			t.Errorf("%s must not have %q", p, acl)
		}
	}
	if got := acls["system-acme"]; len(got) != 3 {
		t.Errorf("an outside system writes the intake and reads its answers only: %v", got)
	}
}

func TestTheBundledBrokerTakesOnlySignedInClientsAndItsJobGrantsTheTable(t *testing.T) {
	r := mustRender(t, set(readValues(t, ""), "kafka.systems", []interface{}{"acme"}))
	sts := statefulSets(r)["ty-kafka"]
	env := map[string]string{}
	for _, e := range sts.Spec.Template.Spec.Containers[0].Env {
		env[e.Name] = e.Value
	}
	if env["KAFKA_LISTENERS"] != "SASL_PLAINTEXT://:9092,CONTROLLER://:9093" ||
		env["KAFKA_AUTHORIZER_CLASS_NAME"] != "org.apache.kafka.metadata.authorizer.StandardAuthorizer" ||
		env["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] != "false" {
		t.Errorf("broker security: %v", env)
	}
	var script string
	for _, o := range r.Objects {
		if j, ok := o.(*batchv1.Job); ok && strings.HasPrefix(j.Name, "ty-kafka-access") {
			script = j.Spec.Template.Spec.Containers[0].Args[0]
		}
	}
	for _, want := range []string{
		"--entity-name job-service --add-config",
		"--allow-principal User:job-service --operation Write --topic trainyard.jobs",
		"--allow-principal User:system-acme --operation Write --topic trainyard.intake",
		"--allow-principal User:system-acme --operation Read --topic trainyard.intake.replies.acme",
		"--topic trainyard.intake.replies.acme --partitions",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("the access job lacks %q:\n%s", want, script)
		}
	}
	if strings.Contains(script, "User:tracking-service --operation Write --topic trainyard.jobs") {
		t.Error("tracking-service must not write trainyard.jobs")
	}
}
