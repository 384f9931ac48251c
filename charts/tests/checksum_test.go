package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"testing"
)

// A YAML plain scalar of digits is a number, and a pod annotation must be a string: the API
// server refuses the Deployment. The secrets' checksum is 16 hex digits of random secrets, so
// about one install in 1,850 ((16/10)^16) drew such a value.
var numberLike = regexp.MustCompile(`^[0-9]+$`)

func TestTheSecretsChecksumAnnotationStaysAStringWhenItsHexLooksLikeANumber(t *testing.T) {
	var body, sum string
	for salt := 0; sum == ""; salt++ {
		candidate := fmt.Sprintf("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ty-secrets\n# salt %d\n", salt)
		digest := sha256.Sum256([]byte(candidate))
		if h := hex.EncodeToString(digest[:])[:16]; numberLike.MatchString(h) {
			body, sum = candidate, h
		}
	}
	c := loadChart(t)
	for _, f := range c.Templates {
		if f.Name == "templates/secrets.yaml" {
			f.Data = []byte(body)
		}
	}
	r, err := renderChart(t, c, readValues(t, ""))
	if err != nil {
		t.Fatalf("checksum %s: %v", sum, err)
	}
	rendered := deployments(r)
	for _, name := range []string{"ty-gateway", "ty-environment", "ty-job", "ty-tracking"} {
		d := rendered[name]
		if d == nil {
			t.Fatalf("no Deployment %s", name)
		}
		if got := d.Spec.Template.Annotations["checksum/secrets"]; got != sum {
			t.Errorf("%s: checksum/secrets = %q, want %q", name, got, sum)
		}
	}
}
