package io.heimdall.dist.worker;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/** Encodings of the dist.worker coprocessor's mutations and queries: {@code [version][op][body]}. */
public final class DistWorkerWire {
  /** Schema version. */
  public static final byte VERSION = 1;
  /** Mutation: add routes. */
  public static final byte OP_ADD = 1;
  /** Mutation: remove routes. */
  public static final byte OP_REMOVE = 2;
  /** Query: match topics of one tenant. */
  public static final byte OP_MATCH = 3;

  private DistWorkerWire() {
  }

  /** A route mutation. */
  public static byte[] mutation(byte op, List<Route> routes) {
    BufferWriter out = new BufferWriter().writeByte(VERSION).writeByte(op).writeInt(routes.size());
    for (Route r : routes) {
      out.writeString(r.tenantId()).writeString(r.rawFilter()).writeString(r.receiverServerId());
    }
    return out.buffer().getBytes();
  }

  /** A match query for topics of one tenant. */
  public static byte[] match(String tenantId, List<String> topics) {
    BufferWriter out = new BufferWriter().writeByte(VERSION).writeByte(OP_MATCH).writeString(tenantId)
      .writeInt(topics.size());
    topics.forEach(out::writeString);
    return out.buffer().getBytes();
  }

  static List<Route> readRoutes(BufferReader in) {
    int n = in.readCount();
    List<Route> routes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      routes.add(new Route(in.readString(), in.readString(), in.readString()));
    }
    return routes;
  }

  static List<String> readTopics(BufferReader in) {
    int n = in.readCount();
    List<String> topics = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      topics.add(in.readString());
    }
    return topics;
  }

  static byte[] matchResult(List<RouteMatch> matches) {
    BufferWriter out = new BufferWriter().writeInt(matches.size());
    for (RouteMatch m : matches) {
      out.writeString(m.topic()).writeInt(m.routes().size());
      for (Route r : m.routes()) {
        out.writeString(r.rawFilter()).writeString(r.receiverServerId());
      }
    }
    return out.buffer().getBytes();
  }

  /** Decodes the output of a match query of the tenant. */
  public static List<RouteMatch> readMatchResult(String tenantId, byte[] output) {
    BufferReader in = new BufferReader(Buffer.buffer(output));
    int n = in.readCount();
    List<RouteMatch> matches = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String topic = in.readString();
      int r = in.readCount();
      List<Route> routes = new ArrayList<>(r);
      for (int j = 0; j < r; j++) {
        routes.add(new Route(tenantId, in.readString(), in.readString()));
      }
      matches.add(new RouteMatch(topic, routes));
    }
    return matches;
  }

  /** Decodes the output of a mutation: how many routes it actually changed. */
  public static int readChanged(byte[] output) {
    return new BufferReader(Buffer.buffer(output)).readInt();
  }
}
