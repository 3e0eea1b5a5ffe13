package io.heimdall.dist.worker;

import java.util.List;

/**
 * The routes that matched one topic.
 *
 * @param topic  the topic
 * @param routes the matching routes
 */
public record RouteMatch(String topic, List<Route> routes) {
  /** Copies the list. */
  public RouteMatch {
    routes = List.copyOf(routes);
  }
}
