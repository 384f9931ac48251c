package io.trainyard.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.contracts.codec.CloudEvent;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.codec.EncodedEvent;
import io.trainyard.contracts.codec.InvalidEventException;
import io.trainyard.contracts.job.JobSubmitted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudEventCodecTest {

  private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");
  private final CloudEventCodec codec = new CloudEventCodec();

  static java.util.List<TrainyardEvent> samples() {
    return SampleEvents.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyEventSurvivesBinaryModeAndMatchesItsSchema(TrainyardEvent event) {
    EncodedEvent encoded = codec.encode(codec.envelope("id-1", "/test", T, event));

    CloudEvent decoded = codec.decode(encoded.headers()::get, encoded.value());

    assertThat(decoded.data()).isEqualTo(event);
    assertThat(decoded.time()).isEqualTo(T);
    assertThat(encoded.key()).isEqualTo(event.key());
    assertThat(text(encoded.headers().get("ce_type"))).isEqualTo(EventCatalog.of(event).type());
  }

  @Test
  void readsStructuredMode() {
    String structured =
        """
        {"specversion":"1.0","id":"e1","source":"/other-system","type":"io.trainyard.job.cancel-requested.v1",
         "time":"2026-11-28T12:00:00Z","datacontenttype":"application/json",
         "data":{"jobId":"j-9","owner":"bob"}}
        """;
    CloudEvent event =
        codec.decode(
            Map.of("content-type", bytes("application/cloudevents+json"))::get, bytes(structured));

    assertThat(event.id()).isEqualTo("e1");
    assertThat(event.data().key()).isEqualTo("j-9");
  }

  @Test
  void rejectsValueThatIsNotJson() {
    assertThatThrownBy(
            () -> codec.decode(headers("io.trainyard.job.submitted.v1")::get, bytes("{oops")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("value is not JSON");
  }

  @Test
  void rejectsUnknownType() {
    assertThatThrownBy(
            () -> codec.decode(headers("io.trainyard.job.exploded.v1")::get, bytes("{}")))
        .hasMessage("unknown ce_type 'io.trainyard.job.exploded.v1'");
  }

  @Test
  void rejectsMissingRequiredFieldNamingIt() {
    String noOwner =
        """
        {"jobId":"j-1","environment":"default","template":"digits-mlp","hyperparameters":{},
         "workers":1,"resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}
        """;
    assertThatThrownBy(
            () -> codec.decode(headers("io.trainyard.job.submitted.v1")::get, bytes(noOwner)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("owner");
  }

  @Test
  void rejectsWrongTypeNamingTheField() {
    String stringWorkers =
        """
        {"jobId":"j-1","owner":"ada","environment":"default","template":"digits-mlp","hyperparameters":{},
         "workers":"two","resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}
        """;
    assertThatThrownBy(
            () -> codec.decode(headers("io.trainyard.job.submitted.v1")::get, bytes(stringWorkers)))
        .hasMessageContaining("workers")
        .hasMessageContaining("integer");
  }

  @Test
  void rejectsSubmissionWithNeitherTemplateNorCode() {
    String neither =
        """
        {"jobId":"j-1","owner":"ada","environment":"default","hyperparameters":{},
         "workers":1,"resources":{"cpuPerWorker":1,"memoryGiPerWorker":1,"gpusPerWorker":0}}
        """;
    assertThatThrownBy(
            () -> codec.decode(headers("io.trainyard.job.submitted.v1")::get, bytes(neither)))
        .isInstanceOf(InvalidEventException.class);
  }

  @Test
  void rejectsMissingCloudEventsHeader() {
    Map<String, byte[]> h = headers("io.trainyard.job.cancel-requested.v1");
    h.remove("ce_id");
    assertThatThrownBy(() -> codec.decode(h::get, bytes("{\"jobId\":\"j\",\"owner\":\"o\"}")))
        .hasMessage("missing header ce_id");
  }

  @Test
  void toleratesFieldsItDoesNotKnowSoProducersCanAddThem() {
    CloudEvent event =
        codec.decode(
            headers("io.trainyard.job.cancel-requested.v1")::get,
            bytes("{\"jobId\":\"j\",\"owner\":\"o\",\"comment\":\"new field\"}"));
    assertThat(event.data().key()).isEqualTo("j");
  }

  @Test
  void keepsHyperparameterTypes() {
    JobSubmitted submitted = (JobSubmitted) SampleEvents.all().get(7);
    EncodedEvent encoded = codec.encode(codec.envelope("i", "/t", T, submitted));
    JobSubmitted back = (JobSubmitted) codec.decode(encoded.headers()::get, encoded.value()).data();
    assertThat(back.hyperparameters().get("epochs")).isEqualTo(5);
    assertThat(back.hyperparameters().get("learningRate")).isEqualTo(0.001);
  }

  private static Map<String, byte[]> headers(String type) {
    Map<String, byte[]> h = new HashMap<>();
    h.put("content-type", bytes("application/json"));
    h.put("ce_specversion", bytes("1.0"));
    h.put("ce_id", bytes("e1"));
    h.put("ce_source", bytes("/test"));
    h.put("ce_type", bytes(type));
    return h;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
