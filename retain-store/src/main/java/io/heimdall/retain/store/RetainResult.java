package io.heimdall.retain.store;

/** The typed outcome of a retain mutation; the ordinal is its wire form, so new values only go at the end. */
public enum RetainResult {
  /** The message is now the topic's retained message. */
  RETAINED,
  /** The topic has no retained message any more (an empty payload, or a message that had already expired). */
  CLEARED,
  /** The tenant already holds its limit of retained topics; nothing was changed. */
  EXCEED_LIMIT,
  /** The command could not be read or does not belong to the range; nothing was changed. */
  BAD_REQUEST,
  /** A garbage collection ran. */
  COLLECTED;

  /** The result for a wire byte; an unknown byte (a newer replica) reads as BAD_REQUEST. */
  public static RetainResult fromWire(byte b) {
    return b >= 0 && b < values().length ? values()[b] : BAD_REQUEST;
  }
}
