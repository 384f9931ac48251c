package io.trainyard.environment.adapters.k8s;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How environments look on Kubernetes.
 *
 * @param namespacePrefix user namespaces are this prefix plus the sanitised user name
 * @param rayImage the Ray image for CPU clusters (Ray plus torch and Trainyard's runtime)
 * @param gpuRayImage the image for clusters whose workers have GPUs
 * @param rayVersion the Ray version inside the images
 * @param headCpu CPU of the head pod (it schedules, it does not train)
 * @param headMemoryGi memory of the head pod
 * @param clusterDomain DNS suffix of services, for the dashboard URL
 * @param maxCpuPerUser ResourceQuota: CPU limit of a user's namespace, head pods included
 * @param maxMemoryGiPerUser ResourceQuota: memory limit of a user's namespace
 * @param maxGpusPerUser ResourceQuota: GPUs of a user's namespace
 * @param maxClustersPerUser ResourceQuota: RayClusters in a user's namespace
 * @param platformNamespace where Trainyard itself runs: a user's pods reach its gateway there and
 *     nothing else, and only its gateway and job-service reach their clusters' dashboards
 * @param platformRelease the {@code app.kubernetes.io/instance} label of Trainyard's own pods
 * @param tokenReader the service account (in the platform namespace) of the gateway and
 *     job-service, which read clusters' tokens; bound in each user namespace, never cluster-wide
 * @param tokenReaderRole the ClusterRole that lets it read Secrets, bound per user namespace
 */
@ConfigurationProperties("trainyard.kubernetes")
public record KubernetesProperties(
    String namespacePrefix,
    String rayImage,
    String gpuRayImage,
    String rayVersion,
    double headCpu,
    double headMemoryGi,
    String clusterDomain,
    double maxCpuPerUser,
    double maxMemoryGiPerUser,
    int maxGpusPerUser,
    int maxClustersPerUser,
    String platformNamespace,
    String platformRelease,
    String tokenReader,
    String tokenReaderRole) {

  public KubernetesProperties {
    namespacePrefix = namespacePrefix == null ? "ty-" : namespacePrefix;
    rayVersion = rayVersion == null ? "2.60.0" : rayVersion;
    rayImage = rayImage == null ? "trainyard/ray:" + rayVersion + "-cpu" : rayImage;
    gpuRayImage = gpuRayImage == null ? "trainyard/ray:" + rayVersion + "-gpu" : gpuRayImage;
    headCpu = headCpu <= 0 ? 1 : headCpu;
    headMemoryGi = headMemoryGi <= 0 ? 2 : headMemoryGi;
    clusterDomain = clusterDomain == null ? "cluster.local" : clusterDomain;
    maxCpuPerUser = maxCpuPerUser <= 0 ? 16 : maxCpuPerUser;
    maxMemoryGiPerUser = maxMemoryGiPerUser <= 0 ? 64 : maxMemoryGiPerUser;
    maxClustersPerUser = maxClustersPerUser <= 0 ? 3 : maxClustersPerUser;
    platformNamespace = platformNamespace == null ? "trainyard" : platformNamespace;
    platformRelease = platformRelease == null ? "trainyard" : platformRelease;
    tokenReader = tokenReader == null ? "trainyard-ray-caller" : tokenReader;
    tokenReaderRole = tokenReaderRole == null ? "trainyard-ray-token-reader" : tokenReaderRole;
  }
}
