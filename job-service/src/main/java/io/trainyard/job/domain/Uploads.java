package io.trainyard.job.domain;

import io.trainyard.contracts.job.FileRef;
import java.util.Optional;

/** Checks uploaded files in the blob store before anything runs them. */
public interface Uploads {

  /** Why the user's code cannot be used, if it cannot. */
  Optional<String> codeProblem(FileRef code);

  /** Why the user's data cannot be used, if it cannot. */
  Optional<String> dataProblem(FileRef data);

  /** Whether {@code ref} is among {@code owner}'s uploads, not another user's or elsewhere. */
  boolean ownedBy(FileRef ref, String owner);
}
