package io.heimdall.mqtt.session;

import io.heimdall.inbox.store.InboxMessage;
import io.heimdall.inbox.store.InboxStoreWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.TreeSet;

/**
 * Feeds a persistent session from its inbox: fetches in sequence order while the client's receive maximum has
 * room, delivers through the session, and commits what is done with (QoS 0 once sent, QoS 1/2 once acknowledged),
 * so that whatever the client has not acknowledged is still in the inbox when it comes back. One fetch and one
 * commit in flight at a time; signals arriving meanwhile are folded into the next round. Use from the session's
 * context only.
 */
final class InboxConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);
  private static final int FETCH_MAX = 100;
  private static final long RETRY_MILLIS = 1_000;

  private final MqttSession session;
  private final long dupBelow;
  private final TreeSet<Long> unacked = new TreeSet<>();
  private final TreeSet<Long> released = new TreeSet<>();
  private boolean releasedChanged;
  private long q0Next;
  private long q1Next;
  private long q0Committed;
  private long q1Committed;
  private boolean fetching;
  private boolean fetchAgain;
  private boolean committing;
  private boolean commitAgain;

  InboxConsumer(MqttSession session, InboxStoreWire.AttachResult attached) {
    this.session = session;
    this.q0Next = attached.q0Commit();
    this.q1Next = attached.q1Commit();
    this.q0Committed = q0Next;
    this.q1Committed = q1Next;
    this.dupBelow = attached.q1Sent();
    released.addAll(attached.released());
    unacked.addAll(attached.released());
  }

  /** Messages may have arrived: fetch them. */
  void signal() {
    if (session.isClosed()) {
      return;
    }
    if (fetching) {
      fetchAgain = true;
      return;
    }
    int room = Math.min(FETCH_MAX, session.spec().receiveMaximum() - unacked.size());
    if (room <= 0) {
      // The next acknowledgement signals again.
      return;
    }
    fetching = true;
    fetchAgain = false;
    session.ctx().inbox().fetch(session.client().tenantId(), session.clientId(), q0Next, q1Next, room)
      .onComplete(ar -> {
        fetching = false;
        if (session.isClosed()) {
          return;
        }
        if (ar.failed()) {
          LOG.debug("fetching inbox of {} failed: {}", session.clientId(), ar.cause().getMessage());
          session.ctx().vertx().setTimer(RETRY_MILLIS, id -> signal());
          return;
        }
        InboxStoreWire.FetchResult fetched = ar.result();
        for (InboxMessage m : fetched.qos0()) {
          q0Next = m.seq() + 1;
          session.deliverFromInbox(m, false, false);
        }
        for (InboxMessage m : fetched.qos12()) {
          q1Next = m.seq() + 1;
          if (released.contains(m.seq())) {
            // Delivered already; the PUBREL sent at attach completes it.
            continue;
          }
          if (session.deliverFromInbox(m, true, m.seq() < dupBelow)) {
            unacked.add(m.seq());
          }
        }
        commit();
        if (fetchAgain || fetched.qos0().size() == room || fetched.qos12().size() == room) {
          signal();
        }
      });
  }

  /** The client is done with a QoS 1/2 message of the inbox. */
  void acknowledged(long seq) {
    unacked.remove(seq);
    releasedChanged |= released.remove(seq);
    commit();
    signal();
  }

  /** The client answered a QoS 2 message of the inbox with PUBREC: a reconnect must send PUBREL for it. */
  void released(long seq) {
    releasedChanged |= released.add(seq);
    commit();
  }

  /** QoS 1/2 messages below this were handed to the client: resent with DUP after a reconnect. */
  long q1Sent() {
    return q1Next;
  }

  private void commit() {
    long q1 = unacked.isEmpty() ? q1Next : unacked.first();
    if (q0Next == q0Committed && q1 == q1Committed && !releasedChanged) {
      return;
    }
    if (committing) {
      commitAgain = true;
      return;
    }
    committing = true;
    commitAgain = false;
    releasedChanged = false;
    long q0 = q0Next;
    session.ctx().inbox().commit(session.client().tenantId(), session.clientId(), q0, q1, List.copyOf(released))
      .onComplete(ar -> {
        committing = false;
        if (ar.succeeded()) {
          q0Committed = Math.max(q0Committed, q0);
          q1Committed = Math.max(q1Committed, q1);
        } else {
          // Not committed: the messages are redelivered after a reconnect, never lost.
          releasedChanged = true;
          LOG.debug("committing inbox of {} failed: {}", session.clientId(), ar.cause().getMessage());
        }
        if (commitAgain) {
          commit();
        }
      });
  }
}
