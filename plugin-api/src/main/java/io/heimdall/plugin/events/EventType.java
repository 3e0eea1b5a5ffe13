package io.heimdall.plugin.events;

/** Kinds of events the broker reports. */
public enum EventType {
  CLIENT_CONNECTED,
  CLIENT_DISCONNECTED,
  CONNECT_REJECTED,
  KICKED,
  PROTOCOL_VIOLATION,
  SUBSCRIBED,
  UNSUBSCRIBED,
  PUB_DROPPED,
  WILL_PUBLISHED,
  PLUGIN_ERROR
}
