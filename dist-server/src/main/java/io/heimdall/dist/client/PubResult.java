package io.heimdall.dist.client;

/** What became of one published message. */
public enum PubResult {
  /** Matched at least one route and was handed on. */
  OK,
  /** No route matched the topic. */
  NO_MATCH,
  /** Dist could not take it (unreachable, overloaded or failed); the publisher may retry. */
  ERROR;

  /** Wire form. */
  public byte wire() {
    return (byte) ordinal();
  }

  /** Reads the wire form; unknown values read as ERROR. */
  public static PubResult fromWire(byte b) {
    return b >= 0 && b < values().length ? values()[b] : ERROR;
  }
}
