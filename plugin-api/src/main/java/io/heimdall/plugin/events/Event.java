package io.heimdall.plugin.events;

import io.heimdall.common.message.ClientInfo;

import java.util.Map;

/**
 * Something that happened to a client.
 *
 * @param type      what happened
 * @param timestamp epoch milliseconds
 * @param client    the client, null before authentication named its tenant
 * @param detail    event-specific detail, e.g. a reason
 */
public record Event(EventType type, long timestamp, ClientInfo client, Map<String, String> detail) {
  /** Copies the detail. */
  public Event {
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }
}
