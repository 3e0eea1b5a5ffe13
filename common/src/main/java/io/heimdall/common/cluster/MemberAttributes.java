package io.heimdall.common.cluster;

/** Names of the Hazelcast member attributes every Heimdall process publishes about itself. */
public final class MemberAttributes {
  /** Operating-system process id of the member. */
  public static final String PID = "pid";

  private MemberAttributes() {
  }
}
