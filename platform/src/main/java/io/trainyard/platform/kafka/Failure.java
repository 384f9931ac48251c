package io.trainyard.platform.kafka;

import io.trainyard.contracts.codec.InvalidEventException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one rule every consumer follows for a record that failed: what kind of failure it is decides
 * whether it is tried again, for how long, and whether it ends in {@code trainyard.dlq}.
 */
public enum Failure {
  /** Not an event of ours: dead-lettered at once, another try reads the same bytes. */
  UNREADABLE,
  /** A downstream system is down: retried with backoff until it passes, never dead-lettered. */
  OUTAGE,
  /** Names what is not known yet: retried for a bounded while, then dead-lettered. */
  UNRESOLVED,
  /** Fails the same way each time (data the database refuses, a bug): a few tries, then DLQ. */
  POISON;

  public static Failure of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidEventException) {
        return UNREADABLE;
      }
      if (t instanceof UnresolvedReferenceException) {
        return UNRESOLVED;
      }
      if (outage(t)) {
        return OUTAGE;
      }
    }
    return POISON;
  }

  private static boolean outage(Throwable t) {
    return t instanceof DownstreamUnavailableException
        || t instanceof EventPublisher.PublishFailedException
        || t instanceof TransientDataAccessException
        || t instanceof RecoverableDataAccessException
        || t instanceof DataAccessResourceFailureException
        || t instanceof CannotCreateTransactionException
        || t instanceof SQLTransientException
        || t instanceof SQLRecoverableException
        || (t instanceof SQLException sql && connectionLost(sql.getSQLState()))
        || t instanceof RetriableException
        || t instanceof ConnectException
        || t instanceof NoRouteToHostException
        || t instanceof SocketTimeoutException
        || t instanceof HttpConnectTimeoutException
        || t instanceof HttpTimeoutException;
  }

  /** SQLSTATE classes 08 (connection exception), 53 (resources), 57 (operator intervention). */
  private static boolean connectionLost(String state) {
    return state != null
        && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"));
  }
}
