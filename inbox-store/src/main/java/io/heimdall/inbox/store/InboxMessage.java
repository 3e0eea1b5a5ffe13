package io.heimdall.inbox.store;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.Message;

import java.util.List;

/**
 * A message waiting in an inbox queue.
 *
 * @param seq       its sequence number in its queue
 * @param topic     the topic it was published to
 * @param filters   the inbox's raw filters it matched
 * @param publisher who published it
 * @param message   the message
 */
public record InboxMessage(long seq, String topic, List<String> filters, ClientInfo publisher, Message message) {
  /** Copies the filters. */
  public InboxMessage {
    filters = List.copyOf(filters);
  }
}
