package io.heimdall.common.message;

/** Event-bus addresses of mqtt-server nodes and the operation byte that opens every request to them. */
public final class BrokerAddress {
  /** Version of the request schema; the first byte of every request. */
  public static final byte VERSION = 1;
  /** Operation: disconnect a session that a newer one took over. */
  public static final byte OP_KICK = 1;
  /** Operation: deliver matched messages to local subscribers. */
  public static final byte OP_DELIVER = 2;
  /** Operation: messages arrived in the inbox of a persistent session attached here (body: tenant, inbox id). */
  public static final byte OP_INBOX_SIGNAL = 3;

  private BrokerAddress() {
  }

  /** The address of one mqtt-server node. */
  public static String of(String serverId) {
    return "mqtt.broker." + serverId;
  }
}
