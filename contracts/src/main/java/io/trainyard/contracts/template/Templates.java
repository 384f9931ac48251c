package io.trainyard.contracts.template;

import io.trainyard.contracts.codec.CloudEventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The built-in templates, read from {@code templates/<id>.json} on the classpath. */
public final class Templates {

  public static final List<String> IDS =
      List.of("digits-mlp", "digits-cnn", "tabular-regression", "sequence-lstm");

  private static final List<Template> ALL = IDS.stream().map(Templates::load).toList();

  private Templates() {}

  public static List<Template> all() {
    return ALL;
  }

  public static Optional<Template> byId(String id) {
    return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  private static Template load(String id) {
    String resource = "templates/" + id + ".json";
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return CloudEventCodec.mapper().readValue(in, Template.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
