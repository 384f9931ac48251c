package io.trainyard.contracts.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

  private static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Ádmin../x",
        "ada",
        "UPPER.Case_User",
        "12345",
        "---",
        "日本語",
        "a-very-long-user-name-that-goes-on-and-on-and-on-far-beyond-sixty-three-x"
      })
  void namespaceIsAValidDnsLabelForAnyUserName(String owner) {
    String ns = KubernetesNames.namespace("ty-", owner);

    assertThat(ns).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63).startsWith("ty-");
    assertThat(KubernetesNames.ownerLabel(owner))
        .matches(DNS_1123_LABEL)
        .hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void hostileNameKeepsItsReadablePart() {
    assertThat(KubernetesNames.namespace("ty-", "Ádmin../x")).startsWith("ty-admin-x-");
  }

  @Test
  void seventyCharacterNameIsCutButStaysUnique() {
    String a = "x".repeat(70);
    String b = "x".repeat(69) + "y";

    assertThat(KubernetesNames.namespace("ty-", a)).hasSize(63);
    assertThat(KubernetesNames.namespace("ty-", a))
        .isNotEqualTo(KubernetesNames.namespace("ty-", b));
  }

  @Test
  void namesThatSanitiseAlikeGetDifferentNamespaces() {
    assertThat(KubernetesNames.namespace("ty-", "Ada.Lovelace"))
        .isNotEqualTo(KubernetesNames.namespace("ty-", "ada-lovelace"));
  }

  @Test
  void sameUserAlwaysGetsTheSameNamespace() {
    assertThat(KubernetesNames.namespace("ty-", "Ada"))
        .isEqualTo(KubernetesNames.namespace("ty-", "Ada"));
  }

  @Test
  void onlyDigitsStillStartsWithTheLetterPrefix() {
    assertThat(KubernetesNames.namespace("ty-", "12345")).startsWith("ty-12345-");
  }
}
