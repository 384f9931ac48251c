package io.trainyard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trainyard.contracts.environment.EnvironmentEvent;
import io.trainyard.contracts.job.JobEvent;
import io.trainyard.contracts.joblog.JobLogEvent;
import io.trainyard.contracts.tracking.TrackingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

  @Test
  void everyPermittedEventHasExactlyOneCatalogueEntry() {
    List<Class<?>> permitted = new ArrayList<>();
    for (Class<?> sealed :
        List.of(
            EnvironmentEvent.class,
            JobEvent.class,
            io.trainyard.contracts.sweep.SweepEvent.class,
            JobLogEvent.class,
            TrackingEvent.class,
            io.trainyard.contracts.user.UserEvent.class,
            io.trainyard.contracts.intake.IntakeEvent.class)) {
      permitted.addAll(leaves(sealed));
    }
    assertThat(EventCatalog.TYPES.stream().<Class<?>>map(EventType::javaType).toList())
        .containsExactlyInAnyOrderElementsOf(permitted);
  }

  /** The records under a sealed interface, through any sealed interfaces between. */
  private static List<Class<?>> leaves(Class<?> type) {
    if (!type.isSealed()) {
      return List.of(type);
    }
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> sub : type.getPermittedSubclasses()) {
      out.addAll(leaves(sub));
    }
    return out;
  }

  @Test
  void wireTypesAreVersionedLogicalNamesNotClassNames() {
    assertThat(EventCatalog.TYPES)
        .allSatisfy(
            t -> {
              assertThat(t.type()).matches("io\\.trainyard\\.[a-z]+\\.[a-z-]+\\.v[0-9]+");
              assertThat(t.type()).doesNotContain(t.javaType().getSimpleName());
            });
  }

  @Test
  void everyTypeHasASchemaOnTheClasspath() {
    assertThat(EventCatalog.TYPES)
        .allSatisfy(
            t ->
                assertThat(getClass().getClassLoader().getResource(t.schemaResource()))
                    .isNotNull());
  }

  @Test
  void sampleCoversTheCatalogue() {
    assertThat(SampleEvents.all().stream().map(EventCatalog::of).map(EventType::type))
        .containsExactlyInAnyOrderElementsOf(
            EventCatalog.TYPES.stream().map(EventType::type).toList());
  }

  @Test
  void asyncApiDocumentNamesEveryTypeAndItsSchemaFile() throws Exception {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Path.of("asyncapi.yaml").toFile());
    assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
    JsonNode messages = doc.path("components").path("messages");
    Set<String> names = new HashSet<>();
    messages.forEach(m -> names.add(m.path("name").asText()));
    for (EventType type : EventCatalog.TYPES) {
      assertThat(names).contains(type.type());
    }
    messages.forEach(
        m -> {
          String ref = m.path("payload").path("$ref").asText();
          if (!ref.isEmpty()) {
            assertThat(Files.exists(Path.of(ref))).as(ref).isTrue();
          }
        });
  }
}
