package io.heimdall.sessiondict;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/** Picks the session dict server that owns a session by rendezvous hashing, so a membership change moves few sessions. */
final class ShardRouter {
  private ShardRouter() {
  }

  /** The owning server among {@code servers} (non-empty). */
  static String owner(SessionKey key, List<String> servers) {
    String best = null;
    long bestScore = -1;
    for (String server : servers) {
      long score = score(server, key);
      if (score > bestScore || score == bestScore && server.compareTo(best) < 0) {
        best = server;
        bestScore = score;
      }
    }
    return best;
  }

  private static long score(String server, SessionKey key) {
    CRC32 crc = new CRC32();
    crc.update(server.getBytes(StandardCharsets.UTF_8));
    crc.update(0);
    crc.update(key.tenantId().getBytes(StandardCharsets.UTF_8));
    crc.update(0);
    crc.update(key.clientId().getBytes(StandardCharsets.UTF_8));
    // Mix the CRC so neighbouring inputs spread over the whole range.
    long h = crc.getValue() * 0x9E3779B97F4A7C15L;
    return (h ^ (h >>> 29)) & Long.MAX_VALUE;
  }
}
