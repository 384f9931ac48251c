package io.trainyard.gateway.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.trainyard.contracts.codec.CloudEventCodec;
import io.trainyard.contracts.template.Template;
import io.trainyard.contracts.template.Templates;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "templates")
class TemplatesController {

  /** The built-in templates; each one's hyperparameters are a JSON Schema a form is made from. */
  @GetMapping("/api/templates")
  List<Map<String, Object>> templates() {
    return Templates.all().stream().map(TemplatesController::plain).toList();
  }

  /** The schema is a Jackson 2 tree; as plain maps any JSON writer renders it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> plain(Template template) {
    return CloudEventCodec.mapper().convertValue(template, Map.class);
  }
}
