package io.trainyard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Published schemas may only grow compatibly. The snapshots under src/test/resources are the
 * released contract; a breaking change needs a new .v2 type, not an edit.
 */
class SchemaSnapshotTest {

  private static final Path SNAPSHOTS = Path.of("src/test/resources/schema-snapshots");
  private static final Path CURRENT = Path.of("src/main/resources/schemas");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyReleasedSchemaIsStillThereAndCompatible() throws IOException {
    try (Stream<Path> files = Files.list(SNAPSHOTS)) {
      for (Path snapshot : files.toList()) {
        Path current = CURRENT.resolve(snapshot.getFileName());
        assertThat(current).as("released schema %s was deleted", snapshot.getFileName()).exists();
        List<String> problems =
            SchemaCompatibility.breakingChanges(
                json.readTree(snapshot.toFile()), json.readTree(current.toFile()));
        assertThat(problems).as("incompatible change to %s", snapshot.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void everyCurrentSchemaHasASnapshot() throws IOException {
    try (Stream<Path> files = Files.list(CURRENT)) {
      assertThat(files.map(Path::getFileName).map(Path::toString))
          .allSatisfy(name -> assertThat(SNAPSHOTS.resolve(name)).exists());
    }
  }

  @Test
  void detectsRemovedPropertyNewRequiredFieldTypeChangeAndNarrowedEnum() throws IOException {
    JsonNode before =
        json.readTree(
            """
            {"type":"object","required":["a"],"properties":{
              "a":{"type":"string"},"b":{"type":"integer"},"c":{"enum":["x","y"]},"d":{"type":"string"}}}
            """);
    JsonNode after =
        json.readTree(
            """
            {"type":"object","required":["a","d"],"properties":{
              "a":{"type":"string"},"b":{"type":"string"},"c":{"enum":["x"]},"d":{"type":"string"}}}
            """);
    assertThat(SchemaCompatibility.breakingChanges(before, after))
        .containsExactlyInAnyOrder(
            "$.d: newly required",
            "$.b: type changed from \"integer\" to \"string\"",
            "$.c: enum value 'y' removed");
    JsonNode removed =
        json.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
    assertThat(SchemaCompatibility.breakingChanges(before, removed)).contains("$.b: removed");
  }

  @Test
  void addingAnOptionalPropertyIsCompatible() throws IOException {
    JsonNode before =
        json.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
    JsonNode after =
        json.readTree(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"z\":{\"type\":\"number\"}}}");
    assertThat(SchemaCompatibility.breakingChanges(before, after)).isEmpty();
  }
}
