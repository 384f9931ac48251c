package io.trainyard.environment.adapters.k8s;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** KubeRay status: {@code conditions} from 1.3 on; {@code state} is the deprecated fallback. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RayClusterStatus {

  public String state;
  public String reason;
  public List<Condition> conditions;
  public Integer readyWorkerReplicas;
  public Integer desiredWorkerReplicas;
  public Long observedGeneration;
  public Head head;

  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Head {
    public String podIP;
    public String serviceIP;
    public String podName;
    public String serviceName;
  }
}
