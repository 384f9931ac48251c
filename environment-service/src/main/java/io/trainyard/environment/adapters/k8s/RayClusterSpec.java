package io.trainyard.environment.adapters.k8s;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;

@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RayClusterSpec {

  public String rayVersion;
  public Boolean enableInTreeAutoscaling;
  public HeadGroupSpec headGroupSpec;
  public List<WorkerGroupSpec> workerGroupSpecs;

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HeadGroupSpec {
    public Map<String, String> rayStartParams;
    public PodTemplateSpec template;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WorkerGroupSpec {
    public String groupName;
    public Integer replicas;
    public Integer minReplicas;
    public Integer maxReplicas;
    public Map<String, String> rayStartParams;
    public PodTemplateSpec template;
  }
}
