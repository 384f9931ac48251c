package io.trainyard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  @Test
  void everyTemplateLoadsWithShapesAMetricAndADirection() {
    assertThat(Templates.all()).extracting(Template::id).containsExactlyElementsOf(Templates.IDS);
    assertThat(Templates.all())
        .allSatisfy(
            t -> {
              assertThat(t.inputShape()).isNotEmpty();
              assertThat(t.outputShape()).isNotEmpty();
              assertThat(t.primaryMetric()).isNotBlank();
              assertThat(t.direction()).isNotNull();
            });
  }

  @Test
  void hyperparameterSchemasAcceptTheirOwnDefaultsAndRefuseUnknownNames() throws Exception {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    for (Template t : Templates.all()) {
      var schema = factory.getSchema(t.hyperparameters());
      var defaults = CloudEventCodec.mapper().createObjectNode();
      t.hyperparameters()
          .path("properties")
          .fields()
          .forEachRemaining(f -> defaults.set(f.getKey(), f.getValue().path("default")));
      assertThat(schema.validate(defaults)).as(t.id()).isEmpty();
      defaults.put("nonsense", 1);
      assertThat(schema.validate(defaults)).as(t.id()).isNotEmpty();
    }
  }

  @Test
  void accuracyIsBetterHigherAndRmseLower() {
    assertThat(Templates.byId("digits-mlp").orElseThrow().direction().better(0.97, 0.95)).isTrue();
    assertThat(Templates.byId("tabular-regression").orElseThrow().direction().better(0.3, 0.2))
        .isFalse();
  }
}
