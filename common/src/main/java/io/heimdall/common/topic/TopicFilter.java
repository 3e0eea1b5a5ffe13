package io.heimdall.common.topic;

/**
 * A validated subscription filter. Shared ({@code $share/<group>/<filter>}) and ordered shared
 * ({@code $oshare/<group>/<filter>}) subscriptions keep their group apart from the plain filter
 * that is matched against topics.
 *
 * @param raw    the filter as the client sent it
 * @param filter the filter matched against topic names
 * @param share  how the subscription is shared
 * @param group  the share group, null for {@link ShareKind#NONE}
 */
public record TopicFilter(String raw, String filter, ShareKind share, String group) {
  /** Prefix of shared subscriptions, delivered to one member of the group. */
  public static final String SHARE_PREFIX = "$share/";
  /** Prefix of ordered shared subscriptions: one member per publisher, so order is kept. */
  public static final String ORDERED_SHARE_PREFIX = "$oshare/";

  /** How a subscription is shared among a group. */
  public enum ShareKind {
    /** Every subscriber receives a copy. */
    NONE,
    /** One member of the group receives each message. */
    SHARED,
    /** One member of the group receives each message; messages of one publisher go to the same member. */
    ORDERED
  }

  /** True for {@code $share} and {@code $oshare} filters. */
  public boolean isShared() {
    return share != ShareKind.NONE;
  }

  /** True when the matched filter contains {@code +} or {@code #}. */
  public boolean hasWildcard() {
    return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
  }

  /** Parses and validates a filter; throws a {@link TopicException} naming the broken rule. */
  public static TopicFilter parse(String raw, TopicLimits limits) {
    if (raw == null || raw.isEmpty()) {
      throw new TopicException("topic filter must not be empty");
    }
    ShareKind share = ShareKind.NONE;
    String group = null;
    String filter = raw;
    if (raw.startsWith(SHARE_PREFIX) || raw.startsWith(ORDERED_SHARE_PREFIX)) {
      share = raw.startsWith(SHARE_PREFIX) ? ShareKind.SHARED : ShareKind.ORDERED;
      String rest = raw.substring(share == ShareKind.SHARED ? SHARE_PREFIX.length() : ORDERED_SHARE_PREFIX.length());
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        throw new TopicException("shared subscription needs a non-empty group and a filter: " + raw);
      }
      group = rest.substring(0, slash);
      if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
        throw new TopicException("share group must not contain wildcards: " + raw);
      }
      filter = rest.substring(slash + 1);
      if (filter.isEmpty()) {
        throw new TopicException("shared subscription needs a filter after the group: " + raw);
      }
    }
    TopicNames.checkCommon(raw, limits, "topic filter");
    checkWildcards(filter);
    return new TopicFilter(raw, filter, share, group);
  }

  /** True when {@link #parse} accepts the filter. */
  public static boolean isValid(String raw, TopicLimits limits) {
    try {
      parse(raw, limits);
      return true;
    } catch (TopicException e) {
      return false;
    }
  }

  private static void checkWildcards(String filter) {
    int levelStart = 0;
    for (int i = 0; i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (c == '/') {
        levelStart = i + 1;
      } else if (c == '+') {
        boolean alone = i == levelStart && (i + 1 == filter.length() || filter.charAt(i + 1) == '/');
        if (!alone) {
          throw new TopicException("'+' must occupy a whole level: " + filter);
        }
      } else if (c == '#') {
        if (i != levelStart || i + 1 != filter.length()) {
          throw new TopicException("'#' must be the last level on its own: " + filter);
        }
      }
    }
  }
}
