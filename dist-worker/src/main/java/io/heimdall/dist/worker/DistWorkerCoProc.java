package io.heimdall.dist.worker;

import io.heimdall.common.message.BufferReader;
import io.heimdall.common.message.BufferWriter;
import io.heimdall.kv.coproc.KVRangeCoProc;
import io.heimdall.kv.coproc.KVReader;
import io.heimdall.kv.coproc.KVWriter;
import io.heimdall.kv.range.Boundary;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The dist.worker logic inside one range replica: route mutations (deterministic, applied on
 * every replica) and topic matching on the replica's in-memory route index (local reads).
 */
final class DistWorkerCoProc implements KVRangeCoProc {
  private final Supplier<KVReader> latestReader;
  private RouteIndex index;

  DistWorkerCoProc(Supplier<KVReader> latestReader) {
    this.latestReader = latestReader;
  }

  @Override
  public synchronized CompletableFuture<byte[]> query(byte[] input, KVReader reader) {
    try {
      BufferReader in = new BufferReader(Buffer.buffer(input));
      checkHeader(in, DistWorkerWire.OP_MATCH);
      String tenant = in.readString();
      List<String> topics = DistWorkerWire.readTopics(in);
      RouteIndex routes = index();
      List<RouteMatch> matches = new ArrayList<>(topics.size());
      for (String topic : topics) {
        matches.add(new RouteMatch(topic, routes.match(tenant, topic)));
      }
      return CompletableFuture.completedFuture(DistWorkerWire.matchResult(matches));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public synchronized byte[] mutate(byte[] input, KVReader reader, KVWriter writer) {
    try {
      return apply(input, reader, writer);
    } catch (RuntimeException e) {
      // A malformed command must not stop the state machine; every replica fails it the same way,
      // and the index is rebuilt from the (unchanged) data on next use.
      index = null;
      return changed(0);
    }
  }

  private byte[] apply(byte[] input, KVReader reader, KVWriter writer) {
    BufferReader in = new BufferReader(Buffer.buffer(input));
    byte version = in.readByte();
    byte op = in.readByte();
    if (version != DistWorkerWire.VERSION || op != DistWorkerWire.OP_ADD && op != DistWorkerWire.OP_REMOVE) {
      return changed(0);
    }
    List<Route> routes = DistWorkerWire.readRoutes(in);
    RouteIndex routeIndex = index();
    int changed = 0;
    for (Route route : routes) {
      byte[] key = RouteKeys.key(route);
      if (!reader.boundary().contains(key)) {
        continue;
      }
      boolean exists = reader.exist(key);
      if (op == DistWorkerWire.OP_ADD && !exists) {
        writer.put(key, new byte[0]);
        routeIndex.add(route);
        changed++;
      } else if (op == DistWorkerWire.OP_REMOVE && exists) {
        writer.delete(key);
        routeIndex.remove(route);
        changed++;
      }
    }
    return changed(changed);
  }

  private static byte[] changed(int count) {
    return new BufferWriter().writeInt(count).buffer().getBytes();
  }

  @Override
  public synchronized void reset(Boundary boundary) {
    index = null;
  }

  private RouteIndex index() {
    if (index == null) {
      index = RouteIndex.load(latestReader.get());
    }
    return index;
  }

  private static void checkHeader(BufferReader in, byte expectedOp) {
    byte version = in.readByte();
    byte op = in.readByte();
    if (version != DistWorkerWire.VERSION || op != expectedOp) {
      throw new IllegalArgumentException("unsupported dist.worker query " + version + "/" + op);
    }
  }
}
