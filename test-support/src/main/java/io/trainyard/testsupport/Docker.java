package io.trainyard.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; without one the in-process and local parts are used. */
final class Docker {

  private static Boolean available;

  private Docker() {}

  static synchronized boolean available() {
    if (available == null) {
      if ("false".equals(System.getenv("TRAINYARD_TESTCONTAINERS"))) {
        available = false;
      } else {
        try {
          available = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
          available = false;
        }
      }
    }
    return available;
  }
}
