package io.trainyard.environment.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SameContentTest {

  private final KubernetesSerialization json = new KubernetesSerialization();
  private final KubernetesProperties props =
      new KubernetesProperties(
          null, null, null, null, 0, 0, null, 0, 0, 0, 0, "trainyard", "ty", null, null);

  @Test
  void anObjectAsWantedIsNotWrittenAgainWhateverTheServerAddedToIt() {
    ResourceQuota desired = NamespaceManifests.quota("ada", props);
    ResourceQuota onServer =
        new ResourceQuotaBuilder(desired)
            .editMetadata()
            .withResourceVersion("42")
            .withUid("u")
            .endMetadata()
            .withNewStatus()
            .withUsed(Map.of("pods", new Quantity("3")))
            .endStatus()
            .editSpec()
            .withScopes("NotTerminating")
            .endSpec()
            .build();

    assertThat(SameContent.covers(json, onServer, desired)).isTrue();
  }

  @Test
  void aChangedLimitIsWritten() {
    ResourceQuota desired = NamespaceManifests.quota("ada", props);
    ResourceQuota onServer =
        new ResourceQuotaBuilder(desired)
            .editSpec()
            .addToHard("limits.cpu", new Quantity("1"))
            .endSpec()
            .build();

    assertThat(SameContent.covers(json, onServer, desired)).isFalse();
  }
}
